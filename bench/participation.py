"""The participation indicators: the dashboard and the API, each beside the raw-SQL GROUP BY over the person-days.

The baseline is the hand-written SQL a reader would write without rollups: the same figures, with the same
filters, as ``ponte.stats.selectors`` defines them (COUNT(DISTINCT …) over ``meetings_attendance`` joined
with the person, the meeting, its group and the delegation's country), in one query with the regions as a
grouping set; for the dashboard also the year-by-year trend (GROUP BY year) and the years there are. The
API's answers are checked against it, so a fast wrong figure does not pass.

The incremental refresh: one new meeting (``import_meetings``) and 200 person-days of its attendance list
(``import_attendance``, people and organisations already known), then the job the import queues
(``ponte.stats.tasks.refresh_participation_rollups``), timed on its own as a worker would run it.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.test import Client

from bench.pgcopy import execute, fetch
from bench.timing import Case, Check, Measurement, Step, Suite

DASHBOARD = "/en/stats/"
API = "/api/v1/stats/participation"
TARGET_MS = 150.0
REGIONS = ["AFR", "AMS", "ARB", "ASP", "CIS", "EUR"]
CLASSIFICATIONS = ["LDC", "SIDS", "LLDC"]
TREND_YEARS = 10
INCREMENTAL_CODE = "BENCH-INCREMENTAL"
INCREMENTAL_PEOPLE, INCREMENTAL_DAYS = 40, 5


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    sector: str = ""
    group: str = ""
    region: str = ""

    def query(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items() if value}

    @property
    def label(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in self.query().items()) or "no filter"


def filter_mix(last_year: int) -> list[Filters]:
    """What people ask the dashboard and the API: everything, a year, a year and a sector, a group…"""
    return [
        Filters(),
        Filters(year=last_year),
        Filters(year=last_year - 1, sector="ITU-T"),
        Filters(year=last_year, group="SG16"),
        Filters(region="AFR"),
        Filters(year=last_year - 3, region="ASP"),
        Filters(sector="ITU-D", group="SG1"),
        Filters(year=last_year, sector="ITU-R", region="EUR"),
    ]


# --- The baseline: hand-written SQL over the raw rows ----------------------------------------------------------

AGGREGATES = """
    COUNT(DISTINCT a.person_id) AS participants,
    COUNT(DISTINCT a.organisation_id) AS organisations,
    COUNT(*) AS person_days,
    COUNT(*) FILTER (WHERE a.mode = 'remote') AS remote_days,
    COUNT(DISTINCT a.person_id) FILTER (WHERE c.is_developing) AS developing,
    COUNT(DISTINCT a.person_id) FILTER (WHERE p.gender <> '') AS gender_known,
    COUNT(DISTINCT a.person_id) FILTER (WHERE p.gender = 'female') AS women,
    COUNT(DISTINCT a.person_id) FILTER (WHERE p.birth_year IS NOT NULL) AS birth_known,
    COUNT(DISTINCT a.person_id) FILTER (WHERE p.birth_year > EXTRACT(YEAR FROM m.starts_on) - 35) AS young,
    COUNT(DISTINCT a.organisation_id) FILTER (WHERE o.category = 'sme') AS smes_taking_part,
    COUNT(DISTINCT a.person_id) FILTER (WHERE c.is_ldc) AS ldc,
    COUNT(DISTINCT a.person_id) FILTER (WHERE c.is_sids) AS sids,
    COUNT(DISTINCT a.person_id) FILTER (WHERE c.is_lldc) AS lldc"""
AGGREGATE_NAMES = [
    "participants", "organisations", "person_days", "remote_days", "developing", "gender_known", "women",
    "birth_known", "young", "smes_taking_part", "LDC", "SIDS", "LLDC",
]  # fmt: skip
DAYS = """
    FROM meetings_attendance a
    JOIN core_person p ON p.id = a.person_id
    JOIN meetings_meeting m ON m.id = a.meeting_id
    LEFT JOIN core_country c ON c.code = a.delegation_id
    LEFT JOIN core_organisation o ON o.id = a.organisation_id"""
GROUPS = """
    JOIN core_group g ON g.id = m.group_id
    JOIN core_sector s ON s.id = g.sector_id
    LEFT JOIN core_group pg ON pg.id = g.parent_id"""


def _where(filters: Filters, *, years: tuple[int, int] | None) -> tuple[str, str, list[object]]:
    """The joins the filters need, the WHERE clause and its parameters (``years``: first and last, inclusive)."""
    conditions: list[str] = []
    params: list[object] = []
    if years:
        conditions.append("a.day BETWEEN %s AND %s")
        params += [datetime.date(years[0], 1, 1), datetime.date(years[1], 12, 31)]
    if filters.sector:
        conditions.append("s.code = %s")
        params.append(filters.sector)
    if filters.group:
        conditions.append("(g.code = %s OR pg.code = %s)")
        params += [filters.group, filters.group]
    if filters.region:
        conditions.append("c.region = %s")
        params.append(filters.region)
    joins = GROUPS if filters.sector or filters.group else ""
    return joins, " AND ".join(conditions) or "TRUE", params


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _figures(totals: dict[str, int], per_region: dict[str, int]) -> dict[str, Any]:
    """The indicators as the API writes them, from the aggregates (the selectors' ``stats_of``)."""
    return {
        "participants": totals["participants"],
        "organisations": totals["organisations"],
        "person_days": totals["person_days"],
        "developing_share": _share(totals["developing"], totals["participants"]),
        "remote_share": _share(totals["remote_days"], totals["person_days"]),
        "women_share": _share(totals["women"], totals["gender_known"]),
        "youth_share": _share(totals["young"], totals["birth_known"]),
        "by_region": {code: per_region.get(code, 0) for code in REGIONS},
        "by_classification": {label: totals[label] for label in CLASSIFICATIONS},
        "smes_taking_part": totals["smes_taking_part"],
    }


def baseline_figures(filters: Filters) -> dict[str, Any]:
    """The figures of one filter, and participants per region, in one GROUP BY GROUPING SETS."""
    years = (filters.year, filters.year) if filters.year else None
    joins, where, params = _where(filters, years=years)
    rows = fetch(
        f"SELECT GROUPING(c.region) AS whole, c.region, {AGGREGATES} {DAYS} {joins} WHERE {where} "
        "GROUP BY GROUPING SETS ((), (c.region))",
        params,
    )
    totals: dict[str, int] = dict.fromkeys(AGGREGATE_NAMES, 0)
    per_region: dict[str, int] = {}
    for whole, region, *values in rows:
        if whole:
            totals = dict(zip(AGGREGATE_NAMES, values, strict=True))
        elif region:
            per_region[region] = values[0]
    return _figures(totals, per_region)


def baseline_trend(filters: Filters, last_year: int) -> list[tuple[Any, ...]]:
    """The dashboard's trend: the figures of each of the latest years with the place filters (GROUP BY year)."""
    place = Filters(sector=filters.sector, group=filters.group, region=filters.region)
    joins, where, params = _where(place, years=(last_year - TREND_YEARS + 1, last_year))
    return fetch(
        f"SELECT EXTRACT(YEAR FROM a.day)::int AS year, {AGGREGATES} {DAYS} {joins} WHERE {where} "  # noqa: S608
        "GROUP BY 1 ORDER BY 1",
        params,
    )


def baseline_years() -> list[int]:
    return [row[0] for row in fetch("SELECT DISTINCT EXTRACT(YEAR FROM day)::int FROM meetings_attendance ORDER BY 1")]


# --- Our side: the pages and the API through Django, in-process --------------------------------------------------


def _get(client: Client, path: str, filters: Filters) -> Any:
    response = client.get(path, filters.query())
    if response.status_code != 200:
        raise RuntimeError(f"{path}?{filters.query()} answered {response.status_code}")
    return response


def last_year() -> int:
    rows = fetch("SELECT EXTRACT(YEAR FROM max(day))::int FROM meetings_attendance")
    return int(rows[0][0] or datetime.date.today().year)  # noqa: DTZ011 - a calendar year


def measurements(client: Client) -> list[Measurement]:
    """The dashboard and the API over the filter mix, each case beside its raw SQL."""
    year = last_year()
    mix = filter_mix(year)

    def dashboard(filters: Filters) -> Case:
        return Case(
            filters.label,
            lambda: _get(client, DASHBOARD, filters),
            lambda: (baseline_years(), baseline_figures(filters), baseline_trend(filters, year)),
        )

    def api(filters: Filters) -> Case:
        return Case(filters.label, lambda: _get(client, API, filters), lambda: baseline_figures(filters))

    return [
        Measurement(f"dashboard {DASHBOARD}", [dashboard(filters) for filters in mix], target_ms=TARGET_MS),
        Measurement(f"API {API}", [api(filters) for filters in mix], target_ms=TARGET_MS),
    ]


def check_figures(client: Client, mix: list[Filters], *, name: str = "API figures = raw SQL") -> Check:
    """The API answers what the raw SQL computes, for every filter of the mix."""
    wrong = []
    for filters in mix:
        answer = _get(client, API, filters).json()
        expected = baseline_figures(filters)
        differing = sorted(key for key, value in expected.items() if answer.get(key) != value)
        if differing:
            wrong.append(f"{filters.label}: {', '.join(differing)}")
    detail = "; ".join(wrong) if wrong else f"{len(mix)} filters"
    return Check(name, not wrong, detail)


# --- Rollups and the incremental refresh -------------------------------------------------------------------------


def _has_table(name: str) -> bool:
    return name in connection.introspection.table_names()


def remove_incremental() -> None:
    """Take out what an earlier run's incremental refresh added, with plain SQL (the full rebuild follows)."""
    meeting = "(SELECT id FROM meetings_meeting WHERE code = %s)"
    execute(f"DELETE FROM meetings_historicalattendance WHERE meeting_id IN {meeting}", [INCREMENTAL_CODE])  # noqa: S608
    execute(f"DELETE FROM meetings_attendance WHERE meeting_id IN {meeting}", [INCREMENTAL_CODE])  # noqa: S608
    execute("DELETE FROM meetings_historicalmeeting WHERE code = %s", [INCREMENTAL_CODE])
    execute("DELETE FROM meetings_meeting WHERE code = %s", [INCREMENTAL_CODE])


def rebuild() -> list[Step]:
    """``manage.py rebuild_participation_rollups``, timed."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    started = time.perf_counter()
    try:
        call_command("rebuild_participation_rollups", verbosity=0)
    except CommandError as error:
        print(f"No participation rollups yet ({error}): the pages compute from the person-days.", flush=True)
        return [Step("rollups: full rebuild", None, "not available: rebuild_participation_rollups is missing")]
    seconds = time.perf_counter() - started
    rows = (
        fetch("SELECT count(*) FROM stats_participationrollup")[0][0] if _has_table("stats_participationrollup") else 0
    )
    return [Step("rollups: full rebuild (manage.py rebuild_participation_rollups)", seconds, f"{rows:,} rollup rows")]


@contextmanager
def _jobs_queued() -> Iterator[None]:
    """Jobs queued as with a broker (in memory here) instead of run at once, so the job is timed on its own."""
    from ponte.tasks import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _import_files(year: int, rng: random.Random) -> tuple[bytes, bytes]:
    """A meeting in December of the last year and its attendance list: known people, their organisations."""
    from ponte.meetings.services.registrations import CATEGORY_OF_ORGANISATION

    first = datetime.date(year, 12, 1)
    first += datetime.timedelta(days=-first.weekday() % 7)  # a Monday
    days = [first + datetime.timedelta(days=offset) for offset in range(INCREMENTAL_DAYS)]
    meeting: list[list[object]] = [
        ["code", "sector", "group", "title", "start", "end", "country", "city", "virtual"],
        [INCREMENTAL_CODE, "ITU-T", "SG16", "Bench incremental meeting", days[0], days[-1], "CHE", "Geneva", "no"],
    ]
    candidates = fetch(
        "SELECT p.email, p.given_name || ' ' || p.family_name, p.gender, p.birth_year, c.alpha3, o.name, o.category "
        "FROM core_person p JOIN core_affiliation a ON a.person_id = p.id AND a.ended_on IS NULL "
        "JOIN core_organisation o ON o.id = a.organisation_id JOIN core_country c ON c.code = o.country_id "
        "WHERE p.email <> '' ORDER BY p.id LIMIT 5000"
    )
    genders = {"female": "F", "male": "M", "other": "X", "": ""}
    attendance: list[list[object]] = [
        ["meeting", "email", "name", "gender", "birth_year", "country", "organisation", "category", "mode", "day"]
    ]
    for email, name, gender, born, alpha3, organisation, category in rng.sample(candidates, INCREMENTAL_PEOPLE):
        delegate = str(CATEGORY_OF_ORGANISATION.get(category, "other"))
        organisation = "" if delegate == "member_state" else organisation
        mode = rng.choice(["in_person", "remote"])
        for day in days:
            attendance.append(
                [INCREMENTAL_CODE, email, name, genders[gender], born or "", alpha3, organisation, delegate, mode, day]
            )
    return _csv(meeting), _csv(attendance)


def incremental(client: Client) -> tuple[list[Step], list[Check]]:
    """Import one meeting's 200 person-days, then time the refresh job the import queued; undo it afterwards."""
    year = last_year()
    try:
        from ponte.stats.tasks import refresh_participation_rollups
    except ImportError:
        return [Step("rollups: incremental refresh", None, "not available: ponte.stats.tasks is missing")], []
    from ponte.meetings.attendance_import import import_attendance
    from ponte.meetings.importers import import_meetings
    from ponte.meetings.models import Attendance, Meeting

    meeting_file, attendance_file = _import_files(year, random.Random(f"incremental:{year}"))
    with _jobs_queued():
        started = time.perf_counter()
        meetings = import_meetings(file_name="meeting.csv", content=meeting_file)
        report = import_attendance(file_name="attendance.csv", content=attendance_file)
        imported = time.perf_counter() - started
    if not (meetings.ok and report.ok):
        raise RuntimeError(f"The incremental import failed: {meetings.errors} {report.errors}")
    started = time.perf_counter()
    written = refresh_participation_rollups()
    refreshed = time.perf_counter() - started
    check = check_figures(client, [Filters(year=year, group="SG16"), Filters()], name="figures after the refresh")
    steps = [
        Step(
            f"incremental: import 1 meeting, {report.created} person-days",
            imported,
            f"{report.people_created} people and {report.organisations_created} organisations created",
        ),
        Step("incremental: refresh job (refresh_participation_rollups)", refreshed, f"{written:,} rollup rows"),
    ]
    with _jobs_queued():
        Attendance.objects.filter(meeting__code=INCREMENTAL_CODE).delete()
        Meeting.objects.filter(code=INCREMENTAL_CODE).delete()
    started = time.perf_counter()
    written = refresh_participation_rollups()
    steps.append(
        Step("incremental: refresh job after removing them", time.perf_counter() - started, f"{written:,} rows")
    )
    remove_incremental()  # their history rows
    return steps, [check]


def prepare() -> list[Step]:
    remove_incremental()
    return rebuild()


def checks(client: Client) -> list[Check]:
    return [check_figures(client, filter_mix(last_year()))]


def suite() -> Suite:
    return Suite("participation", prepare, measurements, checks, incremental)
