"""The sponsorship API: published events, their activities with the slots left, and the quote of the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.sponsorship.models import SponsorshipRequest
from tests.conftest import signed_in
from tests.sponsorship.conftest import World
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

pytestmark = pytest.mark.django_db


def test_the_events_are_the_published_upcoming_ones(client: Client, world: World) -> None:
    SponsoredEventFactory(code="DRAFT-27", is_published=False)
    [event] = client.get("/api/v1/sponsorship/events").json()
    assert event["code"] == "GSR-27" and event["title"] == "Global Symposium for Regulators"
    assert event["country"] == "CH" and event["currency"] == "USD"
    assert event["member_discount"] == "15.00" and event["activities"] == 3
    arabic = client.get("/api/v1/sponsorship/events", headers={"accept-language": "ar"}).json()
    assert arabic[0]["title"] == "الندوة العالمية لمنظمي الاتصالات"


def test_the_activities_have_their_price_and_slots_left(client: Client, world: World) -> None:
    SponsorshipRequest.objects.create(
        reference="SP-X-1", activity=world.dinner, organisation=world.member, requested_by=world.member_rep,
        list_price=world.dinner.price, price=world.dinner.price, currency="USD", state="requested",
    )  # fmt: skip
    activities = {row["name"]: row for row in client.get("/api/v1/sponsorship/events/GSR-27/activities").json()}
    assert activities["Regulators' dinner"] == {
        "id": world.dinner.pk,
        "kind": "social_event",
        "kind_label": "Social event",
        "name": "Regulators' dinner",
        "description": "A seated dinner for 300 guests.",
        "price": "40000.00",
        "currency": "USD",
        "slots": 1,
        "slots_left": 0,
        "sold_out": True,
    }
    assert activities["Coffee break"]["slots_left"] == 3
    assert client.get("/api/v1/sponsorship/events/NOPE/activities").status_code == 404
    draft = SponsoredEventFactory(code="DRAFT-27", is_published=False)
    assert client.get(f"/api/v1/sponsorship/events/{draft.code}/activities").status_code == 404


def test_the_quote_of_a_member_has_its_discount(world: World) -> None:
    response = signed_in(world.member_rep).get(
        "/api/v1/sponsorship/quote", {"activity": world.side_event.pk, "organisation": world.member.pk}
    )
    assert response.status_code == 200
    quote = response.json()
    assert {key: quote[key] for key in ("list_price", "discount_percent", "discount_amount", "total")} == {
        "list_price": "12345.67",
        "discount_percent": "15.00",
        "discount_amount": "1851.85",
        "total": "10493.82",
    }
    assert quote["member_discount_applies"] and quote["discount_reason"] == "member" and quote["open"]
    assert quote["organisation"] == world.member.pk and quote["event"] == "GSR-27" and quote["slots_left"] == 2


def test_an_anonymous_quote_has_no_discount(client: Client, world: World) -> None:
    quote = client.get("/api/v1/sponsorship/quote", {"activity": world.side_event.pk}).json()
    assert quote["total"] == "12345.67" and quote["discount_reason"] == "no_organisation"
    assert quote["organisation"] is None


def test_a_suspended_member_is_told_why(world: World) -> None:
    quote = (
        signed_in(world.suspended_rep)
        .get("/api/v1/sponsorship/quote", {"activity": world.coffee.pk, "organisation": world.suspended.pk})
        .json()
    )
    assert quote["total"] == "5000.00" and quote["discount_reason"] == "suspended"


def test_asking_the_discount_of_an_organisation_one_does_not_represent_is_403(client: Client, world: World) -> None:
    params = {"activity": world.coffee.pk, "organisation": world.member.pk}
    assert client.get("/api/v1/sponsorship/quote", params).status_code == 403
    response = signed_in(world.non_member_rep).get("/api/v1/sponsorship/quote", params)
    assert response.status_code == 403 and response.json() == {"detail": "You are not allowed to do this."}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "activity"),
        ({"activity": "coffee"}, "activity"),
        ({"activity": "999999"}, "activity"),
        ({"activity": "COFFEE", "organisation": "x"}, None),
    ],
)
def test_bad_input_is_422_with_the_field(
    client: Client, world: World, params: dict[str, str], field: str | None
) -> None:
    params = {key: (str(world.coffee.pk) if value == "COFFEE" else value) for key, value in params.items()}
    response = client.get("/api/v1/sponsorship/quote", params)
    assert response.status_code == 422
    locations = [error["loc"][-1] for error in response.json()["detail"]]
    assert (field or "organisation") in locations


def test_an_unknown_organisation_or_unpublished_activity_is_422(client: Client, world: World) -> None:
    response = client.get("/api/v1/sponsorship/quote", {"activity": world.coffee.pk, "organisation": 987654})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "organisation"], "msg": "No organisation has this number."}]
    draft = ActivityFactory(event=SponsoredEventFactory(is_published=False))
    response = client.get("/api/v1/sponsorship/quote", {"activity": draft.pk})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "activity"]


def test_the_endpoints_are_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/sponsorship/events", "/api/v1/sponsorship/events/{code}/activities"} <= set(paths)
    assert {parameter["name"] for parameter in paths["/api/v1/sponsorship/quote"]["get"]["parameters"]} == {
        "activity",
        "organisation",
    }
