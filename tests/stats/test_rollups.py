"""The rollups the dashboard and the API read always equal the indicators computed over the raw records.

The property test generates person-days (people with or without a recorded
gender and birth year, delegations of developing and developed countries, in
person or remote, meetings in groups whose codes repeat across sectors and in
a regional group, one meeting across New Year), builds the rollups, changes the
records the ways the platform does (check-in, bulk import, deletion, a person's
details completed) and refreshes only what was marked stale. Every stored
rollup must then equal ``participation_stats`` over its scope, and the
incremental result must equal a full rebuild.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from ponte.core.models import Person
from ponte.meetings.models import Attendance, Meeting
from ponte.meetings.signals import attendance_recorded
from ponte.stats.models import ParticipationRollup, StaleScope
from ponte.stats.rollups import rebuild_rollups, refresh_stale_rollups
from ponte.stats.selectors import ParticipationStats, participation_by_year, participation_figures, participation_stats
from tests.factories import OrganisationFactory, country, group

# (sector, group code, first day, days): SG3 of ITU-T and ITU-R share a code; SG3RG-AFR is a regional group of SG3.
MEETINGS = [
    ("ITU-T", "SG3", datetime.date(2024, 3, 4), 3),
    ("ITU-T", "SG3RG-AFR", datetime.date(2024, 12, 30), 4),  # across New Year: days in 2024 and 2025
    ("ITU-R", "SG3", datetime.date(2025, 5, 5), 2),
    ("ITU-T", "SG16", datetime.date(2025, 9, 1), 3),
]
DELEGATIONS = ["KEN", "NPL", "FJI", "DEU", "BRA", "RUS", None]

people_st = st.lists(
    st.tuples(st.sampled_from(["", "female", "male"]), st.one_of(st.none(), st.integers(1960, 2005))),
    min_size=1,
    max_size=6,
)
days_st = st.lists(
    st.tuples(
        st.integers(0, len(MEETINGS) - 1),  # meeting
        st.integers(0, 5),  # person (modulo the people)
        st.integers(0, 3),  # day offset (modulo the meeting's days)
        st.booleans(),  # remote
        st.sampled_from(DELEGATIONS),
        st.integers(0, 2),  # organisation: none, an SME, an administration
    ),
    max_size=25,
)


def _meetings() -> list[Meeting]:
    return [
        Meeting.objects.create(
            code=f"M{index}",
            group=group(sector, code),
            title_en=f"M{index}",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=days - 1),
            country=country("CHE"),
            city="Geneva",
        )
        for index, (sector, code, start, days) in enumerate(MEETINGS)
    ]


def _days(rows: list[Any], meetings: list[Meeting], people: list[Person], orgs: list[Any]) -> list[Attendance]:
    made: dict[tuple[int, int, datetime.date], Attendance] = {}
    for meeting_index, person_index, offset, remote, delegation, org_index in rows:
        meeting = meetings[meeting_index]
        person = people[person_index % len(people)]
        day = meeting.starts_on + datetime.timedelta(days=offset % MEETINGS[meeting_index][3])
        made[(meeting.pk, person.pk, day)] = Attendance(
            meeting=meeting,
            person=person,
            day=day,
            mode="remote" if remote else "in_person",
            delegation=country(delegation) if delegation else None,
            organisation=orgs[org_index],
            category="member_state",
        )
    return [
        day
        for key, day in made.items()
        if not Attendance.objects.filter(meeting_id=key[0], person_id=key[1], day=key[2]).exists()
    ]


def _stored() -> dict[tuple[int, str, str, str], dict[str, Any]]:
    return {(row.year, row.sector, row.group, row.region): row.figures for row in ParticipationRollup.objects.all()}


class RollupsEqualTheRawComputation(TestCase):
    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(people=people_st, first=days_st, second=days_st, delete=st.integers(0, 3), complete=st.booleans())
    def test_incremental_rollups_equal_raw_figures(
        self, people: list[Any], first: list[Any], second: list[Any], delete: int, complete: bool
    ) -> None:
        meetings = _meetings()
        persons = [Person.objects.create(given_name=f"P{i}", gender=g, birth_year=b) for i, (g, b) in enumerate(people)]
        orgs = [
            None,
            OrganisationFactory(category="sme", country=country("KEN")),
            OrganisationFactory(category="administration", country=country("DEU")),
        ]
        Attendance.objects.bulk_create(_days(first, meetings, persons, orgs))
        rebuild_rollups()

        # Then the records change: a bulk import (signal), a check-in (post_save), a deletion, a person completed.
        imported = _days(second, meetings, persons, orgs)
        half = len(imported) // 2
        Attendance.objects.bulk_create(imported[:half])
        attendance_recorded.send(sender=Attendance, meeting_ids={day.meeting_id for day in imported[:half]})
        for day in imported[half:]:
            day.save()
        doomed = Attendance.objects.order_by("pk")[delete : delete + 1].first()
        if doomed is not None:
            doomed.delete()
        if complete:
            person = persons[0]
            person.gender, person.birth_year = "female", 1999
            person.save()
        refresh_stale_rollups()

        incremental = _stored()
        for (year, sector, code, region), figures in incremental.items():
            raw = participation_stats(year=year or None, sector=sector, group=code, region=region)
            assert figures == raw.as_json(), (year, sector, code, region)
        assert not StaleScope.objects.exists()
        rebuild_rollups()
        assert _stored() == incremental


pytestmark = pytest.mark.django_db


@pytest.fixture
def two_meetings() -> list[Meeting]:
    return _meetings()[2:]


def _attend(meeting: Meeting, person: Person, delegation: str = "KEN", offset: int = 0) -> Attendance:
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        day=meeting.starts_on + datetime.timedelta(days=offset),
        mode="in_person",
        delegation=country(delegation),
        category="member_state",
    )


def test_the_api_reads_the_rollup_in_one_query(client, two_meetings, django_assert_num_queries) -> None:
    _attend(two_meetings[0], Person.objects.create(given_name="Amina", gender="female"))
    rebuild_rollups()
    with django_assert_num_queries(1):
        figures = participation_figures(year=2025, sector="ITU-R")
    assert figures.participants == 1
    answer = client.get("/api/v1/stats/participation?year=2025&sector=ITU-R").json()
    assert answer["participants"] == 1 and answer["women_share"] == 1.0


def test_a_scope_without_rollup_is_computed_from_the_records(two_meetings) -> None:
    _attend(two_meetings[1], Person.objects.create(given_name="Bishnu"), "NPL")
    assert not ParticipationRollup.objects.exists()
    assert participation_figures(year=2025, group="SG16").participants == 1
    rebuild_rollups()
    # No person-days in 2031: no rollup, and the figures say so.
    assert participation_figures(year=2031).participants == 0
    assert participation_by_year(years=[2025, 2031])[2031] == participation_stats(year=2031)


def test_a_check_in_refreshes_the_figures_once_committed(two_meetings, django_capture_on_commit_callbacks) -> None:
    rebuild_rollups()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _attend(two_meetings[1], Person.objects.create(given_name="Sera"), "FJI")
        _attend(two_meetings[1], Person.objects.create(given_name="Jonas"), "DEU")
    assert len(callbacks) == 1  # one refresh per transaction, however many person-days
    figures = participation_figures(year=2025, group="SG16", region="ASP")
    assert ParticipationRollup.objects.filter(year=2025, group="SG16", region="ASP").exists()
    assert figures.participants == 1 and figures.by_classification["SIDS"] == 1
    assert participation_figures(sector="ITU-T").participants == 2


def test_an_attendance_import_refreshes_the_figures(two_meetings, django_capture_on_commit_callbacks) -> None:
    from ponte.meetings.attendance_import import import_attendance

    content = (
        "meeting,email,name,gender,birth_year,country,organisation,category,mode,day\n"
        f"{two_meetings[0].code},ana@example.org,Ana Lima,F,1998,BRA,,member_state,remote,2025-05-05\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        report = import_attendance(file_name="days.csv", content=content)
    assert report.ok, report.errors
    figures = participation_figures(year=2025, sector="ITU-R", group="SG3")
    assert ParticipationRollup.objects.filter(year=2025, sector="ITU-R", group="SG3", region="").exists()
    assert (figures.participants, figures.remote_share, figures.youth_share) == (1, 1.0, 1.0)


def test_the_command_rebuilds_every_rollup(two_meetings) -> None:
    _attend(two_meetings[0], Person.objects.create(given_name="Otieno"))
    call_command("rebuild_participation_rollups", verbosity=0)
    assert ParticipationRollup.objects.filter(year=0, sector="", group="", region="").exists()
    stored = ParticipationStats.from_json(
        ParticipationRollup.objects.get(year=2025, sector="", group="", region="AFR").figures
    )
    assert stored == participation_stats(year=2025, region="AFR")


def test_only_changes_the_indicators_read_mark_rollups_stale(two_meetings) -> None:
    person = Person.objects.create(given_name="Lina", gender="female")
    _attend(two_meetings[1], person)
    StaleScope.objects.all().delete()
    person.family_name = "Haddad"
    person.save()
    country("KEN").save()  # nothing changed
    assert not StaleScope.objects.exists()
    person.gender = "male"
    person.save()
    assert set(StaleScope.objects.values_list("year", "group__code")) == {(2025, "SG16")}
