"""The demo: WTDC-17's 14 sponsors for USD 329,590 on the revenue page, events open to sponsors, loaded once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ponte.core.demo import load_demo as load_core_demo
from ponte.sponsorship.demo import load_sponsorship_demo
from ponte.sponsorship.models import Activity, RequestState, SponsoredEvent, SponsorshipRequest
from ponte.sponsorship.selectors import revenue, upcoming_events
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_2017_sponsors_upcoming_events_and_loads_once(client, secretariat) -> None:
    load_core_demo()
    created = load_sponsorship_demo()
    assert created == SponsoredEvent.objects.count() + Activity.objects.count() + SponsorshipRequest.objects.count()
    wtdc = SponsorshipRequest.objects.filter(activity__event__code="WTDC-17", state=RequestState.CONFIRMED)
    assert wtdc.count() == 14 and wtdc.values("organisation").distinct().count() == 14
    [usd_2017] = revenue(year_from=2017, year_to=2017).currencies
    assert (usd_2017.currency, usd_2017.total, usd_2017.sponsorships) == ("USD", Decimal("329590.00"), 14)
    kinds = set(wtdc.values_list("activity__kind", flat=True))
    assert kinds <= {"side_event", "social_event", "reception", "networking"}
    assert upcoming_events().count() >= 2
    waiting = SponsorshipRequest.objects.get(state=RequestState.REQUESTED)
    assert waiting.organisation.name == "ASTEM Co. Ltd."
    assert "329,590.00" in signed_in(secretariat).get("/en/sponsorship/staff/revenue/").content.decode()
    assert "Global Symposium for Regulators" in client.get("/en/sponsorship/").content.decode()
    history = SponsorshipRequest.history.count()
    assert load_sponsorship_demo() == 0
    assert SponsorshipRequest.history.count() == history


def test_the_demo_needs_the_secretariat_account() -> None:
    assert load_sponsorship_demo() == 0
    assert not SponsoredEvent.objects.exists()
