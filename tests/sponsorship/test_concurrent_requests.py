"""The last slots go to as many sponsors as there are slots: requests at once never oversell an activity
(PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ponte.core.models import Organisation, RoleKind, User
from ponte.sponsorship import services
from ponte.sponsorship.models import RequestState, SponsorshipRequest
from tests.factories import OrganisationFactory, with_role
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (the CI's second pass)")


def _race(activity, sponsors) -> list[str]:
    barrier = threading.Barrier(len(sponsors))
    outcomes: list[str] = []

    def run(organisation, user: User) -> None:
        try:
            barrier.wait()
            services.request_sponsorship(activity=activity, organisation=organisation, requested_by=user)
            outcomes.append("requested")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=sponsor) for sponsor in sponsors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _sponsors(count: int) -> list[tuple[Organisation, User]]:
    sponsors: list[tuple[Organisation, User]] = []
    for _ in range(count):
        organisation = OrganisationFactory()
        sponsors.append((organisation, with_role(RoleKind.REPRESENTATIVE, organisation=organisation)))
    return sponsors


def test_six_sponsors_for_the_last_two_slots_at_once_give_two_requests() -> None:
    activity = ActivityFactory(event=SponsoredEventFactory(), price=Decimal("5000.00"), slots=3)
    [(first, first_user)] = _sponsors(1)
    services.request_sponsorship(activity=activity, organisation=first, requested_by=first_user)
    outcomes = _race(activity, _sponsors(6))
    assert outcomes == ["requested", "requested", "sold_out", "sold_out", "sold_out", "sold_out"]
    held = SponsorshipRequest.objects.filter(activity=activity, state=RequestState.REQUESTED)
    assert held.count() == activity.slots == 3
    references = list(held.values_list("reference", flat=True))
    assert len(set(references)) == 3  # the reference sequence never gives one number twice


def test_one_slot_for_four_sponsors_at_once() -> None:
    activity = ActivityFactory(event=SponsoredEventFactory(), slots=1)
    assert _race(activity, _sponsors(4)) == ["requested", "sold_out", "sold_out", "sold_out"]
    assert SponsorshipRequest.objects.filter(activity=activity).count() == 1
