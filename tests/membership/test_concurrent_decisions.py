"""Two decisions at once (two focal points, a double click) end in exactly one decision.

Run on PostgreSQL, where requests really run side by side: each thread has its
own database connection, and the row lock makes the second wait and then see
the first decision.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ponte.core.models import Organisation, RoleKind
from ponte.membership import services
from ponte.membership.models import Application, ApplicationState
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (the CI's second pass)")


def _decide_at_once(application: Application, actions: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Any) -> None:
        try:
            barrier.wait()
            action(application)
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _submitted(organisation: Organisation) -> Application:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    application = services.start_application(
        actor=representative, organisation=organisation, groups=[group("ITU-T", "SG20")], employee_count=12
    )
    return services.submit_application(actor=representative, application=application)


def test_two_focal_points_deciding_at_once_give_one_decision() -> None:
    application = _submitted(OrganisationFactory(country=country("EGY")))
    first = with_role(RoleKind.FOCAL_POINT, country=country("EGY"))
    second = with_role(RoleKind.FOCAL_POINT, country=country("EGY"))
    outcomes = _decide_at_once(
        application,
        [
            lambda a: services.approve_application(actor=first, application=a),
            lambda a: services.reject_application(actor=second, application=a, reason="Too large"),
        ],
    )
    assert outcomes == ["already_decided", "decided"]
    application.refresh_from_db()
    assert application.state in {ApplicationState.APPROVED, ApplicationState.REJECTED}
    decisions = application.history.filter(
        history_change_reason__in=["membership.application.approved", "membership.application.rejected"]
    )
    assert decisions.count() == 1


def test_a_double_click_approves_once() -> None:
    application = _submitted(OrganisationFactory(country=country("JPN")))
    focal_point = with_role(RoleKind.FOCAL_POINT, country=country("JPN"))
    approve = lambda a: services.approve_application(actor=focal_point, application=a)  # noqa: E731
    assert _decide_at_once(application, [approve, approve]) == ["already_decided", "decided"]
    assert application.history.filter(history_change_reason="membership.application.approved").count() == 1


def test_two_billing_runs_at_once_bill_each_member_once() -> None:
    """Two staff pressing "Issue invoices" together: one bills, the other finds nothing left to bill."""
    from decimal import Decimal

    from django.utils import timezone

    from ponte.core.models import Sector
    from ponte.membership.demo import DEMO_SCHEDULE
    from ponte.membership.models import FeeSchedule, Invoice, Membership

    year = timezone.localdate().year
    FeeSchedule.objects.create(year=year, **DEMO_SCHEDULE)
    for _ in range(5):
        Membership.objects.create(
            organisation=OrganisationFactory(category="sector_member"),
            sector=Sector.objects.get(code="ITU-T"),
            category="sector_member",
            contributory_units=Decimal(1),
            start_year=year - 1,
        )
    staff = [with_role(RoleKind.SECRETARIAT), with_role(RoleKind.SECRETARIAT)]
    counts: list[int] = []
    barrier = threading.Barrier(2)

    def run(actor: Any) -> None:
        try:
            barrier.wait()
            counts.append(len(services.issue_annual_invoices(actor=actor, year=year)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == [0, 5]
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"PON-{year}-{n:05d}" for n in range(1, 6)]
