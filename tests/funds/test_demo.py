"""The demo shows a fund with figures on a first run, a demo fellowship paid by it, and loads only once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ponte.core.demo import load_demo as load_core_demo
from ponte.funds import selectors
from ponte.funds.demo import load_demo
from ponte.funds.models import LedgerEntry
from ponte.meetings.demo import load_demo as load_meetings_demo
from ponte.meetings.models import Fellowship

pytestmark = pytest.mark.django_db


def test_the_demo_fund_has_figures_pays_a_fellowship_and_loads_once() -> None:
    load_core_demo()
    load_meetings_demo()
    assert load_demo(staff_email="staff@ponte.example", focal_point_email="focal.egypt@ponte.example") == 22
    year = timezone.localdate().year
    assert {year - 2, year - 1, year} <= set(selectors.report_years())
    (chf,) = selectors.fund_report(year=year - 1).currencies
    assert chf.total.opening > 0 and chf.total.receipts > 0 and chf.total.disbursements > 0
    assert all(balance.closing >= 0 for balance in chf.by_source)
    awarded = Fellowship.objects.get(state="awarded", meeting__code__startswith="DEMO-ITU-T-SG16-")
    entry = LedgerEntry.objects.get(fellowship=awarded)
    assert (entry.purpose, entry.amount) == ("delegate_assistance", awarded.amount)
    assert Fellowship.objects.filter(state="nominated").count() == 1  # one left for the visitor to decide
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 1
    before = (LedgerEntry.objects.count(), LedgerEntry.history.count(), Fellowship.objects.count())
    assert load_demo(staff_email="staff@ponte.example", focal_point_email="focal.egypt@ponte.example") == 0
    assert (LedgerEntry.objects.count(), LedgerEntry.history.count(), Fellowship.objects.count()) == before
