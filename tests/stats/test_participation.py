"""Participation indicators (Resolution 44) on a small dataset whose figures are worked out by hand."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ponte.core.models import Person
from ponte.meetings.models import Attendance, Meeting
from ponte.stats.selectors import participation_stats
from tests.factories import OrganisationFactory, country, group

pytestmark = pytest.mark.django_db


def _meeting(code: str, sector: str, group_code: str, start: datetime.date, days: int = 3) -> Meeting:
    return Meeting.objects.create(
        code=code,
        group=group(sector, group_code),
        title_en=code,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=days - 1),
        country=country("CHE"),
        city="Geneva",
    )


def _attend(meeting: Meeting, person: Person, delegation: str, *days: int, mode: str = "in_person", org=None) -> None:
    for offset in days:
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            day=meeting.starts_on + datetime.timedelta(days=offset),
            mode=mode,
            delegation=country(delegation),
            organisation=org,
            category="member_state",
        )


@pytest.fixture
def dataset() -> dict[str, Meeting]:
    sg16 = _meeting("SG16-2025", "ITU-T", "SG16", datetime.date(2025, 3, 3))
    sg20 = _meeting("SG20-2025", "ITU-T", "SG20", datetime.date(2025, 9, 1))
    d_sg1 = _meeting("D-SG1-2025", "ITU-D", "SG1", datetime.date(2025, 5, 5))
    old = _meeting("SG16-2024", "ITU-T", "SG16", datetime.date(2024, 3, 4))
    ministry = OrganisationFactory(category="administration", country=country("NPL"))
    company = OrganisationFactory(category="sector_member", country=country("DEU"))
    # Nepal: LDC and LLDC, developing, ASP. Fiji: SIDS, developing, ASP. Kenya: developing, AFR. Germany: EUR.
    amina = Person.objects.create(given_name="Amina", gender="female", birth_year=1995)  # 30 in 2025
    bishnu = Person.objects.create(given_name="Bishnu", gender="male", birth_year=1980)
    sera = Person.objects.create(given_name="Sera", gender="female")  # birth year unknown
    jonas = Person.objects.create(given_name="Jonas")  # gender and birth year unknown
    _attend(sg16, amina, "KEN", 0, 1, 2, mode="remote")
    _attend(sg16, bishnu, "NPL", 0, 1, org=ministry)
    _attend(sg20, bishnu, "NPL", 0, org=ministry)
    fiji_sme = OrganisationFactory(category="sme", country=country("FJI"))
    _attend(sg16, sera, "FJI", 0, mode="remote", org=fiji_sme)
    _attend(d_sg1, jonas, "DEU", 0, 1, org=company)
    _attend(old, jonas, "DEU", 0, org=company)
    _other_records(sg16, ministry, company, amina, bishnu)
    return {"sg16": sg16, "sg20": sg20, "d_sg1": d_sg1, "old": old}


def _other_records(sg16: Meeting, ministry, company, amina: Person, bishnu: Person) -> None:
    """One contribution each from Nepal and Germany, Bishnu vice-chair, two fellowships (one used), a waiver."""
    from decimal import Decimal

    from ponte.core.models import Affiliation, RoleKind, Sector
    from ponte.meetings.models import Contribution, Fellowship, LeadershipPost
    from ponte.membership.models import FeeWaiver, Membership
    from tests.factories import with_role

    staff = with_role(RoleKind.SECRETARIAT)
    for number, source in (("SG16-C1", ministry), ("SG16-C2", company)):
        contribution = Contribution.objects.create(
            number=number, title=number, group=sg16.group, file="c.pdf", size=1, content_type="application/pdf",
            submitted_by=staff,
        )  # fmt: skip
        Contribution.objects.filter(pk=contribution.pk).update(
            submitted_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
        )
        contribution.sources.set([source])
    Affiliation.objects.create(person=bishnu, organisation=ministry)
    LeadershipPost.objects.create(
        group=sg16.group, person=bishnu, organisation=ministry, role="vice_chair", region="ASP",
        starts_on=datetime.date(2022, 1, 1),
    )  # fmt: skip
    kenyan = Person.objects.create(given_name="Otieno", country=country("KEN"))
    for fellow in (amina, kenyan):
        Fellowship.objects.create(
            meeting=sg16, person=fellow, country=country("KEN"), state="awarded", amount=Decimal("1000"),
            nominated_by=staff,
        )  # fmt: skip
    university = OrganisationFactory(category="academia", country=country("KEN"))
    membership = Membership.objects.create(
        organisation=university, sector=Sector.objects.get(code="ITU-T"), category="academia", start_year=2025
    )
    FeeWaiver.objects.create(membership=membership, first_year=2025, last_year=2028)


def test_indicators_of_a_year(dataset, django_assert_num_queries) -> None:
    with django_assert_num_queries(7):
        stats = participation_stats(year=2025)
    assert stats.as_json() == {
        "participants": 4,
        "organisations": 3,
        "person_days": 9,
        "developing_share": 0.75,  # Amina (KEN), Bishnu (NPL), Sera (FJI) of 4
        "remote_share": 0.4444,  # 4 remote days of 9
        "women_share": 0.6667,  # Amina and Sera of the 3 whose gender is known
        "youth_share": 0.5,  # Amina of the 2 whose birth year is known
        "by_region": {"AFR": 1, "AMS": 0, "ARB": 0, "ASP": 2, "CIS": 0, "EUR": 1},
        "by_classification": {"LDC": 1, "SIDS": 1, "LLDC": 1},
        "contributions_developing": 1,  # SG16-C1 from Nepal's ministry
        "leadership_developing": 1,  # Bishnu, vice-chair, of Nepal's ministry
        "fellowships_awarded": 2,
        "fellowships_used": 1,  # Amina attended; Otieno did not
        "new_academia_developing": 1,
        "smes_taking_part": 1,  # Sera's Fijian SME
    }


def test_filters_by_sector_group_and_region(dataset) -> None:
    itu_t = participation_stats(year=2025, sector="ITU-T")
    assert (itu_t.participants, itu_t.person_days) == (3, 7)
    sg16 = participation_stats(group="SG16")  # every year
    assert (sg16.participants, sg16.person_days) == (4, 7)
    asia = participation_stats(year=2025, region="ASP")
    assert asia.participants == 2 and asia.by_region["ASP"] == 2 and asia.by_region["AFR"] == 0


def test_nothing_known_gives_nulls_not_zeros(dataset) -> None:
    empty = participation_stats(year=1999)
    assert empty.participants == 0
    assert (empty.developing_share, empty.remote_share, empty.women_share, empty.youth_share) == (None,) * 4


def test_command_and_api_give_the_same_json(dataset, client) -> None:
    out = StringIO()
    call_command("participation_stats", "--year", "2025", "--sector", "ITU-T", "--group", "SG16", stdout=out)
    from_command = json.loads(out.getvalue())
    from_api = client.get("/api/v1/stats/participation?year=2025&sector=ITU-T&group=SG16").json()
    assert from_command == from_api
    assert from_api["participants"] == 3 and isinstance(from_api["remote_share"], float)
    assert client.get("/api/v1/stats/participation?year=abc").status_code == 422
    assert client.get("/api/v1/stats/participation?region=XYZ").status_code == 422
    with pytest.raises(CommandError, match="Unknown region"):
        call_command("participation_stats", "--region", "XYZ")


def test_unknown_sector_or_group_is_refused_with_a_clear_message(dataset, client) -> None:
    answer = client.get("/api/v1/stats/participation?sector=ITU-X")
    assert answer.status_code == 422 and "Unknown sector ITU-X" in answer.content.decode()
    answer = client.get("/api/v1/stats/participation?group=SG99")
    assert answer.status_code == 422 and "no group with the code SG99" in answer.content.decode()
    # Codes are matched as stored, whatever their case.
    assert client.get("/api/v1/stats/participation?year=2025&group=sg16").json()["participants"] == 3
    with pytest.raises(CommandError, match="no group with the code SG99"):
        call_command("participation_stats", "--group", "SG99")
    with pytest.raises(CommandError, match="Unknown sector"):
        call_command("participation_stats", "--sector", "ITU-X")
