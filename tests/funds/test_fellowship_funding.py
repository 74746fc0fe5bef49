"""Fellowships are paid by the BSG fund: an award records a disbursement charged to the source the secretariat
chooses (by default the one with the most money), and is refused when the fund cannot pay it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ponte.core.models import RoleKind
from ponte.funds.models import LedgerEntry
from ponte.meetings.models import Fellowship, Meeting
from ponte.meetings.services.fellowships import award_fellowship, nominate_fellow
from tests.conftest import signed_in
from tests.factories import PersonFactory, country, fund_bsg, group, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(in_may_2026) -> Meeting:
    """SG16 in Geneva in June 2026 (five days), CHF 10,000 for fellowships."""
    return Meeting.objects.create(
        code="T25-SG16-260615", group=group("ITU-T", "SG16"), title_en="ITU-T SG16 meeting",
        starts_on=datetime.date(2026, 6, 15), ends_on=datetime.date(2026, 6, 19), country=country("CHE"),
        city="Geneva", registration_deadline=datetime.date(2026, 6, 1), fellowship_budget=Decimal("10000.00"),
    )  # fmt: skip


@pytest.fixture
def nepal(meeting) -> Fellowship:
    focal_point = with_role(RoleKind.FOCAL_POINT, country=country("NPL"))
    return nominate_fellow(
        actor=focal_point, meeting=meeting, person=PersonFactory(country=country("NPL")), country=country("NPL")
    )


def _award(actor, fellowship, **extra) -> Fellowship:
    # 1,200 + 300 x 5 = 2,700
    return award_fellowship(
        actor=actor, fellowship=fellowship, kind="full", ticket=Decimal(1200), daily_allowance=Decimal(300), days=5,
        **extra,
    )  # fmt: skip


def test_an_award_is_paid_by_the_source_with_the_most_money(nepal, secretariat) -> None:
    fund_bsg("3000.00", year=2026, source="partner_contribution")
    fund_bsg("8000.00", year=2025, source="additional_budget")
    fellowship = _award(secretariat, nepal)
    entry = LedgerEntry.objects.get(fellowship=fellowship)
    assert (entry.kind, entry.purpose, entry.source, entry.amount, entry.currency, entry.year) == (
        "disbursement",
        "delegate_assistance",
        "additional_budget",
        Decimal("2700.00"),
        "CHF",
        2026,
    )
    assert (entry.booked_on, entry.recorded_by, entry.description) == (
        datetime.date(2026, 5, 4),
        secretariat,
        "T25-SG16-260615 · NPL",
    )


def test_the_secretariat_chooses_the_source(nepal, secretariat) -> None:
    fund_bsg("3000.00", source="partner_contribution")
    fund_bsg("8000.00", source="additional_budget")
    fellowship = _award(secretariat, nepal, source="partner_contribution")
    assert LedgerEntry.objects.get(fellowship=fellowship).source == "partner_contribution"


def test_an_award_the_fund_cannot_pay_is_refused_and_nothing_changes(nepal, secretariat) -> None:
    fund_bsg("2699.99")
    with pytest.raises(ValidationError) as refused:
        _award(secretariat, nepal)
    assert refused.value.error_dict["source"][0].code == "overdraw"
    assert "it has CHF 2699.99 available in 2026" in refused.value.message_dict["source"][0]
    nepal.refresh_from_db()
    assert (nepal.state, nepal.amount, nepal.history.count()) == ("nominated", Decimal(0), 1)
    assert LedgerEntry.objects.filter(kind="disbursement").count() == 0 and not mail.outbox


def test_the_award_form_offers_the_sources_with_what_they_can_pay(nepal, secretariat) -> None:
    fund_bsg("3000.00", source="partner_contribution")
    fund_bsg("8000.00", source="voluntary_private")
    page = signed_in(secretariat).get(reverse("meetings:fellowship_decisions", args=[nepal.meeting.code]))
    form = page.context["rows"][0].award
    assert form.fields["source"].initial == "voluntary_private"
    choices = dict(form.fields["source"].choices)
    assert choices["partner_contribution"] == "Partner contribution: CHF 3,000.00 available"
    assert choices["voluntary_other"] == "Voluntary contribution from others: CHF 0.00 available"
    assert "Charged to" in page.content.decode()


def test_on_the_page_a_short_source_is_refused_at_the_field(nepal, secretariat) -> None:
    fund_bsg("3000.00", source="partner_contribution")
    fund_bsg("8000.00", source="voluntary_private")
    p = f"award-{nepal.pk}"
    data = {f"{p}-kind": "full", f"{p}-ticket": "1200", f"{p}-daily_allowance": "300", f"{p}-days": "5"}
    url = reverse("meetings:fellowship_award", args=[nepal.meeting.code, nepal.pk])
    client = signed_in(secretariat)
    short = client.post(url, {**data, f"{p}-source": "voluntary_other"})
    assert short.status_code == 400
    assert "The fund cannot pay CHF 2700.00" in short.context["bound"].errors["source"][0]
    nepal.refresh_from_db()
    assert nepal.state == "nominated"
    paid = client.post(url, {**data, f"{p}-source": "partner_contribution"})
    assert paid.status_code == 302
    assert LedgerEntry.objects.get(fellowship=nepal).source == "partner_contribution"
