"""Email and privacy in a real browser: a person unticks a kind of email, downloads their data and asks for its
deletion, in English and in Arabic (right to left); no serious or critical accessibility violation at desktop and
phone widths; screenshots for a person to look at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ponte.core.models import EmailKind, Person
from ponte.core.notifications import wants
from ponte.privacy.models import DeletionRequest
from tests.browser.conftest import audit_at_both_widths, sign_in_quickly
from tests.browser.test_pages import _describe
from tests.factories import UserFactory, country

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_person_chooses_their_email_downloads_their_data_and_asks_for_deletion(
    site: str, page: Page, language: str
) -> None:
    user = UserFactory(email="layla@example.org", username="layla@example.org")
    Person.objects.create(
        user=user, given_name="Layla", family_name="Haddad", email=user.email, country=country("JOR"), language=language
    )
    sign_in_quickly(page, site, user)
    page.goto(f"{site}/{language}/privacy/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("input[name=wanted]")).to_have_count(len(EmailKind))
    blocking = audit_at_both_widths(page, f"privacy-{language}")

    preferences = page.locator("form.privacy-preferences")
    preferences.locator("input[value=news]").uncheck()
    preferences.locator("input[value=matches]").uncheck()
    preferences.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("input[value=news]")).not_to_be_checked()
    expect(page.locator("input[value=decisions]")).to_be_checked()
    assert not wants(user, EmailKind.NEWS) and not wants(user, EmailKind.MATCHES) and wants(user, EmailKind.ANSWERS)
    blocking += audit_at_both_widths(page, f"privacy-saved-{language}")

    with page.expect_download() as download:
        page.locator("a[href$='/privacy/export.json']").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["given_name"] == "Layla" and data["email_preferences"]["news"] is False

    deletion = page.locator("form[action$='/privacy/deletion/']")
    deletion.locator("button[type=submit]").click()  # without the confirmation: refused, nothing asked
    expect(page.locator(".error-summary")).to_be_visible()
    assert not DeletionRequest.objects.exists()
    blocking += audit_at_both_widths(page, f"privacy-deletion-refused-{language}")
    deletion = page.locator("form[action$='/privacy/deletion/']")
    deletion.locator("textarea[name=reason]").fill("I changed jobs.")
    deletion.locator("input[name=confirm]").check()
    deletion.locator("button[type=submit]").click()
    expect(page.locator(".notice[role=status]")).to_be_visible()
    assert DeletionRequest.objects.get().reason == "I changed jobs."
    blocking += audit_at_both_widths(page, f"privacy-deletion-asked-{language}")
    if blocking:
        pytest.fail(f"axe found serious or critical violations:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_secretariat_approves_a_deletion_request(site: str, page: Page, language: str) -> None:
    from ponte.privacy import services
    from tests.browser.test_pages import secretariat_with_second_factor

    user = UserFactory(email="omar@example.org", username="omar@example.org")
    person = Person.objects.create(user=user, given_name="Omar", family_name="Khalil", email=user.email, gender="male")
    services.request_deletion(actor=user, reason="I no longer work with the programme.")
    sign_in_quickly(page, site, secretariat_with_second_factor())
    page.goto(f"{site}/{language}/privacy/deletion-requests/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".privacy-requests .card")).to_contain_text("I no longer work with the programme.")
    blocking = audit_at_both_widths(page, f"privacy-deletion-requests-{language}")
    page.locator("input[name=decision][value=approve]").check()
    page.locator(".privacy-requests button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    person.refresh_from_db()
    assert person.full_name == f"Deleted person #{person.pk}" and person.gender == ""
    page.goto(f"{site}/{language}/privacy/deletion-requests/?state=approved")
    expect(page.locator(".privacy-requests .card")).to_contain_text(f"Deleted person #{person.pk}")
    blocking += audit_at_both_widths(page, f"privacy-deletion-approved-{language}")
    if blocking:
        pytest.fail(f"axe found serious or critical violations:\n{_describe(blocking)}", pytrace=False)
