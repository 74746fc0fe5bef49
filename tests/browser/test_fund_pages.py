"""The BSG fund's pages in a real browser: the public report and the secretariat's ledger have no serious or
critical accessibility violation, in English and Arabic, at desktop and phone widths; screenshots of each are kept
under var/screenshots for a person to look at."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ponte.core.models import User
from ponte.funds import services
from ponte.funds.models import LedgerEntry
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor
from tests.factories import OrganisationFactory, country

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _fund(staff: User) -> LedgerEntry:
    """Last year and this one: receipts from four sources, disbursements for each purpose, one reversed."""
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    partner = OrganisationFactory(name="Global Connectivity Foundation", category="foundation", country=None)

    def receipt(year: int, source: str, amount: str, **extra: object) -> LedgerEntry:
        return services.record_receipt(
            actor=staff, source=source, amount=Decimal(amount), booked_on=datetime.date(year, 1, 1),
            description=f"Receipt {source}", **extra,  # type: ignore[arg-type]
        )  # fmt: skip

    def pay(year: int, source: str, purpose: str, amount: str) -> LedgerEntry:
        return services.record_disbursement(
            actor=staff, source=source, purpose=purpose, amount=Decimal(amount), booked_on=datetime.date(year, 1, 1),
            description=f"Paid for {purpose}",
        )  # fmt: skip

    receipt(last, "partner_contribution", "120000.00", organisation=partner)
    receipt(last, "voluntary_developing", "15000.00", country=country("KEN"))
    receipt(this, "additional_budget", "60000.00")
    receipt(this, "voluntary_private", "25000.50")
    pay(last, "partner_contribution", "consultancy", "45000.00")
    pay(last, "voluntary_developing", "training", "9000.00")
    pay(this, "additional_budget", "delegate_assistance", "30000.00")
    pay(this, "partner_contribution", "conformity_studies", "52000.00")
    mistake = pay(this, "voluntary_private", "training", "4200.00")
    services.reverse_entry(actor=staff, entry=mistake, reason="Recorded twice")
    return pay(this, "voluntary_private", "training", "4100.00")


def _check(page: Page, url: str, shot: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{name}.png"), full_page=True)
        results = AXE.run(page)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {url}:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_report_is_accessible(site: str, page: Page, language: str) -> None:
    _fund(secretariat_with_second_factor())
    url = f"/{language}/funds/"
    response = page.goto(site + url)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("svg.stats-chart")).to_have_count(3)
    expect(page.locator("table")).to_have_count(4)
    _check(page, url, f"funds-report-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_secretariats_ledger_is_accessible(site: str, page: Page, language: str) -> None:
    staff = secretariat_with_second_factor()
    latest = _fund(staff)
    sign_in_quickly(page, site, staff)
    url = f"/{language}/funds/entries/"
    response = page.goto(site + url)
    assert response is not None and response.status == 200
    expect(page.locator("table.ledger tbody tr")).to_have_count(11)
    _check(page, url, f"funds-entries-{language}")
    reverse_url = f"/{language}/funds/entries/{latest.number}/reverse/"
    page.goto(site + reverse_url)
    _check(page, reverse_url, f"funds-reverse-{language}")


def test_a_refused_disbursement_shows_why_next_to_the_field(site: str, page: Page) -> None:
    staff = secretariat_with_second_factor()
    _fund(staff)
    sign_in_quickly(page, site, staff)
    page.goto(f"{site}/en/funds/entries/")
    form = page.locator("form[action$='/disbursements/']")
    form.get_by_label("Purpose").select_option("training")
    form.get_by_label("Charged to").select_option("voluntary_other")
    form.get_by_label("Amount").fill("500")
    form.get_by_label("Description").fill("Workshop")
    form.get_by_role("button", name="Record the disbursement").click()
    expect(page.get_by_role("alert").first).to_contain_text("The disbursement was not recorded")
    source = page.locator("form[action$='/disbursements/']").get_by_label("Charged to")
    expect(source).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_disbursement-source_error")).to_contain_text("The fund cannot pay CHF 500.00")
    _check(page, "/en/funds/entries/ (refused)", "funds-entries-refused-en")
