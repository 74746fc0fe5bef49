"""The sponsorship API's event page and requests: an event as its public page shows it, "My sponsorships" for the
sponsors' representatives, an event's requests for the secretariat, and one request for those the pages show it to."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ponte.core.models import Organisation, Role, RoleKind, User
from ponte.sponsorship import services
from ponte.sponsorship.models import Activity, SponsorshipRequest
from ponte.tokens import services as tokens
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country, with_role
from tests.portal.factories import meeting
from tests.reads import queries as _queries
from tests.reads import walk as _walk
from tests.sponsorship.conftest import World
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/sponsorship/requests/mine"
EVENT_REQUESTS = "/api/v1/sponsorship/events/GSR-27/requests"


def _ask(activity: Activity, organisation: Organisation, by: User, message: str = "") -> SponsorshipRequest:
    return services.request_sponsorship(activity=activity, organisation=organisation, requested_by=by, message=message)


def _references(items: list[dict[str, Any]]) -> list[str]:
    return [item["reference"] for item in items]


def _bearer(user: User, organisation: Organisation, scopes: list[str]) -> dict[str, str]:
    token = tokens.create_token(organisation=organisation, created_by=user, name="ERP", scopes=scopes, expires_at=None)
    return {"Authorization": f"Bearer {token.plain}"}


# --- The event's page ----------------------------------------------------------------------------------------------


def test_anyone_reads_a_published_event_as_its_page_shows_it(client: Client, world: World) -> None:
    _ask(world.dinner, world.member, world.member_rep)
    response = client.get("/api/v1/sponsorship/events/GSR-27")
    assert response.status_code == 200
    event = response.json()
    assert {key: event[key] for key in ("code", "title", "country", "currency", "member_discount", "city")} == {
        "code": "GSR-27",
        "title": "Global Symposium for Regulators",
        "country": "CH",
        "currency": "USD",
        "member_discount": "15.00",
        "city": "Geneva",
    }
    assert event["published"] and event["open"] and event["meeting"] is None
    assert event["starts_on"] == world.event.starts_on.isoformat()
    activities = {row["name"]: row for row in event["activities"]}
    assert activities["Regulators' dinner"]["slots_left"] == 0 and activities["Regulators' dinner"]["sold_out"]
    assert activities["Side event, half day"]["price"] == "12345.67"
    assert event["activities"] == client.get("/api/v1/sponsorship/events/GSR-27/activities").json()


def test_the_event_is_read_in_the_language_of_the_request(client: Client, world: World) -> None:
    event = client.get("/api/v1/sponsorship/events/GSR-27", headers={"accept-language": "ar"}).json()
    assert event["title"] == "الندوة العالمية لمنظمي الاتصالات"
    assert "استراحة قهوة" in [activity["name"] for activity in event["activities"]]


def test_the_event_names_the_meeting_it_is_held_with(client: Client, world: World) -> None:
    held_with = meeting(title="World Telecommunication Development Conference")
    world.event.meeting = held_with
    world.event.save()
    event = client.get("/api/v1/sponsorship/events/GSR-27").json()
    assert event["meeting"] == {"code": held_with.code, "title": "World Telecommunication Development Conference"}


def test_an_event_under_way_no_longer_takes_requests(client: Client) -> None:
    today = timezone.localdate()
    SponsoredEventFactory(code="WTDC-26", starts_on=today - datetime.timedelta(days=1), ends_on=today)
    event = client.get("/api/v1/sponsorship/events/WTDC-26").json()
    assert event["published"] and not event["open"]


def test_an_unpublished_event_is_found_by_the_secretariat_only(
    client: Client, world: World, secretariat: User, japan_focal_point: User
) -> None:
    draft = SponsoredEventFactory(code="DRAFT-27", is_published=False)
    ActivityFactory(event=draft, name_en="Welcome reception")
    address = f"/api/v1/sponsorship/events/{draft.code}"
    for browser in (client, signed_in(world.member_rep), signed_in(japan_focal_point)):
        response = browser.get(address)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    event = signed_in(secretariat).get(address).json()
    assert not event["published"] and not event["open"]
    assert [activity["name"] for activity in event["activities"]] == ["Welcome reception"]


def test_an_unknown_event_is_404(client: Client) -> None:
    assert client.get("/api/v1/sponsorship/events/NOPE-99").status_code == 404


# --- My sponsorships -------------------------------------------------------------------------------------------------


def test_my_sponsorships_are_my_organisations_requests_newest_first(world: World) -> None:
    first = _ask(world.coffee, world.member, world.member_rep, message="Our logo on the cups, please.")
    second = _ask(world.dinner, world.member, world.member_rep)
    _ask(world.side_event, world.non_member, world.non_member_rep)
    page = signed_in(world.member_rep).get(MINE).json()
    assert set(page) == {"items", "next", "previous"}
    assert _references(page["items"]) == [second.reference, first.reference]
    assert page["items"][1] == {
        "reference": first.reference,
        "state": "requested",
        "state_label": "Requested, awaiting confirmation",
        "event": "GSR-27",
        "event_title": "Global Symposium for Regulators",
        "activity": world.coffee.pk,
        "activity_name": "Coffee break",
        "organisation": world.member.pk,
        "organisation_name": "Andes Telecom",
        "requested_at": page["items"][1]["requested_at"],
        "list_price": "5000.00",
        "discount_percent": "15.00",
        "price": "4250.00",
        "currency": "USD",
        "decided_at": None,
        "note": "",
    }
    shown = datetime.datetime.fromisoformat(page["items"][1]["requested_at"])
    assert abs(shown - first.requested_at) < datetime.timedelta(milliseconds=1)


def test_my_sponsorships_tell_the_secretariats_decision_and_note(world: World, secretariat: User) -> None:
    asked = _ask(world.side_event, world.member, world.member_rep)
    services.decline_request(request=asked, decided_by=secretariat, note="Both side-event slots went to members.")
    [item] = signed_in(world.member_rep).get(MINE).json()["items"]
    assert item["state"] == "declined" and item["state_label"] == "Declined"
    assert item["note"] == "Both side-event slots went to members." and item["decided_at"] is not None


def test_a_representative_of_two_organisations_sees_both(world: World) -> None:
    mine = _ask(world.coffee, world.member, world.member_rep)
    other = _ask(world.side_event, world.non_member, world.non_member_rep)
    Role.objects.create(user=world.member_rep, kind=RoleKind.REPRESENTATIVE, organisation=world.non_member)
    assert set(_references(signed_in(world.member_rep).get(MINE).json()["items"])) == {
        mine.reference,
        other.reference,
    }


def test_an_account_without_an_organisation_has_no_sponsorships(
    world: World, member: User, japan_focal_point: User, secretariat: User
) -> None:
    _ask(world.coffee, world.member, world.member_rep)
    for user in (member, japan_focal_point, secretariat):
        response = signed_in(user).get(MINE)
        assert response.status_code == 200
        assert response.json()["items"] == []


def test_my_sponsorships_need_an_account(client: Client, world: World) -> None:
    _ask(world.coffee, world.member, world.member_rep)
    assert client.get(MINE).status_code == 401


def test_my_sponsorships_page_from_a_cursor(world: World) -> None:
    extra = ActivityFactory(event=world.event, name_en="Lanyards", slots=10)
    activities = (world.coffee, world.dinner, world.side_event, extra)
    asked = [_ask(activity, world.member, world.member_rep) for activity in activities]
    for number in range(2):
        sponsor = OrganisationFactory(name=f"Sponsor {number}")
        asked.append(_ask(extra, sponsor, with_role(RoleKind.REPRESENTATIVE, organisation=sponsor)))
        Role.objects.create(user=world.member_rep, kind=RoleKind.REPRESENTATIVE, organisation=sponsor)
    walked = _walk(signed_in(world.member_rep), MINE, limit=2)
    newest_first = sorted(asked, key=lambda request: (request.requested_at, request.pk), reverse=True)
    assert _references(walked) == [request.reference for request in newest_first]
    assert len(walked) == 6


def test_my_sponsorships_refuse_an_offset_and_a_page_too_large(world: World) -> None:
    browser = signed_in(world.member_rep)
    response = browser.get(MINE, {"offset": 10})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "offset"]
    response = browser.get(MINE, {"limit": 101})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "limit"]
    response = browser.get(MINE, {"cursor": "tampered"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_a_token_reads_its_creators_sponsorships_with_the_sponsorship_scope(world: World) -> None:
    asked = _ask(world.coffee, world.member, world.member_rep)
    client = Client()
    reader = _bearer(world.member_rep, world.member, ["sponsorship:read"])
    assert _references(client.get(MINE, headers=reader).json()["items"]) == [asked.reference]
    response = client.get(f"/api/v1/sponsorship/requests/{asked.reference}", headers=reader)
    assert response.status_code == 200 and response.json()["reference"] == asked.reference
    lacking = _bearer(world.member_rep, world.member, ["membership:read"])
    response = client.get(MINE, headers=lacking)
    assert response.status_code == 403 and "sponsorship:read" in response.json()["detail"]


def test_my_sponsorships_read_the_same_queries_as_requests_grow(world: World) -> None:
    browser = signed_in(world.member_rep)
    _ask(world.coffee, world.member, world.member_rep)
    few = _queries(lambda: browser.get(MINE))
    extra = ActivityFactory(event=world.event, name_en="Lanyards", slots=10)
    for activity in (world.dinner, world.side_event, extra):
        _ask(activity, world.member, world.member_rep)
    assert _queries(lambda: browser.get(MINE)) == few
    assert len(browser.get(MINE).json()["items"]) == 4


# --- The secretariat's requests of an event --------------------------------------------------------------------------


def test_the_secretariat_reads_an_events_requests_waiting_first(world: World, secretariat: User) -> None:
    declined = _ask(world.side_event, world.non_member, world.non_member_rep, message="Half a day is enough.")
    services.decline_request(request=declined, decided_by=secretariat, note="Reserved for members.")
    waiting = _ask(world.coffee, world.member, world.member_rep, message="Our logo on the cups, please.")
    other_event = ActivityFactory(event=SponsoredEventFactory(code="WTDC-26"))
    _ask(other_event, world.member, world.member_rep)
    page = signed_in(secretariat).get(EVENT_REQUESTS).json()
    assert page["count"] == 2
    assert _references(page["items"]) == [waiting.reference, declined.reference]
    first = page["items"][0]
    assert first["message"] == "Our logo on the cups, please."
    assert first["requested_by"] == (world.member_rep.get_full_name() or world.member_rep.email)
    assert first["organisation_name"] == "Andes Telecom" and first["price"] == "4250.00"
    assert page["items"][1]["note"] == "Reserved for members." and page["items"][1]["state"] == "declined"


def test_the_secretariat_filters_an_events_requests_by_state(world: World, secretariat: User) -> None:
    confirmed = _ask(world.dinner, world.member, world.member_rep)
    services.confirm_request(request=confirmed, decided_by=secretariat, note="")
    _ask(world.coffee, world.member, world.member_rep)
    browser = signed_in(secretariat)
    page = browser.get(EVENT_REQUESTS, {"state": "confirmed"}).json()
    assert _references(page["items"]) == [confirmed.reference]
    assert browser.get(EVENT_REQUESTS, {"state": "withdrawn"}).json() == {"items": [], "count": 0}
    response = browser.get(EVENT_REQUESTS, {"state": "paid"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "state"]


def test_the_secretariat_pages_an_events_requests(world: World, secretariat: User) -> None:
    extra = ActivityFactory(event=world.event, name_en="Lanyards", slots=10)
    sponsors = [OrganisationFactory(name=f"Sponsor {number}") for number in range(5)]
    for organisation in sponsors:
        _ask(extra, organisation, with_role(RoleKind.REPRESENTATIVE, organisation=organisation))
    browser = signed_in(secretariat)
    whole = _references(browser.get(EVENT_REQUESTS).json()["items"])
    first = browser.get(EVENT_REQUESTS, {"limit": 2}).json()
    rest = browser.get(EVENT_REQUESTS, {"limit": 2, "offset": 2}).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    assert _references(first["items"]) + _references(rest["items"]) == whole[:4]
    response = browser.get(EVENT_REQUESTS, {"limit": 101})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_the_secretariat_reads_the_requests_of_an_unpublished_event(world: World, secretariat: User) -> None:
    draft = SponsoredEventFactory(code="DRAFT-27", is_published=False)
    assert signed_in(secretariat).get(f"/api/v1/sponsorship/events/{draft.code}/requests").json()["count"] == 0
    assert signed_in(secretariat).get("/api/v1/sponsorship/events/NOPE-99/requests").status_code == 404


def test_an_events_requests_are_the_secretariats_only(
    client: Client, world: World, member: User, japan_focal_point: User
) -> None:
    _ask(world.coffee, world.member, world.member_rep, message="Our logo on the cups, please.")
    assert client.get(EVENT_REQUESTS).status_code == 401
    for user in (world.member_rep, world.non_member_rep, member, japan_focal_point):
        response = signed_in(user).get(EVENT_REQUESTS)
        assert response.status_code == 403, user
        assert response.json() == {"detail": "You are not allowed to do this."}
    token = _bearer(world.member_rep, world.member, ["sponsorship:read"])
    assert Client().get(EVENT_REQUESTS, headers=token).status_code == 403


def test_an_events_requests_read_the_same_queries_as_requests_grow(world: World, secretariat: User) -> None:
    browser = signed_in(secretariat)
    _ask(world.coffee, world.member, world.member_rep)
    few = _queries(lambda: browser.get(EVENT_REQUESTS))
    extra = ActivityFactory(event=world.event, name_en="Lanyards", slots=10)
    for number in range(4):
        organisation = OrganisationFactory(name=f"Sponsor {number}")
        _ask(extra, organisation, with_role(RoleKind.REPRESENTATIVE, organisation=organisation))
    assert _queries(lambda: browser.get(EVENT_REQUESTS)) == few
    assert browser.get(EVENT_REQUESTS).json()["count"] == 5


# --- One request -----------------------------------------------------------------------------------------------------


def test_the_sponsors_representative_reads_its_request_without_the_secretariats_details(world: World) -> None:
    asked = _ask(world.coffee, world.member, world.member_rep, message="Our logo on the cups, please.")
    colleague = with_role(RoleKind.REPRESENTATIVE, organisation=world.member)
    for user in (world.member_rep, colleague):
        response = signed_in(user).get(f"/api/v1/sponsorship/requests/{asked.reference}")
        assert response.status_code == 200
        found = response.json()
        assert found["reference"] == asked.reference and found["price"] == "4250.00"
        assert found["requested_by"] is None and found["message"] is None


def test_a_withdrawn_request_stays_readable_by_its_sponsor(world: World) -> None:
    asked = _ask(world.coffee, world.member, world.member_rep)
    services.withdraw_request(request=asked, actor=world.member_rep)
    found = signed_in(world.member_rep).get(f"/api/v1/sponsorship/requests/{asked.reference}").json()
    assert found["state"] == "withdrawn" and found["state_label"] == "Withdrawn"


def test_the_secretariat_reads_who_asked_and_their_message(world: World, secretariat: User) -> None:
    asked = _ask(world.coffee, world.member, world.member_rep, message="Our logo on the cups, please.")
    found = signed_in(secretariat).get(f"/api/v1/sponsorship/requests/{asked.reference}").json()
    assert found["message"] == "Our logo on the cups, please."
    assert found["requested_by"] == (world.member_rep.get_full_name() or world.member_rep.email)


def test_someone_elses_request_is_not_found(
    client: Client, world: World, member: User, japan_focal_point: User
) -> None:
    asked = _ask(world.coffee, world.member, world.member_rep, message="Our logo on the cups, please.")
    address = f"/api/v1/sponsorship/requests/{asked.reference}"
    assert client.get(address).status_code == 401
    # The sponsor is Japanese: its country's focal point does not see its requests either, as on the pages.
    assert world.member.country_id == country("JPN").pk
    peru_focal_point = with_role(RoleKind.FOCAL_POINT, country=country("PER"))
    for user in (world.non_member_rep, member, japan_focal_point, peru_focal_point):
        response = signed_in(user).get(address)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    stranger = _bearer(world.non_member_rep, world.non_member, ["sponsorship:read"])
    assert Client().get(address, headers=stranger).status_code == 404


def test_an_unknown_request_is_404(world: World, secretariat: User) -> None:
    assert signed_in(secretariat).get("/api/v1/sponsorship/requests/SP-1999-0001").status_code == 404


def test_the_new_operations_are_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/sponsorship/events/{code}",
        "/api/v1/sponsorship/events/{code}/requests",
        "/api/v1/sponsorship/requests/mine",
        "/api/v1/sponsorship/requests/{reference}",
    } <= set(paths)
    state = next(
        parameter
        for parameter in paths["/api/v1/sponsorship/events/{code}/requests"]["get"]["parameters"]
        if parameter["name"] == "state"
    )
    assert state["in"] == "query"
    for path in ("/api/v1/sponsorship/requests/mine", "/api/v1/sponsorship/requests/{reference}"):
        assert paths[path]["get"]["description"], path
