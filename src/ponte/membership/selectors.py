"""Reads of the membership app: applications a user may see, SME checks, the programme's status report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ponte.core.models import Group, OrganisationCategory, Sector
from ponte.core.rules import scopes_of
from ponte.membership.models import (
    Application,
    ApplicationKind,
    ApplicationState,
    BankStatementEntry,
    Invoice,
    InvoiceState,
    NationalSmeDefinition,
    Payment,
)

REPORT_SECTORS = ("ITU-T", "ITU-D")


def applications_for(*, user: Any, state: str = "") -> QuerySet[Application]:
    """The applications ``user`` may see: all for the secretariat, its country's for a focal point, its own."""
    scopes = scopes_of(user)
    applications = Application.objects.select_related("organisation__country").prefetch_related("sectors")
    if not scopes.secretariat:
        visible = applications.none()
        if scopes.countries:
            visible = visible | applications.filter(organisation__country_id__in=scopes.countries)
        if scopes.organisations:
            visible = visible | applications.filter(organisation_id__in=scopes.organisations)
        applications = visible
    if state:
        applications = applications.filter(state=state)
    return applications.order_by("-created_at", "-pk")


def application_detail(*, pk: int) -> Application:
    return (
        Application.objects.select_related("organisation__country", "decided_by")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.select_related("sector")), "sectors")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class SmeCheck:
    """An applicant measured against its country's national SME definition."""

    definition: NationalSmeDefinition | None
    employees_within: bool | None
    turnover_within: bool | None

    @property
    def qualifies(self) -> bool | None:
        checks = [c for c in (self.employees_within, self.turnover_within) if c is not None]
        return all(checks) if checks else None


def sme_check(application: Application) -> SmeCheck:
    definition = NationalSmeDefinition.objects.filter(country_id=application.organisation.country_id).first()
    if definition is None:
        return SmeCheck(None, None, None)
    employees = None if application.employee_count is None else application.employee_count <= definition.max_employees
    turnover = None
    comparable = application.turnover_currency == definition.turnover_currency
    if definition.max_turnover is not None and application.annual_turnover is not None and comparable:
        turnover = application.annual_turnover <= definition.max_turnover
    return SmeCheck(definition, employees, turnover)


@dataclass(frozen=True)
class SectorCounts:
    approved: int = 0
    pending: int = 0
    interested: int = 0


@dataclass(frozen=True)
class AnnexRow:
    number: int
    entity: str
    member_state: str
    sectors: list[str]
    groups: list[str]


@dataclass(frozen=True)
class SmeReport:
    """The SME programme's status, as in seed 000's report and annex."""

    total: int
    by_sector: dict[str, SectorCounts]
    in_both: int
    annex: list[AnnexRow] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_sector": {
                code: {"approved": c.approved, "pending": c.pending, "interested": c.interested}
                for code, c in self.by_sector.items()
            },
            "in_both": self.in_both,
        }


_STATE_COLUMN = {
    ApplicationState.APPROVED: "approved",
    ApplicationState.SUBMITTED: "pending",
    ApplicationState.INTERESTED: "interested",
}


def sme_report() -> SmeReport:
    """Counts per sector of approved, pending and interested SMEs, and the annex of approved ones.

    An SME counts once per sector in its best state (approved over pending
    over interested); ``total`` is the number of distinct approved SMEs and
    ``in_both`` those approved in both sectors.
    """
    applications = (
        Application.objects.filter(
            kind=ApplicationKind.PARTICIPATION,
            organisation__category=OrganisationCategory.SME,
            state__in=list(_STATE_COLUMN),
        )
        .select_related("organisation__country")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.only("code")),
            Prefetch("groups", queryset=Group.objects.select_related("sector")),
        )
        .order_by("organisation__name", "pk")
    )
    rank = {"approved": 0, "pending": 1, "interested": 2}
    best: dict[tuple[int, str], str] = {}
    approved: dict[int, tuple[Any, set[str], set[str]]] = {}
    for application in applications:
        column = _STATE_COLUMN[ApplicationState(application.state)]
        for sector_row in application.sectors.all():
            key = (application.organisation_id, sector_row.code)
            if key not in best or rank[column] < rank[best[key]]:
                best[key] = column
        if column == "approved":
            _organisation, sectors, groups = approved.setdefault(
                application.organisation_id, (application.organisation, set(), set())
            )
            sectors.update(s.code for s in application.sectors.all())
            groups.update(f"{g.sector.code} {g.code}" for g in application.groups.all())
    counts: dict[str, dict[str, int]] = {
        code: {"approved": 0, "pending": 0, "interested": 0} for code in REPORT_SECTORS
    }
    for (_organisation_id, sector_code), column in best.items():
        counts.setdefault(sector_code, {"approved": 0, "pending": 0, "interested": 0})[column] += 1
    in_both = sum(1 for _o, sectors, _g in approved.values() if set(REPORT_SECTORS) <= sectors)
    annex = [
        AnnexRow(
            number=index,
            entity=organisation.name,
            member_state=str(organisation.country or ""),
            sectors=sorted(sectors),
            groups=sorted(groups, key=_group_sort_key),
        )
        for index, (organisation, sectors, groups) in enumerate(approved.values(), start=1)
    ]
    return SmeReport(
        total=len(approved),
        by_sector={code: SectorCounts(**values) for code, values in counts.items()},
        in_both=in_both,
        annex=annex,
    )


def _group_sort_key(label: str) -> tuple[str, int, str]:
    sector, _space, code = label.partition(" ")
    digits = "".join(ch for ch in code if ch.isdigit())
    return (sector, int(digits) if digits else 0, code)


def _with_paid(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate ``paid`` (sum of payments, 0 if none) with a subquery, so lists stay one query."""
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money: DecimalField[Any, Any] = DecimalField(max_digits=14, decimal_places=2)
    return invoices.annotate(paid=Coalesce(Subquery(paid, output_field=money), Value(0), output_field=money))


def invoices_for(*, user: Any, state: str = "", query: str = "") -> QuerySet[Invoice]:
    """The invoices ``user`` may see: all for the secretariat, its own organisations' for a representative."""
    scopes = scopes_of(user)
    invoices = Invoice.objects.select_related("organisation__country")
    if not scopes.secretariat:
        invoices = invoices.filter(organisation_id__in=scopes.organisations)
    if state:
        invoices = invoices.filter(state=state)
    if query:
        invoices = invoices.filter(number__icontains=query) | invoices.filter(organisation__name__icontains=query)
    return _with_paid(invoices).order_by("-issued_on", "-number")


def invoice_detail(*, number: str) -> Invoice:
    return (
        _with_paid(Invoice.objects.select_related("organisation__country"))
        .prefetch_related("lines__membership", Prefetch("payments", queryset=Payment.objects.order_by("received_on")))
        .get(number=number)
    )


def unmatched_statement_entries() -> QuerySet[BankStatementEntry]:
    """Credits of imported statements that paid no invoice: staff match them by hand."""
    return BankStatementEntry.objects.filter(invoice__isnull=True).select_related("imported_by").order_by("booked_on")


def due_invoices(*, organisation_ids: Any) -> QuerySet[Invoice]:
    return _with_paid(Invoice.objects.filter(organisation_id__in=organisation_ids, state=InvoiceState.ISSUED))
