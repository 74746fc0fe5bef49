"""Participation indicators year by year (the dashboard's year-over-year trend)."""

from __future__ import annotations

from ponte.meetings.models import Attendance
from ponte.stats.selectors import ParticipationStats, participation_by_year

TREND_YEARS = 10  # the trend shows at most this many of the latest years


def available_years() -> list[int]:
    """The years with at least one attendance day, newest first: from the rollups (one indexed query), or from
    the person-days before the first refresh."""
    from ponte.stats.models import ALL_YEARS, ParticipationRollup

    rollups = ParticipationRollup.objects.filter(sector="", group="", region="").exclude(year=ALL_YEARS)
    years = list(rollups.order_by("-year").values_list("year", flat=True))
    return years or [day.year for day in Attendance.objects.dates("day", "year", order="DESC")]


def participation_trend(
    *, years: list[int], sector: str = "", group: str = "", region: str = ""
) -> list[tuple[int, ParticipationStats]]:
    """The indicators of each year, oldest first, with the same filters as the page (the year aside)."""
    by_year = participation_by_year(years=years, sector=sector, group=group, region=region)
    return [(year, by_year[year]) for year in sorted(years)]
