"""Conformity API: the products and their declarations (filters of the list page), each declaration, the lab
registry and each lab, and recording or withdrawing a declaration.

Permissions are the pages' (``ponte.conformity.rules``): everyone reads valid and expired declarations; withdrawn
ones are the secretariat's and the lab's own. The secretariat and the representatives of an accredited lab write
(401 without a session, 403 for anyone else, 422 with the errors per field).

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ponte.conformity import selectors, services
from ponte.conformity.models import Declaration, TestLab
from ponte.conformity.schemas import (
    DeclarationDetailOut,
    DeclarationIn,
    DeclarationOut,
    LabOut,
    ProductFilter,
    ProductOut,
    WithdrawIn,
)
from ponte.core.actions import require_request
from ponte.core.models import Country
from ponte.core.pagination import LimitOffsetPagination
from ponte.tokens.auth import session_or_token

router = Router(tags=["conformity"])


@router.get("/products", response=list[ProductOut])
@paginate(LimitOffsetPagination)
def list_products(request: HttpRequest, filters: Query[ProductFilter]) -> Any:
    """Products with a declaration matching the filters (by manufacturer and model), each with those declarations.
    Limit and offset: products are the few thousand that labs test against ITU-T Recommendations."""
    return selectors.products_matching(user=request.user, filters=filters.filters())


@router.get("/products/{product_id}", response=ProductOut)
def get_product(request: HttpRequest, product_id: int) -> Any:
    """A product with every declaration you may read."""
    product = selectors.product_detail(user=request.user, pk=product_id)
    if product is None:
        raise Http404
    return product


@router.get("/labs", response=list[LabOut])
@paginate(LimitOffsetPagination)
def list_labs(request: HttpRequest) -> Any:
    """The registry of test labs: accreditation, scope, and how many public declarations each has. Limit and offset:
    a registry of a few hundred labs."""
    return selectors.lab_registry()


@router.get("/labs/{lab_id}", response=LabOut)
def get_lab(request: HttpRequest, lab_id: int) -> Any:
    """A test lab as the registry shows it, for everyone: accreditation, scope, and how many public declarations it
    has (list them with ``/declarations?lab=``)."""
    lab = selectors.lab_registry().filter(pk=lab_id).first()
    if lab is None:
        raise Http404
    return lab


# The lab's id after its name: two labs may share a name, and a lab's report references are unique.
DECLARATION_ORDER = ("lab__name", "lab_id", "report_reference")


@router.get("/declarations", response=list[DeclarationDetailOut])
@paginate(LimitOffsetPagination)
def list_declarations(request: HttpRequest, filters: Query[ProductFilter]) -> Any:
    """The declarations you may read that match the filters of the list page, with their products, by lab and report
    reference: those of the export files. Everyone reads valid and expired ones; withdrawn ones are the
    secretariat's and the lab's own representatives' (``?lab=…&validity=withdrawn`` for a lab's). Limit and offset:
    the few thousand declarations of the database."""
    declarations = selectors.declarations_for_export(user=request.user, filters=filters.filters())
    return declarations.order_by(*DECLARATION_ORDER)


@router.get("/declarations/{declaration_id}", response=DeclarationDetailOut)
def get_declaration(request: HttpRequest, declaration_id: int) -> Any:
    """A declaration with its product, if you may read it: everyone reads valid and expired ones; a withdrawn one
    (with the reason) is the secretariat's and its lab's representatives', "not found" for others."""
    visible = selectors.declarations_for_export(user=request.user, filters=selectors.Filters())
    declaration = visible.filter(pk=declaration_id).first()
    if declaration is None:
        raise Http404
    return declaration


def _entry(payload: DeclarationIn) -> services.Entry:
    """The payload's lab, country and Recommendations found, or 422 with every one that is not."""
    errors: dict[str, str] = {}
    lab = TestLab.objects.filter(pk=payload.lab).first()
    if lab is None:
        errors["lab"] = _("No test lab has this id.")
    country = Country.objects.filter(alpha3=payload.manufacturer_country.strip().upper()).first()
    if country is None:
        errors["manufacturer_country"] = _("Unknown country: give the ISO 3166 alpha-3 code, e.g. KOR.")
    recommendations = []
    for label in payload.recommendations:
        found = list(selectors.recommendations_named(label).select_related("sector")[:2])
        if len(found) != 1:
            if found:
                reason = _("%(name)s is an identifier in several sectors: write the sector, e.g. ITU-T %(name)s.")
            else:
                reason = _("Unknown Recommendation %(name)s: write it like ITU-T H.702.")
            errors["recommendations"] = reason % {"name": label}
            break
        recommendations.append(found[0])
    if errors or lab is None or country is None:
        raise ValidationError(errors)
    return services.Entry(
        lab=lab,
        manufacturer=payload.manufacturer,
        manufacturer_country=country,
        model=payload.model,
        product=payload.product,
        category=payload.category,
        recommendations=tuple(recommendations),
        report_reference=payload.report_reference,
        report_date=payload.report_date,
        valid_until=payload.valid_until,
        description=payload.description,
    )


@router.post("/declarations", response={201: DeclarationOut}, auth=session_or_token)
def record_declaration(request: HttpRequest, payload: DeclarationIn) -> Any:
    """Record a declaration of a lab you act for (the secretariat: any lab); the product is found by manufacturer
    and model, or added. 422 when the lab was not accredited on the report date, or its scope does not cover a
    Recommendation, or the lab has this report reference already."""
    require_request(request, "conformity.add_declaration")
    declaration = services.record_declaration(actor=request.user, entry=_entry(payload))
    return Status(201, declaration)


@router.post("/declarations/{declaration_id}/withdraw", response=DeclarationOut, auth=session_or_token)
def withdraw_declaration(request: HttpRequest, declaration_id: int, payload: WithdrawIn) -> Any:
    """Withdraw a declaration of a lab you act for, saying why."""
    declaration = Declaration.objects.select_related("lab").filter(pk=declaration_id).first()
    if declaration is None or not request.user.has_perm("conformity.view_declaration", declaration):
        raise Http404
    return services.withdraw_declaration(actor=request.user, declaration=declaration, reason=payload.reason)
