"""Fellowships in the API, for the same people as the pages: a focal point follows its countries' nominations, the
secretariat sees a meeting's budget and candidates by priority; money as exact decimal strings in CHF; the reads
stay the same number of queries as nominations grow."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ponte.core.models import RoleKind, User
from ponte.meetings.models import Fellowship, Meeting
from ponte.meetings.services.fellowships import award_fellowship, decline_fellowship, nominate_fellow
from tests.conftest import signed_in
from tests.factories import PersonFactory, country, fund_bsg, group, with_role
from tests.reads import queries as _queries

pytestmark = pytest.mark.django_db

MINE = "/api/v1/meetings/fellowships/mine"


@pytest.fixture(autouse=True)
def _in_may_2026() -> Any:
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _bsg_fund(db: None, _in_may_2026: None) -> None:
    fund_bsg("100000.00", year=2026)


@pytest.fixture
def meeting() -> Meeting:
    """Five days in Geneva, registration until 1 June, CHF 10,000 for fellowships."""
    return _meeting("T25-SG16-260615", datetime.date(2026, 6, 15))


def _meeting(code: str, starts_on: datetime.date) -> Meeting:
    return Meeting.objects.create(
        code=code,
        group=group("ITU-T", "SG16"),
        title_en="ITU-T SG16 meeting",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=4),
        country=country("CHE"),
        city="Geneva",
        registration_deadline=datetime.date(2026, 6, 1),
        fellowship_budget=Decimal("10000.00"),
    )


def _decisions(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.code}/fellowships"


def _nominate(meeting: Meeting, alpha3: str, focal_point: User | None = None, **person: Any) -> Fellowship:
    return nominate_fellow(
        actor=focal_point or with_role(RoleKind.FOCAL_POINT, country=country(alpha3)),
        meeting=meeting,
        person=PersonFactory(country=country(alpha3), **person),
        country=country(alpha3),
        motivation=f"Leads the {alpha3} work on IPTV accessibility.",
    )


def _award(secretariat: User, fellowship: Fellowship, kind: str = "full", **amounts: Any) -> Fellowship:
    values = {"ticket": Decimal("1200.50"), "daily_allowance": Decimal("300"), "days": 5, **amounts}
    return award_fellowship(actor=secretariat, fellowship=fellowship, kind=kind, **values)


ROLES = ["anonymous", "member", "representative", "japan_focal_point", "egypt_focal_point", "secretariat"]


def _client(request: pytest.FixtureRequest, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))


@pytest.mark.parametrize(
    ("address", "page", "expected"),
    [
        (lambda meeting: MINE, "fellowship_mine", [401, 403, 403, 200, 200, 403]),
        (_decisions, "fellowship_decisions", [401, 403, 403, 403, 403, 200]),
    ],
)
def test_who_may_read_them_is_who_may_open_the_page(
    request: pytest.FixtureRequest,
    meeting: Meeting,
    address: Callable[[Meeting], str],
    page: str,
    expected: list[int],
) -> None:
    url = reverse(f"meetings:{page}", args=[] if page == "fellowship_mine" else [meeting.code])
    pages = [_client(request, role).get(url).status_code for role in ROLES]

    answers = [_client(request, role).get(address(meeting)).status_code for role in ROLES]

    assert answers == expected
    assert [302 if status == 401 else status for status in answers] == pages


# --- A focal point's nominations -------------------------------------------------------------------------------


def test_a_focal_point_reads_its_countrys_nominations_and_their_decisions(
    meeting: Meeting, secretariat: User, egypt_focal_point: User
) -> None:
    later = _meeting("T25-SG16-261012", datetime.date(2026, 10, 12))
    awarded = _award(secretariat, _nominate(meeting, "EGY", egypt_focal_point, given_name="Amina", family_name="Saleh"))
    declined = _nominate(meeting, "EGY", egypt_focal_point, given_name="Omar", family_name="Farouk")
    decline_fellowship(actor=secretariat, fellowship=declined, note="One fellowship per country this time.")
    pending = _nominate(later, "EGY", egypt_focal_point, given_name="Laila", family_name="Hassan")
    _nominate(meeting, "KEN", given_name="Wanjiru", family_name="Kamau")  # another country's

    response = signed_in(egypt_focal_point).get(MINE)

    assert response.status_code == 200
    assert response.json()["count"] == 3
    items = {item["id"]: item for item in response.json()["items"]}
    assert [item["id"] for item in response.json()["items"]] == [pending.pk, awarded.pk, declined.pk]
    assert items[awarded.pk] == {
        "id": awarded.pk,
        "meeting": meeting.code,
        "meeting_starts_on": "2026-06-15",
        "candidate": "Amina Saleh",
        "country": "EGY",
        "state": "awarded",
        "kind": "full",
        "currency": "CHF",
        "amount": "2700.50",
        "decision_note": "",
    }
    assert (items[declined.pk]["state"], items[declined.pk]["amount"]) == ("declined", None)
    assert items[declined.pk]["decision_note"] == "One fellowship per country this time."
    assert (items[pending.pk]["state"], items[pending.pk]["kind"], items[pending.pk]["amount"]) == (
        "nominated",
        "",
        None,
    )
    assert "Wanjiru" not in response.content.decode()


def test_another_countrys_focal_point_reads_none_of_them(meeting: Meeting, japan_focal_point: User) -> None:
    _nominate(meeting, "EGY", given_name="Amina")

    response = signed_in(japan_focal_point).get(MINE)

    assert response.json() == {"items": [], "count": 0}


def test_the_nominations_page_by_limit_and_offset(meeting: Meeting, egypt_focal_point: User) -> None:
    made = [_nominate(meeting, "EGY", egypt_focal_point) for _ in range(5)]
    browser = signed_in(egypt_focal_point)

    first = browser.get(MINE, {"limit": 2}).json()
    last = browser.get(MINE, {"limit": 2, "offset": 4}).json()

    assert first["count"] == last["count"] == 5
    assert [item["id"] for item in first["items"]] == [made[0].pk, made[1].pk]
    assert [item["id"] for item in last["items"]] == [made[4].pk]
    assert browser.get(MINE, {"limit": 101}).status_code == 422


# --- The secretariat's view of a meeting -----------------------------------------------------------------------


def test_the_secretariat_reads_the_budget_and_the_candidates_by_priority(meeting: Meeting, secretariat: User) -> None:
    nepal = _award(secretariat, _nominate(meeting, "NPL", gender="female"))
    for alpha3, gender in [("KEN", "male"), ("EGY", "female"), ("FJI", "")]:
        _nominate(meeting, alpha3, gender=gender)

    response = signed_in(secretariat).get(_decisions(meeting))

    assert response.status_code == 200
    body = response.json()
    assert (body["meeting"], body["nominations_close_on"]) == (meeting.code, "2026-06-01")
    assert body["budget"] == {
        "currency": "CHF",
        "budget": "10000.00",
        "awarded": "2700.50",
        "left": "7299.50",
        "percent_awarded": 27,
        "awaiting_decision": 3,
        "fellowships_awarded": 1,
        "to_women": 1,
        "to_men": 0,
        "regions": 1,
    }
    candidates = body["candidates"]
    # Fiji (SIDS) and Nepal (LDC, LLDC) first; then Kenya (Africa) and Egypt (Arab States), by region.
    assert [(c["country"], c["priority"], c["gender"]) for c in candidates] == [
        ("FJI", "first", None),
        ("NPL", "first", "female"),
        ("KEN", "developing", "male"),
        ("EGY", "developing", "female"),
    ]
    assert candidates[1]["id"] == nepal.pk
    assert (candidates[1]["state"], candidates[1]["kind"], candidates[1]["amount"]) == ("awarded", "full", "2700.50")
    assert (candidates[2]["state"], candidates[2]["amount"], candidates[2]["currency"]) == ("nominated", None, "CHF")
    assert "LDC" in candidates[1]["classifications"]
    assert candidates[3]["motivation"] == "Leads the EGY work on IPTV accessibility."


def test_an_unknown_meeting_is_not_found_as_on_the_page(secretariat: User, egypt_focal_point: User) -> None:
    for user in (secretariat, egypt_focal_point):
        response = signed_in(user).get("/api/v1/meetings/T99-NOWHERE/fellowships")
        assert response.status_code == 404
        assert signed_in(user).get(reverse("meetings:fellowship_decisions", args=["T99-NOWHERE"])).status_code == 404


def test_the_candidates_of_a_meeting_nobody_nominated_for(meeting: Meeting, secretariat: User) -> None:
    body = signed_in(secretariat).get(_decisions(meeting)).json()

    assert body["candidates"] == []
    assert (body["budget"]["awarded"], body["budget"]["left"], body["budget"]["percent_awarded"]) == (
        "0.00",
        "10000.00",
        0,
    )


# --- Planned reads ---------------------------------------------------------------------------------------------


def test_both_read_the_same_queries_as_nominations_grow(
    meeting: Meeting, secretariat: User, egypt_focal_point: User
) -> None:
    staff, focal_point = signed_in(secretariat), signed_in(egypt_focal_point)
    _award(secretariat, _nominate(meeting, "EGY", egypt_focal_point), "partial", days=2)
    few = (_queries(lambda: staff.get(_decisions(meeting))), _queries(lambda: focal_point.get(MINE)))
    for alpha3 in ["NPL", "FJI", "KEN", "RWA", "BRA"]:
        _nominate(meeting, alpha3)
    for _ in range(4):
        _nominate(meeting, "EGY", egypt_focal_point)
    assert (_queries(lambda: staff.get(_decisions(meeting))), _queries(lambda: focal_point.get(MINE))) == few
