"""API tokens in a real browser: a representative creates a token, sees it once, lists and revokes it, in English
and in Arabic (right to left); no serious or critical accessibility violation at desktop and phone widths;
screenshots for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ponte.core.models import RoleKind
from ponte.tokens.models import ApiToken
from tests.browser.conftest import audit_at_both_widths, sign_in_quickly
from tests.browser.test_pages import _describe
from tests.factories import OrganisationFactory, country, with_role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_representative_creates_sees_once_and_revokes_a_token(site: str, page: Page, language: str) -> None:
    organisation = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    sign_in_quickly(page, site, representative)
    page.goto(f"{site}/{language}/organisations/{organisation.pk}/")
    page.locator(f"a[href$='/api-tokens/organisations/{organisation.pk}/']").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    blocking = audit_at_both_widths(page, f"tokens-empty-{language}")

    page.locator(f"a[href$='/api-tokens/organisations/{organisation.pk}/new/']").click()
    page.locator("input[name=name]").fill("ERP connector")
    page.locator("input[value='membership:read']").check()
    page.locator("input[value='meetings:read']").check()
    blocking += audit_at_both_widths(page, f"tokens-form-{language}")
    page.locator("form.token-form button[type=submit]").click()

    shown = page.locator("#new-token").input_value()
    assert shown.startswith("ponte_")
    made = ApiToken.objects.get()
    assert made.scopes == ["meetings:read", "membership:read"] and shown.split("_")[1] == made.prefix
    blocking += audit_at_both_widths(page, f"tokens-created-{language}")

    page.locator(f"a[href$='/api-tokens/organisations/{organisation.pk}/']").last.click()
    expect(page.locator("table.token-table")).to_contain_text(made.prefix)
    assert shown not in page.content()
    blocking += audit_at_both_widths(page, f"tokens-list-{language}")

    page.locator(f"a[href$='/api-tokens/{made.pk}/revoke/']").click()
    blocking += audit_at_both_widths(page, f"tokens-revoke-{language}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    made.refresh_from_db()
    assert made.revoked_at is not None
    assert not page.locator(f"a[href$='/api-tokens/{made.pk}/revoke/']").count()
    blocking += audit_at_both_widths(page, f"tokens-revoked-{language}")
    assert not blocking, _describe(blocking)
