"""One rule prices a sponsorship: members in good standing get the event's discount, nobody else does."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ponte.membership.models import Membership
from ponte.sponsorship.selectors import DiscountReason, quote_for
from tests.sponsorship.conftest import World
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory, member

pytestmark = pytest.mark.django_db


def test_a_member_gets_the_discount_to_the_cent(world: World) -> None:
    quote = quote_for(world.side_event, world.member)
    assert quote.list_price == Decimal("12345.67")
    assert quote.discount_percent == Decimal("15")
    assert quote.discount_amount == Decimal("1851.85")  # 1,851.8505 rounded half up
    assert quote.total == Decimal("10493.82")
    assert quote.total + quote.discount_amount == quote.list_price
    assert quote.currency == "USD"
    assert quote.member_discount_applies and quote.reason == DiscountReason.MEMBER
    assert "Andes Telecom is a member in" in quote.explanation


def test_a_non_member_pays_the_list_price(world: World) -> None:
    quote = quote_for(world.side_event, world.non_member)
    assert (quote.discount_amount, quote.total) == (Decimal("0.00"), Decimal("12345.67"))
    assert quote.reason == DiscountReason.NOT_MEMBER
    assert "Abe Devices KK holds no membership" in quote.explanation


def test_a_suspended_member_pays_the_list_price_until_it_pays_its_dues(world: World) -> None:
    quote = quote_for(world.side_event, world.suspended)
    assert quote.total == Decimal("12345.67") and not quote.member_discount_applies
    assert quote.reason == DiscountReason.SUSPENDED
    assert "suspended" in quote.explanation
    world.suspended.invoices.update(state="paid")
    assert quote_for(world.side_event, world.suspended).member_discount_applies


def test_without_an_organisation_there_is_no_discount(world: World) -> None:
    quote = quote_for(world.side_event, None)
    assert quote.total == Decimal("12345.67") and quote.reason == DiscountReason.NO_ORGANISATION
    assert "get 15% off" in quote.explanation


def test_membership_counts_in_the_year_of_the_event(world: World) -> None:
    year = world.event.starts_on.year
    ended = member("Ended Before Co", since=2010)
    Membership.objects.filter(organisation=ended).update(end_year=year - 1)
    starting_later = member("Joining Later Ltd", since=year + 1)
    assert quote_for(world.coffee, ended).reason == DiscountReason.NOT_MEMBER
    assert quote_for(world.coffee, starting_later).reason == DiscountReason.NOT_MEMBER


def test_an_archived_member_gets_no_discount(world: World) -> None:
    world.member.is_active = False
    world.member.save()
    assert quote_for(world.coffee, world.member).reason == DiscountReason.NOT_MEMBER


def test_an_event_without_member_discount_says_so(world: World) -> None:
    event = SponsoredEventFactory(member_discount=Decimal(0))
    quote = quote_for(ActivityFactory(event=event), world.member)
    assert quote.reason == DiscountReason.NO_DISCOUNT and quote.total == quote.list_price
    assert quote.explanation == "This event has no member discount."


def test_the_quote_holds_thirty_days_but_never_past_the_eve_of_the_event(world: World) -> None:
    today = timezone.localdate()
    assert quote_for(world.coffee).valid_until == today + datetime.timedelta(days=30)
    soon = SponsoredEventFactory(starts_on=today + datetime.timedelta(days=10))
    assert quote_for(ActivityFactory(event=soon)).valid_until == today + datetime.timedelta(days=9)


def test_the_quote_counts_slots_held_by_waiting_and_confirmed_requests(world: World) -> None:
    from ponte.sponsorship.models import SponsorshipRequest

    assert quote_for(world.coffee).slots_left == 3
    for state, reference in [("requested", "SP-1"), ("confirmed", "SP-2"), ("declined", "SP-3"), ("withdrawn", "SP-4")]:
        SponsorshipRequest.objects.create(
            reference=reference, activity=world.coffee, organisation=world.member, requested_by=world.member_rep,
            list_price=Decimal(5000), price=Decimal(5000), currency="USD", state=state, note="n",
        )  # fmt: skip
    quote = quote_for(world.coffee)
    assert quote.slots_left == 1 and not quote.sold_out


def test_a_past_or_unpublished_event_is_not_open(world: World) -> None:
    past = SponsoredEventFactory(starts_on=timezone.localdate() - datetime.timedelta(days=3))
    assert not quote_for(ActivityFactory(event=past)).is_open
    assert not quote_for(ActivityFactory(event=SponsoredEventFactory(is_published=False))).is_open
    assert quote_for(world.coffee).is_open
