"""Contribution pages in a real browser: the list, a contribution's page and the submit form have no serious
or critical accessibility violation, in English and in Arabic (right to left), at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from ponte.core.models import RoleKind
from ponte.meetings.services.contributions import submit_contribution
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.factories import OrganisationFactory, UserFactory, country, group, with_role

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PAGES = {
    "contribution-list": "meetings/contributions/?q=video",
    "contribution-detail": "meetings/contributions/SG16-C123/",
    "contribution-submit": "meetings/contributions/new/?number=SG16-C123",
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_contribution_page_has_no_serious_accessibility_violation(
    site: str, page: Page, settings: Any, tmp_path: Path, name: str, language: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    sme = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    university = OrganisationFactory(name="Cairo University", category="academia", country=country("EGY"))
    user = with_role(RoleKind.REPRESENTATIVE, organisation=sme)
    for revision_title in ("Low-latency video coding for IoT cameras", "Low-latency video coding, revised"):
        submit_contribution(
            actor=user,
            number="SG16-C123",
            title=revision_title,
            group=group("ITU-T", "SG16"),
            sources=[sme, university],
            upload=SimpleUploadedFile("proposal.pdf", PDF),
            question="Q5/16",
        )
    sign_in_quickly(page, site, user)

    url = f"/{language}/{PAGES[name]}"
    response = page.goto(site + url)
    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main")).to_contain_text("SG16-C123")

    blocking = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = AXE.run(page)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {url}:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_account_not_taking_part_is_told_how_to_and_the_page_is_accessible(
    site: str, page: Page, language: str
) -> None:
    sign_in_quickly(page, site, UserFactory())
    response = page.goto(f"{site}/{language}/meetings/contributions/")
    assert response is not None
    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("main a.button")).to_have_attribute("href", f"/{language}/take-part/")
    blocking = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = AXE.run(page)
        blocking += [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if blocking:
        pytest.fail(f"axe found serious or critical violations:\n{_describe(blocking)}", pytrace=False)
