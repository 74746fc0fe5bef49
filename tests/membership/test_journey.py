"""The way from "interested" to member, as the SME's representative sees it on "My programme"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ponte.core.models import RoleKind
from ponte.membership import services
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.models import ApplicationKind, FeeSchedule
from tests.conftest import signed_in
from tests.factories import group, with_role

pytestmark = pytest.mark.django_db


def _next_step(client) -> str:
    page = client.get(reverse("membership:my_programme"))
    assert page.status_code == 200
    [journey] = page.context["journeys"]
    return journey.next_step


def test_an_sme_is_told_what_to_do_at_every_step(secretariat, japan_focal_point, japanese_sme) -> None:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    client = signed_in(representative)
    assert _next_step(client) == "apply"

    services.record_interest(actor=secretariat, organisation=japanese_sme, groups=[group("ITU-T", "SG20")])
    assert _next_step(client) == "complete_application"

    application = services.start_application(
        actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG20")], employee_count=30
    )
    assert _next_step(client) == "submit"
    page = client.get(reverse("membership:my_programme")).content.decode()
    assert 'aria-current="step"' in page and "What your organisation may do once approved" in page

    services.submit_application(actor=representative, application=application)
    assert _next_step(client) == "await_decision"
    assert "national administration of Japan" in client.get(reverse("membership:my_programme")).content.decode()

    services.approve_application(actor=japan_focal_point, application=application)
    assert _next_step(client) == "take_part"
    page = client.get(reverse("membership:my_programme")).content.decode()
    assert "Submit contributions" in page and "Hold leadership posts" not in page
    assert "hold no leadership post and take no decision" in page


def test_a_member_with_an_invoice_due_is_asked_to_pay(japan_focal_point, japanese_sme) -> None:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        FeeSchedule.objects.create(year=2026, **DEMO_SCHEDULE)
        application = services.start_application(
            actor=representative,
            organisation=japanese_sme,
            groups=[group("ITU-T", "SG16")],
            employee_count=12,
            kind=ApplicationKind.MEMBERSHIP,
        )
        services.submit_application(actor=representative, application=application)
        services.approve_application(actor=japan_focal_point, application=application)
        client = signed_in(representative)
        assert _next_step(client) == "pay"
        page = client.get(reverse("membership:my_programme")).content.decode()
        assert "Pay invoice PON-2026-00001 by" in page and "3,975.00 CHF" in page
    with time_machine.travel(datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        page = signed_in(representative).get(reverse("membership:my_programme")).content.decode()
        assert "rights are suspended" in page


def test_a_rejected_sme_sees_why_and_may_apply_again(japan_focal_point, japanese_sme) -> None:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    application = services.start_application(
        actor=representative, organisation=japanese_sme, groups=[group("ITU-T", "SG16")], employee_count=800
    )
    services.submit_application(actor=representative, application=application)
    services.reject_application(actor=japan_focal_point, application=application, reason="Above 300 employees")
    client = signed_in(representative)
    assert _next_step(client) == "apply_again"
    assert "Above 300 employees" in client.get(reverse("membership:my_programme")).content.decode()


def test_someone_representing_nobody_is_told_how_to_get_there(member) -> None:
    page = signed_in(member).get(reverse("membership:my_programme"))
    assert page.context["journeys"] == []
    assert "You do not represent an organisation yet" in page.content.decode()


def test_my_programme_needs_sign_in(client) -> None:
    assert client.get(reverse("membership:my_programme")).status_code == 302
