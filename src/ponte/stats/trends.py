"""Participation indicators year by year (the dashboard's year-over-year trend)."""

from __future__ import annotations

from ponte.meetings.models import Attendance
from ponte.stats.selectors import ParticipationStats, participation_stats

TREND_YEARS = 10  # the trend shows at most this many of the latest years: 8 queries each


def available_years() -> list[int]:
    """The years with at least one attendance day, newest first (one query)."""
    return [day.year for day in Attendance.objects.dates("day", "year", order="DESC")]


def participation_trend(
    *, years: list[int], sector: str = "", group: str = "", region: str = ""
) -> list[tuple[int, ParticipationStats]]:
    """The indicators of each year, oldest first, with the same filters as the page (the year aside)."""
    return [(year, participation_stats(year=year, sector=sector, group=group, region=region)) for year in sorted(years)]
