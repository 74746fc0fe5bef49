"""Reads of the membership app: applications a user may see, SME checks, the programme's status report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ponte.core.models import Group, Organisation, OrganisationCategory, Sector
from ponte.core.rules import scopes_of
from ponte.membership.models import (
    Application,
    ApplicationKind,
    ApplicationState,
    BankStatementEntry,
    Invoice,
    InvoiceState,
    Membership,
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


# The API pages by it from a cursor (``core.pagination.KeysetPagination``); index ``membership_invoice_keyset``.
INVOICE_ORDER = ("-issued_on", "-number")


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
    return _with_paid(invoices).order_by(*INVOICE_ORDER)


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


class NextStep(StrEnum):
    """What an organisation should do next in the SME programme, from interest to membership."""

    APPLY = "apply"
    COMPLETE_APPLICATION = "complete_application"
    SUBMIT = "submit"
    AWAIT_DECISION = "await_decision"
    PAY = "pay"
    TAKE_PART = "take_part"
    APPLY_AGAIN = "apply_again"


JOURNEY_STEPS = (
    ApplicationState.INTERESTED,
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.APPROVED,
)


@dataclass(frozen=True)
class Journey:
    """One represented organisation's place on the way from interest to membership, and what to do next."""

    organisation: Organisation
    application: Application | None
    next_step: NextStep
    rights: list[str]
    due_invoices: list[Invoice]
    memberships: list[Membership]
    suspended: bool = False

    @property
    def step_index(self) -> int:
        """How far along the steps (interested, draft, submitted, approved) the latest application is."""
        if self.application is None or self.application.state == ApplicationState.REJECTED:
            return -1
        return JOURNEY_STEPS.index(ApplicationState(self.application.state))

    @property
    def steps(self) -> list[tuple[str, str]]:
        """(label, status) for each step: done, current or todo."""
        index = self.step_index
        result = []
        for position, state in enumerate(JOURNEY_STEPS):
            status = "done" if position < index else "current" if position == index else "todo"
            result.append((str(state.label), status))
        return result


def _next_step(application: Application | None, due: list[Invoice]) -> NextStep:
    if due:
        return NextStep.PAY
    if application is None:
        return NextStep.APPLY
    return {
        ApplicationState.INTERESTED: NextStep.COMPLETE_APPLICATION,
        ApplicationState.DRAFT: NextStep.SUBMIT,
        ApplicationState.SUBMITTED: NextStep.AWAIT_DECISION,
        ApplicationState.APPROVED: NextStep.TAKE_PART,
        ApplicationState.REJECTED: NextStep.APPLY_AGAIN,
    }[ApplicationState(application.state)]


def journeys_for(*, user: Any) -> list[Journey]:
    """The SME programme as each organisation the user represents lives it: state, rights, invoices, next step."""
    from ponte.membership.rights import RIGHT_LABELS, dues_unpaid_for_six_months, rights_of, with_dues_unpaid

    organisation_ids = scopes_of(user).organisations
    if not organisation_ids:
        return []
    organisations = (
        with_dues_unpaid(Organisation.objects.filter(pk__in=organisation_ids))
        .exclude(category=OrganisationCategory.SME_ASSOCIATION)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.order_by("-created_at", "-pk").prefetch_related(
                    Prefetch("groups", queryset=Group.objects.select_related("sector"))
                ),
            ),
            Prefetch("memberships", queryset=Membership.objects.select_related("sector")),
            Prefetch(
                "invoices",
                queryset=_with_paid(Invoice.objects.filter(state=InvoiceState.ISSUED)).order_by("due_on"),
                to_attr="due_invoices",
            ),
            "groups__sector",
        )
        .order_by("name")
    )
    journeys = []
    for organisation in organisations:
        applications = list(organisation.applications.all())
        latest = applications[0] if applications else None
        due = list(organisation.due_invoices)
        journeys.append(
            Journey(
                organisation=organisation,
                application=latest,
                next_step=_next_step(latest, due),
                rights=[str(RIGHT_LABELS[right]) for right in sorted(rights_of(organisation))],
                due_invoices=due,
                memberships=list(organisation.memberships.all()),
                suspended=bool(due) and dues_unpaid_for_six_months(organisation),
            )
        )
    return journeys
