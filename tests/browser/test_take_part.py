"""A new visitor goes from the home page to a submitted SME application: the SME path, an account (with its
email confirmed), the organisation, the application, submitted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from ponte.membership.models import Application, ApplicationState
from tests.browser.conftest import DESKTOP, PHONE, PageFactory
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("var/screenshots")
PASSWORD = "a-long-and-unusual-passphrase-2026"


def _no_blocking_violation(page: Page) -> None:
    violations = [v for v in AXE.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not violations, _describe(violations)


def _confirmation_link(address: str) -> str:
    message = next(message for message in reversed(mail.outbox) if address in message.to)
    found = re.search(r"https?://\S+/account/confirm-email/\S+", str(message.body))
    assert found, message.body
    return found.group(0)


def test_new_visitor_goes_from_home_page_to_a_submitted_sme_application(site: str, page: Page) -> None:
    page.goto(f"{site}/en/")
    sme_path = page.locator("#path-sme-programme")
    expect(sme_path).to_contain_text("Free of charge")
    sme_path.get_by_role("link", name="Create an account and apply").click()

    # An account, confirmed from the email.
    expect(page).to_have_url(re.compile(r"/en/account/signup/"))
    page.locator("#id_email").fill("founder@osaka-photonics.example")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator("main")).to_contain_text(re.compile("verif|confirm", re.IGNORECASE))
    page.goto(_confirmation_link("founder@osaka-photonics.example"))
    page.get_by_role("button", name="Confirm").click()

    # Confirmed in the same browser: signed in and straight on to recording the organisation.
    expect(page).to_have_url(re.compile(r"/en/take-part/organisation/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record your organisation")
    _no_blocking_violation(page)
    page.get_by_label("Name of your organisation").fill("Osaka Photonics")
    page.get_by_label("Small or medium enterprise (SME)").check()
    page.get_by_label("Country").select_option(label="Japan")
    page.get_by_label("Number of employees").fill("12")
    page.get_by_role("button", name="Record it and continue").click()

    # The application: the SME programme and a group, saved as a draft, then submitted.
    expect(page.locator(".messages")).to_contain_text("Osaka Photonics is recorded")
    page.get_by_label("Participation in study groups (SME programme)").check()
    page.get_by_label("Number of employees").fill("12")
    page.get_by_label(re.compile("ITU-T SG16")).first.check()
    page.get_by_role("button", name=re.compile("Save|Continue|Apply", re.IGNORECASE)).first.click()
    page.get_by_role("button", name=re.compile("Submit", re.IGNORECASE)).click()

    expect(page.locator(".messages")).to_contain_text("Your application was sent to your national administration.")
    application = Application.objects.get(organisation__name="Osaka Photonics")
    assert application.state == ApplicationState.SUBMITTED
    page.screenshot(path=str(SCREENSHOTS / "take-part-submitted.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_home_and_take_part_pages_read_well_on_a_phone_and_a_desktop(
    site: str, new_page: PageFactory, language: str
) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport)
        for path in ("", "take-part/"):
            page.goto(f"{site}/{language}/{path}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            _no_blocking_violation(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            slug = "home" if not path else "take-part"
            page.screenshot(path=str(SCREENSHOTS / f"{slug}-{language}-{name}.png"), full_page=True)
