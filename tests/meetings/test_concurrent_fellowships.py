"""The budget holds when two staff members award at once: together too much, so exactly one award goes through
(PostgreSQL, real threads)."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from ponte.core.models import RoleKind
from ponte.meetings.models import Fellowship, Meeting
from ponte.meetings.selectors.fellowships import fellowship_budget
from ponte.meetings.services.fellowships import award_fellowship, nominate_fellow
from tests.factories import PersonFactory, country, fund_bsg, group, with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (the CI's second pass)")


def test_two_awards_at_once_that_together_exceed_the_budget_give_one_fellowship() -> None:
    fund_bsg("100000.00")  # the fund has plenty: the meeting's budget is what runs short
    start = timezone.localdate() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        code="T25-SG16-BUDGET",
        group=group("ITU-T", "SG16"),
        title_en="SG16",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        country=country("CHE"),
        city="Geneva",
        fellowship_budget=Decimal("3000.00"),
    )
    candidates = []
    for alpha3 in ("NPL", "FJI"):
        focal_point = with_role(RoleKind.FOCAL_POINT, country=country(alpha3))
        person = PersonFactory(country=country(alpha3))
        candidates.append(nominate_fellow(actor=focal_point, meeting=meeting, person=person, country=country(alpha3)))
    staff = [with_role(RoleKind.SECRETARIAT), with_role(RoleKind.SECRETARIAT)]
    barrier = threading.Barrier(len(candidates))
    outcomes: list[str] = []

    def run(actor, fellowship) -> None:
        try:
            barrier.wait()
            # 1,200 + 200 x 3 = 1,800 each: one fits in 3,000, two do not.
            award_fellowship(
                actor=actor,
                fellowship=fellowship,
                kind="full",
                ticket=Decimal("1200"),
                daily_allowance=Decimal("200"),
                days=3,
            )
            outcomes.append("awarded")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in zip(staff, candidates, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["awarded", "over_budget"]
    assert Fellowship.objects.filter(meeting=meeting, state="awarded").count() == 1
    budget = fellowship_budget(meeting)
    assert (budget.used, budget.left) == (Decimal("1800.00"), Decimal("1200.00"))
