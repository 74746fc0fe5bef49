"""The conformity database (Resolution 44): every write of the app.

It owns the test-lab registry, manufacturers, products, and the declarations that a product conforms to
Recommendations, each backed by a lab's test report. One rule decides whether a declaration is accepted
(``declaration_errors``: the lab's accreditation is current on the report date and its scope covers the
Recommendations); the pages, the API and the file import all go through ``record_declaration`` /
``save_declaration`` / ``change_declaration``, which check it, ask ``rules`` who may act, and keep the history
with the acting user and a namespaced reason (``conformity.declaration.recorded``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ponte.conformity.models import (
    Declaration,
    Manufacturer,
    Product,
    ProductCategory,
    TestLab,
    check_line,
)
from ponte.core.actions import require, save_with_history
from ponte.core.models import Country, Organisation
from ponte.standards.models import Recommendation

# The longest text each field of an entry may hold (the models' max_length).
LIMITS = {
    "manufacturer": 200,
    "model": 100,
    "product": 200,
    "report_reference": 60,
    "description": 5000,
    "reason": 300,
}
MAX_RECOMMENDATIONS = 50


class Outcome(StrEnum):
    """What saving an entry did to the database."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Entry:
    """What a declaration says, as a page, the API or a row of a file gives it (the file's column names).

    ``description`` is the product's; ``None`` leaves it as it is (files carry no description).
    """

    lab: TestLab
    manufacturer: str
    manufacturer_country: Country
    model: str
    product: str
    category: str
    recommendations: tuple[Recommendation, ...]
    report_reference: str
    report_date: datetime.date
    valid_until: datetime.date
    description: str | None = None

    def normalised(self) -> Entry:
        """Runs of spaces made one (names are compared and stored so); the description is kept as written."""
        return replace(
            self,
            manufacturer=one_line(self.manufacturer),
            model=one_line(self.model),
            product=one_line(self.product),
            report_reference=one_line(self.report_reference),
            description=None if self.description is None else self.description.strip(),
            recommendations=tuple(dict.fromkeys(self.recommendations)),
        )


def one_line(value: str) -> str:
    return " ".join(value.split())


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _label(recommendation: Recommendation) -> str:
    return f"{recommendation.sector.code} {recommendation.identifier}"


# --- The rule of acceptance ------------------------------------------------------------------------------------


def declaration_errors(
    *,
    lab: TestLab,
    recommendations: Sequence[Recommendation],
    report_date: datetime.date,
    valid_until: datetime.date,
    scope: Iterable[int] | None = None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Why a lab's report cannot back a declaration, per field (none: accepted).

    The report is not dated in the future, the validity ends on or after it, the lab's accreditation was current
    on the report date and its scope covers every Recommendation. ``scope`` (the ids of the lab's scope) saves a
    query when the caller has it.
    """
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if report_date > today:
        errors["report_date"] = _("The report date cannot be in the future.")
    elif not lab.is_accredited_on(report_date):
        if lab.accredited_from:
            message = _(
                "%(lab)s was not accredited on the report date: its accreditation runs from %(start)s to %(end)s."
            ) % {"lab": lab.name, "start": _date(lab.accredited_from), "end": _date(lab.accredited_until)}
        else:
            message = _("%(lab)s was not accredited on the report date: its accreditation ended on %(end)s.") % {
                "lab": lab.name,
                "end": _date(lab.accredited_until),
            }
        errors["report_date"] = message
    if valid_until < report_date:
        errors["valid_until"] = _("The validity cannot end before the report date.")
    if not recommendations:
        errors["recommendations"] = _("Name at least one Recommendation the product conforms to.")
    elif len(recommendations) > MAX_RECOMMENDATIONS:
        errors["recommendations"] = _("At most %(count)s Recommendations per declaration.") % {
            "count": MAX_RECOMMENDATIONS
        }
    else:
        covered = set(scope) if scope is not None else set(lab.scope.values_list("pk", flat=True))
        outside = [_label(recommendation) for recommendation in recommendations if recommendation.pk not in covered]
        if outside:
            errors["recommendations"] = _("Outside the accreditation scope of %(lab)s: %(recommendations)s.") % {
                "lab": lab.name,
                "recommendations": ", ".join(outside),
            }
    return errors


def entry_errors(entry: Entry, *, scope: Iterable[int] | None = None) -> dict[str, str]:
    """Every problem of an entry, per field: its texts, category, and the rule of acceptance."""
    errors: dict[str, str] = {}
    required = {
        "manufacturer": _("Write the manufacturer's name."),
        "model": _("Write the model, as printed on the product."),
        "product": _("Write the product's name."),
        "report_reference": _("Write the test report's reference."),
    }
    for field, missing in required.items():
        value: str = getattr(entry, field)
        if not value:
            errors[field] = missing
            continue
        problem = text_problem(value, LIMITS[field])
        if problem:
            errors[field] = problem
    if entry.description is not None and len(entry.description) > LIMITS["description"]:
        errors["description"] = _("At most %(count)s characters.") % {"count": LIMITS["description"]}
    if entry.category not in ProductCategory.values:
        errors["category"] = _("Choose one of the categories.")
    errors.update(
        {
            field: message
            for field, message in declaration_errors(
                lab=entry.lab,
                recommendations=entry.recommendations,
                report_date=entry.report_date,
                valid_until=entry.valid_until,
                scope=scope,
            ).items()
            if field not in errors
        }
    )
    return errors


def text_problem(value: str, limit: int) -> str | None:
    """Why a one-line text is refused, or None."""
    if len(value) > limit:
        return _("At most %(count)s characters.") % {"count": limit}
    try:
        check_line(value)
    except ValidationError as error:
        return str(error.messages[0])
    return None


# --- Declarations ----------------------------------------------------------------------------------------------


@transaction.atomic
def record_declaration(*, actor: Any, entry: Entry) -> Declaration:
    """A new declaration of a lab (the manufacturer and product found, or added); refused when the lab has a
    declaration with this report reference already."""
    declaration, _outcome = _save(actor=actor, entry=entry, create_only=True)
    return declaration


@transaction.atomic
def save_declaration(*, actor: Any, entry: Entry) -> tuple[Declaration, Outcome]:
    """Create or update the lab's declaration with this report reference (a file row): nothing is written when
    nothing changes. ``actor`` is None for the management command."""
    return _save(actor=actor, entry=entry, create_only=False)


@transaction.atomic
def change_declaration(
    *,
    actor: Any,
    declaration: Declaration,
    recommendations: Sequence[Recommendation],
    report_reference: str,
    report_date: datetime.date,
    valid_until: datetime.date,
    product: str,
    category: str,
    description: str | None = None,
) -> Declaration:
    """Correct a declaration and its product's name, category and description (lab, manufacturer and model stay)."""
    require(actor, "conformity.change_declaration", declaration)
    current = declaration.product
    entry = Entry(
        lab=declaration.lab,
        manufacturer=current.manufacturer.name,
        manufacturer_country=current.manufacturer.country,
        model=current.model,
        product=product,
        category=category,
        recommendations=tuple(recommendations),
        report_reference=report_reference,
        report_date=report_date,
        valid_until=valid_until,
        description=description,
    )
    saved, _outcome = _save(actor=actor, entry=entry, create_only=False, declaration=declaration)
    return saved


@transaction.atomic
def withdraw_declaration(*, actor: Any, declaration: Declaration, reason: str) -> Declaration:
    """Withdraw a declaration from today (kept, marked withdrawn, seen only by the secretariat and the lab)."""
    require(actor, "conformity.change_declaration", declaration)
    reason = one_line(reason)
    if declaration.withdrawn_on is not None:
        raise ValidationError(_("This declaration is withdrawn already."), code="withdrawn")
    problem = _("Say why it is withdrawn.") if not reason else text_problem(reason, LIMITS["reason"])
    if problem:
        raise ValidationError({"reason": problem}, code="reason")
    declaration.withdrawn_on = timezone.localdate()
    declaration.withdrawal_reason = reason
    save_with_history(declaration, "conformity.declaration.withdrawn", actor)
    return declaration


@transaction.atomic
def restore_declaration(*, actor: Any, declaration: Declaration) -> Declaration:
    """Undo a withdrawal (a mistake): the declaration is public again, valid or expired by its dates."""
    require(actor, "conformity.change_declaration", declaration)
    if declaration.withdrawn_on is None:
        raise ValidationError(_("This declaration is not withdrawn."), code="not_withdrawn")
    declaration.withdrawn_on = None
    declaration.withdrawal_reason = ""
    save_with_history(declaration, "conformity.declaration.restored", actor)
    return declaration


def _save(
    *, actor: Any, entry: Entry, create_only: bool, declaration: Declaration | None = None
) -> tuple[Declaration, Outcome]:
    if actor is not None:
        require(actor, "conformity.record_for_lab", entry.lab)
    entry = entry.normalised()
    errors = entry_errors(entry)
    if declaration is None:
        declaration = (
            Declaration.objects.select_related("product")
            .filter(lab=entry.lab, report_reference=entry.report_reference)
            .first()
        )
        if declaration is not None and create_only:
            errors.setdefault(
                "report_reference",
                _("%(lab)s has a declaration with this report reference already.") % {"lab": entry.lab.name},
            )
    elif (
        Declaration.objects.filter(lab=declaration.lab_id, report_reference=entry.report_reference)
        .exclude(pk=declaration.pk)
        .exists()
    ):
        errors.setdefault(
            "report_reference",
            _("%(lab)s has another declaration with this report reference.") % {"lab": entry.lab.name},
        )
    if errors and not create_only and declaration is not None and _matches(entry, declaration):
        # A row exported and imported back untouched writes nothing: it stands, even if a lab's accreditation
        # was renewed since with a later start, or its scope narrowed.
        return declaration, Outcome.UNCHANGED
    if errors:
        raise ValidationError(errors, code="invalid")
    manufacturer, made = _manufacturer(actor, entry)
    product, product_outcome = _product(actor, entry, manufacturer)
    declaration, outcome = _declaration(actor, entry, product, declaration)
    if outcome == Outcome.UNCHANGED and (made or product_outcome != Outcome.UNCHANGED):
        outcome = Outcome.UPDATED
    return declaration, outcome


def matches_record(entry: Entry) -> bool:
    """The entry says exactly what the lab's declaration with its report reference says (saving it writes nothing)."""
    entry = entry.normalised()
    declaration = Declaration.objects.filter(lab=entry.lab, report_reference=entry.report_reference).first()
    return declaration is not None and _matches(entry, declaration)


def _matches(entry: Entry, declaration: Declaration) -> bool:
    product = Product.objects.select_related("manufacturer").get(pk=declaration.product_id)
    manufacturer = product.manufacturer
    return (
        declaration.lab_id == entry.lab.pk
        and declaration.report_reference == entry.report_reference
        and declaration.report_date == entry.report_date
        and declaration.valid_until == entry.valid_until
        and set(declaration.recommendations.values_list("pk", flat=True))
        == {recommendation.pk for recommendation in entry.recommendations}
        and manufacturer.name.casefold() == entry.manufacturer.casefold()
        and manufacturer.country_id == entry.manufacturer_country.pk
        and product.model.casefold() == entry.model.casefold()
        and (product.name, product.category) == (entry.product, entry.category)
        and entry.description in (None, product.description)
    )


def _manufacturer(actor: Any, entry: Entry) -> tuple[Manufacturer, bool]:
    """The manufacturer of that name (whatever its case), or a new one; a known one keeps its country."""
    manufacturer = Manufacturer.objects.select_related("country").filter(name__iexact=entry.manufacturer).first()
    if manufacturer is None:
        manufacturer = Manufacturer(name=entry.manufacturer, country=entry.manufacturer_country)
        save_with_history(manufacturer, "conformity.manufacturer.created", actor)
        return manufacturer, True
    if manufacturer.country_id != entry.manufacturer_country.pk:
        message = _("%(name)s is recorded in %(country)s (%(code)s): write that country, or ask the secretariat.")
        raise ValidationError(
            {
                "manufacturer_country": message
                % {
                    "name": manufacturer.name,
                    "country": manufacturer.country.name,
                    "code": manufacturer.country.alpha3,
                }
            },
            code="manufacturer_country",
        )
    return manufacturer, False


def _product(actor: Any, entry: Entry, manufacturer: Manufacturer) -> tuple[Product, Outcome]:
    """The manufacturer's product of that model (whatever its case), created or brought up to the entry."""
    product = Product.objects.filter(manufacturer=manufacturer, model__iexact=entry.model).first()
    if product is None:
        product = Product(
            manufacturer=manufacturer,
            model=entry.model,
            name=entry.product,
            category=entry.category,
            description=entry.description or "",
        )
        save_with_history(product, "conformity.product.created", actor)
        return product, Outcome.CREATED
    wanted = {"name": entry.product, "category": entry.category}
    if entry.description is not None:
        wanted["description"] = entry.description
    changes = {field: value for field, value in wanted.items() if getattr(product, field) != value}
    if not changes:
        return product, Outcome.UNCHANGED
    if actor is not None and not actor.has_perm("conformity.change_product", product):
        message = _(
            "This model is recorded as “%(name)s” (%(category)s): write it so, or ask the secretariat to change it."
        ) % {"name": product.name, "category": product.get_category_display()}
        field = "product" if "name" in changes else next(iter(changes))
        raise ValidationError({field: message}, code="product_recorded")
    for field, value in changes.items():
        setattr(product, field, value)
    save_with_history(product, "conformity.product.changed", actor)
    return product, Outcome.UPDATED


def _declaration(
    actor: Any, entry: Entry, product: Product, declaration: Declaration | None
) -> tuple[Declaration, Outcome]:
    wanted_recommendations = {recommendation.pk for recommendation in entry.recommendations}
    if declaration is None:
        declaration = Declaration(
            product=product,
            lab=entry.lab,
            report_reference=entry.report_reference,
            report_date=entry.report_date,
            valid_until=entry.valid_until,
            entered_by=actor if actor is not None and actor.is_authenticated else None,
        )
        save_with_history(declaration, "conformity.declaration.recorded", actor)
        declaration.recommendations.set(entry.recommendations)
        return declaration, Outcome.CREATED
    values = {
        "product_id": product.pk,
        "report_reference": entry.report_reference,
        "report_date": entry.report_date,
        "valid_until": entry.valid_until,
    }
    changes = {field: value for field, value in values.items() if getattr(declaration, field) != value}
    current_recommendations = set(declaration.recommendations.values_list("pk", flat=True))
    if not changes and current_recommendations == wanted_recommendations:
        return declaration, Outcome.UNCHANGED
    for field, value in changes.items():
        setattr(declaration, field, value)
    if changes:
        save_with_history(declaration, "conformity.declaration.changed", actor)
    if current_recommendations != wanted_recommendations:
        # simple_history records the new list in a history row of its own, with this reason and user.
        declaration._change_reason = "conformity.declaration.changed"  # type: ignore[attr-defined]
        if actor is not None and actor.is_authenticated:
            declaration._history_user = actor  # type: ignore[attr-defined]
        declaration.recommendations.set(entry.recommendations)
    return declaration, Outcome.UPDATED


# --- The lab registry ------------------------------------------------------------------------------------------


@transaction.atomic
def register_lab(
    *,
    actor: Any,
    name: str,
    country: Country,
    accreditation_body: str,
    accreditation_number: str,
    accredited_until: datetime.date,
    scope: Iterable[Recommendation],
    accredited_from: datetime.date | None = None,
    organisation: Organisation | None = None,
    is_itu_recognised: bool = False,
    website: str = "",
) -> TestLab:
    """Add a test lab to the registry with its accreditation and scope (the secretariat's)."""
    require(actor, "conformity.manage_labs")
    lab = TestLab(
        name=one_line(name),
        country=country,
        organisation=organisation,
        accreditation_body=one_line(accreditation_body),
        accreditation_number=one_line(accreditation_number),
        accredited_from=accredited_from,
        accredited_until=accredited_until,
        is_itu_recognised=is_itu_recognised,
        website=website,
    )
    save_with_history(lab, "conformity.lab.registered", actor)
    lab.scope.set(list(scope))
    return lab


@transaction.atomic
def renew_accreditation(
    *,
    actor: Any,
    lab: TestLab,
    accredited_until: datetime.date,
    scope: Iterable[Recommendation] | None = None,
    accredited_from: datetime.date | None = None,
) -> TestLab:
    """Record a lab's renewed (or shortened) accreditation, and its new scope when given."""
    require(actor, "conformity.manage_labs")
    lab.accredited_until = accredited_until
    if accredited_from is not None:
        lab.accredited_from = accredited_from
    save_with_history(lab, "conformity.lab.accreditation_changed", actor)
    if scope is not None:
        lab.scope.set(list(scope))
    return lab
