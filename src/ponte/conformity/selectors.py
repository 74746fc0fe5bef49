"""Reads of the conformity database, planned: a list is one query plus a constant number, whatever its length.

What a reader sees is ``rules``' answer as a queryset: valid and expired declarations for everyone, withdrawn ones
for the secretariat and the lab's own representatives. A product is listed when a declaration the reader sees
matches the filters; its row shows those declarations.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from ponte.conformity.models import Declaration, DeclarationStatus, Manufacturer, Product, TestLab
from ponte.core.models import Country
from ponte.core.rules import scopes_of
from ponte.standards.models import Recommendation

VALIDITIES = ("valid", "expired", "withdrawn")
SECTOR_PREFIX = re.compile(r"^\s*(ITU-[A-Z])(?:\s+|\b)(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Filters:
    """The search of the list page, the export and the API: every field optional."""

    text: str = ""
    recommendation: str = ""
    lab: int | None = None
    country: str = ""
    category: str = ""
    validity: str = ""


@dataclass(frozen=True)
class ProductRow:
    """A product as a list shows it: its declarations and what they add up to."""

    product: Product
    declarations: list[Declaration]
    recommendations: list[Recommendation]
    labs: list[TestLab]
    status: DeclarationStatus | None
    valid_until: datetime.date | None


# --- Recommendations named as people write them ----------------------------------------------------------------


def identifier_key(identifier: str) -> str:
    """An identifier compared without case, spaces or dots: "H.702", "h702" and "H 702" alike."""
    return re.sub(r"[\s.]", "", identifier).casefold()


def split_reference(text: str) -> tuple[str, str]:
    """("ITU-T", "H.702") from "ITU-T H.702"; ("", "H.702") when the sector is not written."""
    match = SECTOR_PREFIX.match(text)
    if match and match.group(2).strip():
        return match.group(1).upper(), match.group(2).strip()
    return "", text.strip()


def recommendations_named(text: str) -> QuerySet[Recommendation]:
    """The Recommendations that "H.702", "ITU-T H.702" or "h702" names (several sectors may share an identifier)."""
    sector, identifier = split_reference(text)
    key = identifier_key(identifier)
    if not key:
        return Recommendation.objects.none()
    found = Recommendation.objects.annotate(
        key=Replace(Replace(Lower("identifier"), Value(" "), Value("")), Value("."), Value(""))
    ).filter(key=key)
    return found.filter(sector__code__iexact=sector) if sector else found


# --- Declarations and products ---------------------------------------------------------------------------------


def visible_declarations(user: Any) -> QuerySet[Declaration]:
    """The declarations the account may read (``conformity.view_declaration`` as a query)."""
    scopes = scopes_of(user)
    declarations = Declaration.objects.all()
    if scopes.secretariat:
        return declarations
    own_lab = Q(lab__organisation_id__in=scopes.organisations) if scopes.organisations else Q(pk__in=[])
    return declarations.filter(Q(withdrawn_on__isnull=True) | own_lab)


def declarations_matching(*, user: Any, filters: Filters, today: datetime.date | None = None) -> QuerySet[Declaration]:
    """The declarations the account reads that match every filter given."""
    today = today or timezone.localdate()
    found = visible_declarations(user)
    if filters.text:
        products = Product.objects.filter(
            Q(name__icontains=filters.text)
            | Q(model__icontains=filters.text)
            | Q(manufacturer__name__icontains=filters.text)
        )
        found = found.filter(Q(product__in=products) | Q(report_reference__icontains=filters.text))
    if filters.recommendation:
        through = Declaration.recommendations.through.objects.filter(
            declaration_id=OuterRef("pk"), recommendation__in=recommendations_named(filters.recommendation)
        )
        found = found.filter(Exists(through))
    if filters.lab is not None:
        found = found.filter(lab_id=filters.lab)
    if filters.country:
        found = found.filter(product__manufacturer__country__alpha3=filters.country.upper())
    if filters.category:
        found = found.filter(product__category=filters.category)
    if filters.validity == "valid":
        found = found.filter(withdrawn_on__isnull=True, valid_until__gte=today)
    elif filters.validity == "expired":
        found = found.filter(withdrawn_on__isnull=True, valid_until__lt=today)
    elif filters.validity == "withdrawn":
        found = found.filter(withdrawn_on__isnull=False)
    return found


def _shown(declarations: QuerySet[Declaration]) -> Prefetch[Any]:
    return Prefetch(
        "declarations",
        queryset=declarations.select_related("lab")
        .prefetch_related(_recommendations())
        .order_by("-valid_until", "report_reference"),
        to_attr="shown_declarations",
    )


def _recommendations() -> Prefetch[Any]:
    return Prefetch("recommendations", queryset=Recommendation.objects.select_related("sector"))


def products_matching(*, user: Any, filters: Filters) -> QuerySet[Product]:
    """Products with a matching declaration, by manufacturer and model; ``shown_declarations`` holds those."""
    declarations = declarations_matching(user=user, filters=filters)
    return (
        Product.objects.filter(pk__in=declarations.values("product_id"))
        .select_related("manufacturer__country")
        .prefetch_related(_shown(declarations))
        .order_by("manufacturer__name", "model", "pk")
    )


def product_detail(*, user: Any, pk: int) -> Product | None:
    """A product with every declaration the account reads (``shown_declarations``); None when it reads none."""
    declarations = visible_declarations(user)
    product = (
        Product.objects.select_related("manufacturer__country")
        .prefetch_related(_shown(declarations))
        .filter(pk=pk)
        .first()
    )
    if product is None or not (product.shown_declarations or scopes_of(user).secretariat):  # type: ignore[attr-defined]
        return None
    return product


def product_row(product: Product, today: datetime.date | None = None) -> ProductRow:
    """What a product's shown declarations add up to: valid if one is, else expired, else withdrawn."""
    today = today or timezone.localdate()
    declarations: list[Declaration] = getattr(product, "shown_declarations", [])
    recommendations: dict[int, Recommendation] = {}
    labs: dict[int, TestLab] = {}
    for declaration in declarations:
        labs.setdefault(declaration.lab_id, declaration.lab)
        for recommendation in declaration.recommendations.all():
            recommendations.setdefault(recommendation.pk, recommendation)
    by_status: dict[DeclarationStatus, list[Declaration]] = {}
    for declaration in declarations:
        by_status.setdefault(declaration.status_on(today), []).append(declaration)
    status = next((s for s in DeclarationStatus if s in by_status), None)
    until = max((d.valid_until for d in by_status[status]), default=None) if status else None
    ordered = sorted(recommendations.values(), key=lambda r: (r.sector.code, identifier_key(r.identifier)))
    return ProductRow(product, declarations, ordered, list(labs.values()), status, until)


def declarations_for_export(*, user: Any, filters: Filters) -> QuerySet[Declaration]:
    """The matching declarations with what a file row needs, in a stable order."""
    return (
        declarations_matching(user=user, filters=filters)
        .select_related("lab", "product__manufacturer__country")
        .prefetch_related(_recommendations())
        .order_by("lab__name", "report_reference")
    )


def conforming_products(*, recommendation: Recommendation, limit: int = 20) -> list[Product]:
    """Products with a valid declaration of conformity to a Recommendation (for its page), by manufacturer."""
    today = timezone.localdate()
    valid = Declaration.objects.filter(
        recommendations=recommendation, withdrawn_on__isnull=True, valid_until__gte=today
    )
    return list(
        Product.objects.filter(pk__in=valid.values("product_id"))
        .select_related("manufacturer")
        .order_by("manufacturer__name", "model")[:limit]
    )


# --- The lab registry and the filters' choices -----------------------------------------------------------------


def lab_registry() -> QuerySet[TestLab]:
    """Every lab with its country, organisation, scope and number of public declarations."""
    return (
        TestLab.objects.select_related("country", "organisation")
        .prefetch_related(Prefetch("scope", queryset=Recommendation.objects.select_related("sector")))
        .annotate(declaration_count=Count("declarations", filter=Q(declarations__withdrawn_on__isnull=True)))
        .order_by("name")
    )


def lab_choices() -> list[tuple[int, str]]:
    return list(TestLab.objects.order_by("name").values_list("pk", "name"))


def manufacturer_countries() -> QuerySet[Country]:
    """The countries where manufacturers are based, for the country filter."""
    return Country.objects.filter(alpha3__in=Manufacturer.objects.values("country__alpha3")).order_by("name")


def manufacturer_names() -> list[str]:
    return list(Manufacturer.objects.order_by("name").values_list("name", flat=True))


def scope_of_labs(labs: list[TestLab]) -> QuerySet[Recommendation]:
    """The Recommendations in the scope of any of the labs, to choose from on the form."""
    return (
        Recommendation.objects.filter(test_labs__in=[lab.pk for lab in labs])
        .select_related("sector")
        .distinct()
        .order_by("sector__code", "identifier")
    )


def sees_withdrawn(user: Any) -> bool:
    """Whether the account may see some withdrawn declarations (the secretariat, a lab's representatives)."""
    scopes = scopes_of(user)
    if scopes.secretariat:
        return True
    return bool(scopes.organisations) and TestLab.objects.filter(organisation_id__in=scopes.organisations).exists()
