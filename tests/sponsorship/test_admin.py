"""The secretariat sets events and their activities up in the admin, in six languages; requests are only shown."""

from __future__ import annotations

import pytest

from ponte.sponsorship.models import SponsoredEvent
from tests.conftest import signed_in
from tests.sponsorship.conftest import World

pytestmark = pytest.mark.django_db


def test_the_secretariat_adds_an_event_with_an_activity_in_six_languages(secretariat) -> None:
    client = signed_in(secretariat)
    form = client.get("/en/admin/sponsorship/sponsoredevent/add/").content.decode()
    assert 'name="title_ar"' in form and 'name="activities-0-name_zh_hans"' not in form
    data = {
        "code": "WSIS-27", "title_en": "WSIS Forum 2027", "title_fr": "Forum du SMSI 2027", "starts_on": "2027-07-06",
        "ends_on": "2027-07-09", "city": "Geneva", "currency": "CHF", "member_discount": "10",
        "is_published": "on",
        "activities-TOTAL_FORMS": "1", "activities-INITIAL_FORMS": "0", "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000", "activities-0-kind": "coffee_break",
        "activities-0-name_en": "Coffee break", "activities-0-name_ar": "استراحة قهوة",
        "activities-0-price": "4500.00", "activities-0-slots": "10",
    }  # fmt: skip
    response = client.post("/en/admin/sponsorship/sponsoredevent/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = SponsoredEvent.objects.get(code="WSIS-27")
    assert event.title_fr == "Forum du SMSI 2027" and event.activities.get().name_ar == "استراحة قهوة"
    assert event.history.count() == 1


def test_the_admin_refuses_a_bad_code_and_a_discount_over_100(secretariat) -> None:
    data = {
        "code": "wsis 27", "title_en": "X", "starts_on": "2027-07-06", "ends_on": "2027-07-01", "currency": "usd",
        "member_discount": "120", "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
    }  # fmt: skip
    page = signed_in(secretariat).post("/en/admin/sponsorship/sponsoredevent/add/", data).content.decode()
    assert "Use capital letters, digits and hyphens only" in page
    assert "An event cannot end before it starts." in page
    assert "three-letter ISO 4217 code" in page and "less than or equal to 100" in page
    assert not SponsoredEvent.objects.exists()


def test_slots_cannot_drop_below_the_requests_held(world: World, secretariat) -> None:
    from ponte.sponsorship import services

    services.request_sponsorship(activity=world.coffee, organisation=world.member, requested_by=world.member_rep)
    services.request_sponsorship(
        activity=world.coffee, organisation=world.non_member, requested_by=world.non_member_rep
    )
    world.coffee.slots = 1
    with pytest.raises(Exception, match="2 sponsors have requested"):
        world.coffee.full_clean()


def test_requests_are_shown_but_not_changed_in_the_admin(world: World, secretariat, representative) -> None:
    client = signed_in(secretariat)
    assert client.get("/en/admin/sponsorship/sponsorshiprequest/").status_code == 200
    assert client.get("/en/admin/sponsorship/sponsorshiprequest/add/").status_code == 403
    assert signed_in(representative).get("/en/admin/sponsorship/sponsoredevent/").status_code == 302
