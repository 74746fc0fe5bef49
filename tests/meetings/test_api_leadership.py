"""Leadership in the API, public as its pages: a group's current leaders (its subgroups' too, a working party's
code with its slash), the regional balance per group and across all groups, in a constant number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from ponte.core.models import Group, Organisation, Person, RoleKind
from ponte.meetings.models import LeadershipPost
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, PersonFactory, country, group, with_role
from tests.reads import queries as _queries

pytestmark = pytest.mark.django_db

GROUP = "/api/v1/meetings/leadership"
BALANCE = "/api/v1/meetings/leadership/balance"


@pytest.fixture(autouse=True)
def _in_may_2026() -> Any:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def deutsche_telekom() -> Organisation:
    return OrganisationFactory(name="Deutsche Telekom", category="sector_member", country=country("DEU"))


def _post(target: Group, organisation: Organisation, role: str, nationality: str, **fields: Any) -> LeadershipPost:
    return LeadershipPost.objects.create(
        group=target,
        person=fields.pop("person", None) or PersonFactory(country=country(nationality)),
        organisation=organisation,
        role=role,
        starts_on=fields.pop("starts_on", datetime.date(2025, 1, 1)),
        **fields,
    )


@pytest.fixture
def working_party() -> Group:
    sg16 = group("ITU-T", "SG16")
    return Group.objects.create(
        sector=sg16.sector, code="WP1/16", kind="working_party", parent=sg16, title="Multimedia systems"
    )


@pytest.fixture
def known_leadership(deutsche_telekom: Organisation, working_party: Group) -> dict[str, Any]:
    """SG16: a German chair (EUR), a Kenyan vice-chair of a German member representing Africa, a former chair and a
    future one (neither in post today); its working party: a rapporteur of a Kenyan university. SG20: an Egyptian
    vice-chair (Arab States); an international organisation's mentor (no region) in SG20's regional group."""
    sg16, sg20, sg20_africa = group("ITU-T", "SG16"), group("ITU-T", "SG20"), group("ITU-T", "SG20RG-AFR")
    nairobi = OrganisationFactory(name="University of Nairobi", category="academia", country=country("KEN"))
    egypt = OrganisationFactory(name="NTRA", category="administration", country=country("EGY"))
    agency = OrganisationFactory(name="Agency", category="international_organisation", country=None)
    chair = PersonFactory(given_name="Hanna", family_name="Becker", country=country("DEU"))
    return {
        "chair": _post(sg16, deutsche_telekom, "chair", "DEU", person=chair, ends_on=datetime.date(2028, 12, 31)),
        "vice_chair": _post(sg16, deutsche_telekom, "vice_chair", "KEN", region="AFR", regional_duties="Africa"),
        "former": _post(
            sg16,
            deutsche_telekom,
            "chair",
            "DEU",
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2024, 12, 31),
        ),
        "future": _post(sg16, deutsche_telekom, "mentor", "DEU", starts_on=datetime.date(2027, 1, 1)),
        "rapporteur": _post(working_party, nairobi, "rapporteur", "KEN", question="Q5/16"),
        "sg20": _post(sg20, egypt, "vice_chair", "EGY", region="ARB"),
        "mentor": _post(sg20_africa, agency, "mentor", "CHE"),
    }


def test_anyone_reads_a_groups_current_leaders_with_its_subgroups(known_leadership: dict[str, Any]) -> None:
    response = Client().get(GROUP, {"sector": "ITU-T", "group": "SG16"})

    assert response.status_code == 200
    body = response.json()
    assert (body["sector"], body["group"], body["title"]) == ("ITU-T", "SG16", str(group("ITU-T", "SG16").title))
    assert [(post["group"], post["role"]) for post in body["posts"]] == [
        ("SG16", "chair"),
        ("SG16", "vice_chair"),
        ("WP1/16", "rapporteur"),
    ]
    assert body["posts"][0] == {
        "group": "SG16",
        "role": "chair",
        "person": "Hanna Becker",
        "organisation": "Deutsche Telekom",
        "organisation_country": "DEU",
        "region": "",
        "regional_duties": "",
        "question": "",
        "starts_on": "2025-01-01",
        "ends_on": "2028-12-31",
    }
    assert (body["posts"][1]["region"], body["posts"][1]["regional_duties"]) == ("AFR", "Africa")
    assert (body["posts"][2]["question"], body["posts"][2]["organisation"]) == ("Q5/16", "University of Nairobi")
    # Public, like the page: no email of anyone.
    for email in Person.objects.values_list("email", flat=True):
        assert email not in response.content.decode()


def test_a_groups_regional_balance_is_the_pages(known_leadership: dict[str, Any]) -> None:
    body = Client().get(GROUP, {"sector": "ITU-T", "group": "SG16"}).json()

    assert [(row["group"], row["posts"]) for row in body["balance"]] == [("SG16", 2), ("WP1/16", 1)]
    sg16 = body["balance"][0]
    assert {region: posts for region, posts in sg16["by_region"].items() if posts} == {"AFR": 1, "EUR": 1}
    assert set(sg16["by_region"]) == {"AFR", "AMS", "ARB", "ASP", "CIS", "EUR"}
    assert (sg16["from_developing"], sg16["developing_share"]) == (1, 50.0)
    total = body["total"]
    assert (total["sector"], total["group"], total["posts"], total["from_developing"]) == (None, None, 3, 2)


def test_a_working_partys_code_holds_its_slash(known_leadership: dict[str, Any]) -> None:
    body = Client().get(GROUP, {"sector": "ITU-T", "group": "WP1/16"}).json()

    assert [(post["group"], post["role"], post["question"]) for post in body["posts"]] == [
        ("WP1/16", "rapporteur", "Q5/16")
    ]


def test_the_balance_across_all_groups_is_the_overview_pages(known_leadership: dict[str, Any]) -> None:
    body = Client().get(BALANCE).json()

    rows = {row["group"]: row for row in body["groups"]}
    assert list(rows) == ["SG16", "WP1/16", "SG20", "SG20RG-AFR"]
    assert (rows["SG20RG-AFR"]["without_region"], rows["SG20RG-AFR"]["developing_share"]) == (1, 0.0)
    assert {region: posts for region, posts in body["total"]["by_region"].items() if posts} == {
        "AFR": 2,
        "ARB": 1,
        "EUR": 1,
    }
    assert (body["total"]["without_region"], body["total"]["posts"], body["total"]["from_developing"]) == (1, 5, 3)


def test_without_posts_the_lists_are_empty_and_the_share_is_null(db: None) -> None:
    body = Client().get(GROUP, {"sector": "ITU-R", "group": "SG5"}).json()

    assert (body["posts"], body["balance"]) == ([], [])
    assert (body["total"]["posts"], body["total"]["developing_share"]) == (0, None)
    assert Client().get(BALANCE).json()["groups"] == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"sector": "ITU-T", "group": "SG99"}, 404),
        ({"sector": "ITU-X", "group": "SG16"}, 404),
        ({"sector": "ITU-T"}, 422),
        ({"group": "SG16"}, 422),
        ({"sector": "ITU-T", "group": "S" * 33}, 422),
    ],
)
def test_an_unknown_or_missing_group_is_refused(query: dict[str, str], status: int) -> None:
    assert Client().get(GROUP, query).status_code == status


def test_signed_in_or_not_everyone_reads_the_same(known_leadership: dict[str, Any], secretariat: Any) -> None:
    anonymous = Client().get(GROUP, {"sector": "ITU-T", "group": "SG16"}).json()
    for user in (with_role(RoleKind.REPRESENTATIVE, organisation=OrganisationFactory()), secretariat):
        assert signed_in(user).get(GROUP, {"sector": "ITU-T", "group": "SG16"}).json() == anonymous


def test_both_read_the_same_queries_as_posts_grow(
    known_leadership: dict[str, Any], deutsche_telekom: Organisation, working_party: Group
) -> None:
    client = Client()

    def counts() -> tuple[int, int]:
        return (
            _queries(lambda: client.get(GROUP, {"sector": "ITU-T", "group": "SG16"})),
            _queries(lambda: client.get(BALANCE)),
        )

    few = counts()
    for code in ("SG5", "SG11", "SG12", "SG13", "SG17"):
        _post(group("ITU-T", code), deutsche_telekom, "vice_chair", "DEU", region="EUR")
    for nationality in ("KEN", "JPN", "BRA"):
        _post(working_party, deutsche_telekom, "mentor", nationality)
        _post(group("ITU-T", "SG16"), deutsche_telekom, "rapporteur", nationality, question="Q1/16")
    assert counts() == few
