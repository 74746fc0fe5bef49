"""Leadership pages in a real browser: a group's leaders, the regional balance and the appointment form have no
serious accessibility violation, in English and Arabic, at desktop and phone widths."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from ponte.meetings.models import LeadershipPost
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor
from tests.factories import OrganisationFactory, PersonFactory, country, group

pytestmark = pytest.mark.browser

PAGES = {
    # name: (path after the language prefix, signed in as the secretariat)
    "group": ("meetings/leadership/ITU-T/SG20/", False),
    "group-secretariat": ("meetings/leadership/ITU-T/SG20/", True),
    "overview": ("meetings/leadership/", False),
    "appointment-form": ("meetings/leadership/ITU-T/SG20/appoint/", True),
}


def _leaders() -> None:
    """SG20: a chair, a vice-chair for the Arab States, a rapporteur; its regional group for Africa: a mentor."""
    member = OrganisationFactory(name="Deutsche Telekom", category="sector_member", country=country("DEU"))
    egypt = OrganisationFactory(name="NTRA", category="administration", country=country("EGY"))
    start = datetime.date(2025, 1, 1)
    for grp, organisation, role, extra in (
        (group("ITU-T", "SG20"), member, "chair", {}),
        (group("ITU-T", "SG20"), egypt, "vice_chair", {"region": "ARB", "regional_duties": "Arab regional group"}),
        (group("ITU-T", "SG20"), member, "rapporteur", {"question": "Q1/20"}),
        (group("ITU-T", "SG20RG-AFR"), egypt, "mentor", {}),
    ):
        LeadershipPost.objects.create(
            group=grp, person=PersonFactory(), organisation=organisation, role=role, starts_on=start, **extra
        )


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_leadership_page_has_no_serious_accessibility_violation(
    site: str, page: Page, name: str, language: str
) -> None:
    path, as_secretariat = PAGES[name]
    _leaders()
    if as_secretariat:
        sign_in_quickly(page, site, secretariat_with_second_factor())
    url = f"/{language}/{path}"

    response = page.goto(site + url)

    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
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


def test_secretariat_sees_field_errors_of_a_refused_appointment(site: str, page: Page) -> None:
    sme = OrganisationFactory(name="Kyoto Sensors KK", category="sme", country=country("JPN"))
    sign_in_quickly(page, site, secretariat_with_second_factor())
    page.goto(f"{site}/en/meetings/leadership/ITU-T/SG20/appoint/")

    page.get_by_label("Email of the person appointed").fill("nobody@example.org")
    page.get_by_label("Holds the post for").select_option(label=sme.name)
    page.locator("#id_role").select_option("vice_chair")
    page.get_by_label("Term starts on").fill("2026-06-01")
    page.get_by_role("button", name="Appoint").click()

    expect(page.get_by_role("alert")).to_have_text("Please correct the errors below.")
    expect(page.get_by_text("Nobody with this email is known to Ponte.")).to_be_visible()
    assert not LeadershipPost.objects.exists()
