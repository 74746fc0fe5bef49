"""Yearly fees and the SME fee-policy simulator: the one place that prices a membership.

Seed 000 warns that an SME category with a threshold of 300 employees would
let 60+ existing Sector Members and Associates pay the lower fee, and revenue
would fall; the simulator shows that trade-off for any threshold and fee.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from ponte.core.models import OrganisationCategory, StudyPeriod
from ponte.membership.models import FeeSchedule, FeeWaiver, InvoiceLineKind, Membership

CENT = Decimal("0.01")
EXISTING_CATEGORIES = (OrganisationCategory.SECTOR_MEMBER, OrganisationCategory.ASSOCIATE)


@dataclass(frozen=True)
class Charge:
    """One line to bill: what, how many, at what price (CHF, exact)."""

    kind: str
    year: int
    subject: str
    quantity: Decimal
    unit_price: Decimal
    membership: Membership | None = None

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def _price(membership: Membership, schedule: FeeSchedule) -> tuple[Decimal, Decimal]:
    """Quantity and unit price of a membership's yearly fee."""
    category = membership.category
    if category == OrganisationCategory.SECTOR_MEMBER:
        return membership.contributory_units, schedule.contributory_unit
    if category == OrganisationCategory.ASSOCIATE:
        return Decimal(membership.study_groups), schedule.associate_fee
    if category == OrganisationCategory.ACADEMIA:
        country = membership.organisation.country
        developing = country is not None and country.is_developing
        return Decimal(1), schedule.academia_developing_fee if developing else schedule.academia_fee
    if category == OrganisationCategory.SME:
        return Decimal(1), schedule.sme_fee
    return Decimal(0), Decimal(0)


def annual_fee(membership: Membership, schedule: FeeSchedule) -> Decimal:
    """What a membership costs in the schedule's year before any waiver (CHF, exact)."""
    quantity, unit_price = _price(membership, schedule)
    return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def membership_charges(membership: Membership, schedule: FeeSchedule) -> list[Charge]:
    """The lines a membership's yearly invoice carries: the fee, and the waiver that cancels it if one covers
    the year."""
    quantity, unit_price = _price(membership, schedule)
    year = schedule.year
    subject = membership.sector.code
    fee = Charge(InvoiceLineKind.MEMBERSHIP_FEE, year, subject, quantity, unit_price, membership)
    charges = [fee]
    waiver = FeeWaiver.objects.filter(membership=membership).first()
    if waiver is not None and waiver.covers(year) and fee.amount > 0:
        charges.append(Charge(InvoiceLineKind.FEE_WAIVER, year, subject, Decimal(1), -fee.amount, membership))
    return charges


def meeting_day_charge(schedule: FeeSchedule, *, subject: str, days: int) -> Charge:
    """Pay-as-you-go: the year's fee for each meeting day."""
    return Charge(InvoiceLineKind.MEETING_DAYS, schedule.year, subject, Decimal(days), schedule.meeting_day_fee)


def waiver_years(membership: Membership) -> tuple[int, int] | None:
    """The years Resolution 44's Academia waiver covers for this membership, or None if it has no right to one.

    Only a *new* Academia member (no earlier Academia membership, no waiver before) from a developing country,
    from its first year to the end of the study period it joins in: at most one full study period.
    """
    organisation = membership.organisation
    if membership.category != OrganisationCategory.ACADEMIA:
        return None
    if organisation.country is None or not organisation.country.is_developing:
        return None
    earlier = Membership.objects.filter(organisation=organisation, category=OrganisationCategory.ACADEMIA).exclude(
        pk=membership.pk
    )
    if earlier.filter(start_year__lte=membership.start_year).exists():
        return None
    if FeeWaiver.objects.filter(membership__organisation=organisation).exists():
        return None
    period = StudyPeriod.containing(membership.start_year)
    if period is None:
        return None
    return membership.start_year, period.last_year


def sme_category_allows(employee_count: int | None, schedule: FeeSchedule) -> bool:
    """The SME membership category is for organisations below the year's employee threshold."""
    return employee_count is not None and employee_count < schedule.sme_employee_threshold


def active_memberships(year: int) -> QuerySet[Membership]:
    return Membership.objects.filter(start_year__lte=year).filter(Q(end_year__isnull=True) | Q(end_year__gte=year))


@dataclass(frozen=True)
class QualifyingMember:
    name: str
    employees: int
    category: str
    current_fee: Decimal
    switches: bool


@dataclass(frozen=True)
class Simulation:
    """The outcome of an SME fee policy against the year's existing members."""

    year: int
    threshold: int
    sme_fee: Decimal
    existing_may_switch: bool
    current_revenue: Decimal
    qualifying: list[QualifyingMember]
    revenue_change: Decimal
    break_even_new_smes: int | None  # None: no number of SMEs at this fee makes up the loss

    @property
    def qualifying_members(self) -> int:
        return len(self.qualifying)

    @property
    def new_revenue(self) -> Decimal:
        return self.current_revenue + self.revenue_change


def simulate(*, schedule: FeeSchedule, threshold: int, sme_fee: Decimal, existing_may_switch: bool) -> Simulation:
    """Which existing members would qualify (fewer employees than the threshold), what revenue changes, and
    how many new SMEs at the SME fee would make up a loss.

    A qualifying member switches only if it may and the SME fee is lower than what it pays now.
    """
    sme_fee = sme_fee.quantize(CENT, rounding=ROUND_HALF_UP)
    memberships = (
        active_memberships(schedule.year)
        .filter(category__in=EXISTING_CATEGORIES)
        .select_related("organisation__country")
    )
    current_revenue = Decimal(0)
    qualifying: list[QualifyingMember] = []
    change = Decimal(0)
    for membership in memberships:
        fee = annual_fee(membership, schedule)
        current_revenue += fee
        employees = membership.organisation.employee_count
        if employees is None or employees >= threshold:
            continue
        switches = existing_may_switch and sme_fee < fee
        if switches:
            change += sme_fee - fee
        qualifying.append(QualifyingMember(membership.organisation.name, employees, membership.category, fee, switches))
    loss = -change
    if loss <= 0:
        break_even: int | None = 0
    else:
        break_even = math.ceil(loss / sme_fee) if sme_fee > 0 else None
    return Simulation(
        year=schedule.year,
        threshold=threshold,
        sme_fee=sme_fee,
        existing_may_switch=existing_may_switch,
        current_revenue=current_revenue,
        qualifying=sorted(qualifying, key=lambda member: (member.employees, member.name)),
        revenue_change=change,
        break_even_new_smes=break_even,
    )
