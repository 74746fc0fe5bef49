"""Reads of fellowships: the secretariat's candidates by priority, the budget used and left, a focal point's own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from ponte.core.models import Country, Gender, Person
from ponte.core.rules import scopes_of
from ponte.meetings.models import Fellowship, FellowshipState, Meeting

ZERO = Decimal("0.00")
FIRST = 0  # LDC, SIDS, LLDC
THEN = 1  # other developing countries
AWARDED = Q(state=FellowshipState.AWARDED)


def awarded_total(meeting: Meeting) -> Decimal:
    """The sum of the amounts awarded for a meeting (what the budget has spent)."""
    total = meeting.fellowships.filter(AWARDED).aggregate(total=Coalesce(Sum("amount"), Value(ZERO)))["total"]
    return Decimal(total).quantize(ZERO)


@dataclass(frozen=True)
class FellowshipBudget:
    """A meeting's fellowship budget and how it is spent, with the balance of those awarded."""

    budget: Decimal
    used: Decimal
    nominated: int
    awarded: int
    women: int
    men: int
    regions: int

    @property
    def left(self) -> Decimal:
        return self.budget - self.used

    @property
    def percent_used(self) -> int:
        return int(self.used * 100 / self.budget) if self.budget else 0


def fellowship_budget(meeting: Meeting) -> FellowshipBudget:
    """Budget used and left, pending nominations, and the gender and regional spread of the awards: one query."""
    figures = meeting.fellowships.aggregate(
        used=Coalesce(Sum("amount", filter=AWARDED), Value(ZERO)),
        nominated=Count("pk", filter=Q(state=FellowshipState.NOMINATED)),
        awarded=Count("pk", filter=AWARDED),
        women=Count("pk", filter=AWARDED & Q(person__gender=Gender.FEMALE)),
        men=Count("pk", filter=AWARDED & Q(person__gender=Gender.MALE)),
        regions=Count("country__region", filter=AWARDED & ~Q(country__region=""), distinct=True),
    )
    return FellowshipBudget(
        budget=Decimal(meeting.fellowship_budget).quantize(ZERO),
        used=Decimal(figures["used"]).quantize(ZERO),
        nominated=figures["nominated"],
        awarded=figures["awarded"],
        women=figures["women"],
        men=figures["men"],
        regions=figures["regions"],
    )


def candidates(*, meeting: Meeting) -> QuerySet[Fellowship]:
    """A meeting's nominations by priority: LDC, SIDS and LLDC first, then other developing countries; within
    each, by region and country (so the regional spread shows), then in the order nominated.

    Each row has ``priority`` (0 first, 1 then)."""
    first = Q(country__is_ldc=True) | Q(country__is_sids=True) | Q(country__is_lldc=True)
    return (
        meeting.fellowships.select_related("person", "country", "nominated_by")
        .annotate(priority=Case(When(first, then=Value(FIRST)), default=Value(THEN), output_field=IntegerField()))
        .order_by("priority", "country__region", "country__name", "nominated_at", "pk")
    )


def nomination_countries(*, user: Any) -> list[Country]:
    """The countries whose candidates the user may nominate (as their focal point)."""
    countries = Country.objects.filter(pk__in=scopes_of(user).countries).order_by("name")
    return [country for country in countries if user.has_perm("meetings.nominate_fellow", country)]


def nominable_people(*, countries: list[Country]) -> QuerySet[Person]:
    """People recorded as from these countries, to choose a candidate from."""
    return Person.objects.filter(country__in=countries).select_related("country").order_by("family_name", "given_name")


def nominations_of(*, countries: list[Country]) -> QuerySet[Fellowship]:
    """The nominations of these countries (a focal point's own), latest meetings first."""
    return (
        Fellowship.objects.filter(country__in=countries)
        .select_related("meeting__group__sector", "person", "country")
        .order_by("-meeting__starts_on", "meeting__code", "pk")
    )
