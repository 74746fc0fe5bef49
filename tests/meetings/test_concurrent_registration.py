"""The last seat goes to one person: registrations at once never overbook the room (PostgreSQL, real threads)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from ponte.core.models import RoleKind
from ponte.core.services import ensure_person_for_user
from ponte.meetings import services
from ponte.meetings.models import Meeting, Registration
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (the CI's second pass)")


def test_four_people_for_two_seats_at_once_give_two_registrations() -> None:
    start = timezone.localdate() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        code="T25-TSAG-SEATS",
        group=group("ITU-T", "TSAG"),
        title_en="TSAG",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        country=country("CHE"),
        city="Geneva",
        is_hybrid=False,
        capacity=2,
    )
    people = []
    for _ in range(4):
        administration = OrganisationFactory(category="administration", country=country("FRA"))
        user = with_role(RoleKind.REPRESENTATIVE, organisation=administration)
        people.append((user, ensure_person_for_user(user=user), administration))
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def run(user, person, organisation) -> None:
        try:
            barrier.wait()
            services.register(actor=user, meeting=meeting, person=person, organisation=organisation, mode="in_person")
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["full", "full", "registered", "registered"]
    assert Registration.objects.filter(meeting=meeting, mode="in_person").count() == 2
