"""Computing the participation rollups: every scope of a place in four grouped queries, only where records changed.

A *place* is a sector and a group code, as the filters take them ("" for all).
For one place, four queries over its person-days give the figures of every
year and of all years, each for every region and for all regions: grouped by
year, by year and region, by region, and not grouped. Distinct counts (people,
organisations) cannot be added up across groups or years, so every scope is
counted from the person-days, never summed from smaller rollups; what keeps
the work small is recomputing only the places and years a change touched (see
``StaleScope``).

The figures equal ``participation_stats`` over the same scope: the property
test in tests/stats/test_rollups.py checks it on generated data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear

from ponte.core.models import Group, Region, Sector
from ponte.meetings.models import Attendance
from ponte.stats.models import ALL_YEARS, ParticipationRollup, StaleScope
from ponte.stats.selectors import (
    ParticipationStats,
    attendances,
    day_aggregates,
    other_indicators,
    stats_of,
    with_meeting_year,
)

LOCK_KEY = 5_044_044  # PostgreSQL advisory lock: one refresh at a time (Resolution 44)


@dataclass(frozen=True, order=True)
class Place:
    """A sector and a group code as the filters take them; empty for all."""

    sector: str = ""
    group: str = ""


def places_of(group: Group) -> set[Place]:
    """The places whose figures a record of this group counts in: all, its sector, its code and its parent's."""
    sector = group.sector.code
    codes = {group.code} | ({group.parent.code} if group.parent is not None else set())
    return {Place(), Place(sector=sector)} | {Place(group=code) for code in codes} | {Place(sector, c) for c in codes}


def all_places() -> set[Place]:
    """Every place with person-days: all, each sector and each group code (alone and with its sector)."""
    places = {Place()} | {Place(sector=code) for code in Sector.objects.values_list("code", flat=True)}
    groups = Group.objects.filter(meetings__isnull=False).select_related("sector", "parent").distinct()
    for group in groups:
        places |= places_of(group)
    return places


def _in_years(years: Iterable[int]) -> Q:
    condition = Q()
    for year in years:
        condition |= Q(day__gte=datetime.date(year, 1, 1), day__lte=datetime.date(year, 12, 31))
    return condition


def _zeros() -> dict[str, Any]:
    return dict.fromkeys(day_aggregates(), 0)


def scopes_of_place(place: Place, years: set[int] | None) -> dict[tuple[int, str], ParticipationStats]:
    """The figures of a place for the given years (``None``: every year with person-days) and for all years,
    for every region and all regions, keyed by (year, region)."""
    days: QuerySet[Attendance] = with_meeting_year(attendances(sector=place.sector, group=place.group))
    aggregates = day_aggregates()
    yearly = days.annotate(year=ExtractYear("day"))
    if years is not None:
        yearly = yearly.filter(_in_years(years)) if years else yearly.none()
    regional = Q(delegation__isnull=False) & ~Q(delegation__region="")
    totals: dict[tuple[int, str], dict[str, Any]] = {(ALL_YEARS, ""): days.aggregate(**aggregates)}
    for row in yearly.values("year").annotate(**aggregates).order_by():
        totals[(row["year"], "")] = row
    for row in yearly.filter(regional).values("year", "delegation__region").annotate(**aggregates).order_by():
        totals[(row["year"], row["delegation__region"])] = row
    for row in days.filter(regional).values("delegation__region").annotate(**aggregates).order_by():
        totals[(ALL_YEARS, row["delegation__region"])] = row

    scopes: dict[tuple[int, str], ParticipationStats] = {}
    for year in {year for year, _region in totals}:
        more = other_indicators(year=year or None, sector=place.sector, group=place.group)
        per_region = {region: totals.get((year, region), {}).get("participants", 0) for region in Region.values}
        scopes[(year, "")] = stats_of(totals[(year, "")], per_region, more)
        for region in Region.values:
            in_region = totals.get((year, region), _zeros())
            scopes[(year, region)] = stats_of(in_region, {region: in_region["participants"]}, more)
    return scopes


def _store(place: Place, years: set[int] | None, scopes: dict[tuple[int, str], ParticipationStats]) -> int:
    """Replace the place's rollups of those years (and of all years) by the new figures."""
    old = ParticipationRollup.objects.filter(sector=place.sector, group=place.group)
    if years is not None:
        old = old.filter(year__in=[ALL_YEARS, *years])
    old.delete()
    ParticipationRollup.objects.bulk_create(
        ParticipationRollup(year=year, sector=place.sector, group=place.group, region=region, figures=stats.as_json())
        for (year, region), stats in scopes.items()
    )
    return len(scopes)


def _plan(stale: list[StaleScope]) -> tuple[bool, dict[Place, set[int] | None]]:
    """Which places to recompute and for which years (``None``: every year); the first item says start afresh."""
    if any(scope.year == ALL_YEARS and scope.group is None for scope in stale):
        return True, dict.fromkeys(all_places())
    plan: dict[Place, set[int] | None] = defaultdict(set)
    every_place: set[Place] | None = None
    for scope in stale:
        if scope.group is None:
            every_place = every_place or all_places()
            places = every_place
        else:
            places = places_of(scope.group)
        for place in places:
            years = plan[place]
            if years is None:
                continue
            plan[place] = None if scope.year == ALL_YEARS else years | {scope.year}
    return False, dict(plan)


def _lock() -> None:
    """Refreshes take turns (PostgreSQL), so an older computation never overwrites a newer one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def refresh_stale_rollups() -> int:
    """Recompute the scopes the marked changes touched; returns the number of rollups written."""
    with transaction.atomic():
        _lock()
        stale = list(StaleScope.objects.select_related("group__sector", "group__parent"))
        if not stale:
            return 0
        afresh, plan = _plan(stale)
        if afresh:
            ParticipationRollup.objects.all().delete()
        written = sum(_store(place, years, scopes_of_place(place, years)) for place, years in sorted(plan.items()))
        StaleScope.objects.filter(pk__in=[scope.pk for scope in stale]).delete()
        return written


def rebuild_rollups() -> int:
    """Every rollup from the raw records (after a bulk load, or to repair); returns the number written."""
    StaleScope.objects.create(year=ALL_YEARS, group=None)
    return refresh_stale_rollups()
