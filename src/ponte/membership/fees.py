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

from ponte.core.models import OrganisationCategory
from ponte.membership.models import FeeSchedule, Membership

CENT = Decimal("0.01")
EXISTING_CATEGORIES = (OrganisationCategory.SECTOR_MEMBER, OrganisationCategory.ASSOCIATE)


def annual_fee(membership: Membership, schedule: FeeSchedule) -> Decimal:
    """What a membership costs in the schedule's year (CHF, exact)."""
    category = membership.category
    if category == OrganisationCategory.SECTOR_MEMBER:
        fee = schedule.contributory_unit * membership.contributory_units
    elif category == OrganisationCategory.ASSOCIATE:
        fee = schedule.associate_fee * membership.study_groups
    elif category == OrganisationCategory.ACADEMIA:
        country = membership.organisation.country
        developing = country is not None and country.is_developing
        fee = schedule.academia_developing_fee if developing else schedule.academia_fee
    elif category == OrganisationCategory.SME:
        fee = schedule.sme_fee
    else:
        fee = Decimal(0)
    return fee.quantize(CENT, rounding=ROUND_HALF_UP)


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
