""" "My portal" in a real browser: a representative follows a group in one click and finds its next meeting on the
portal, on a 360-px phone and on a desktop, in English and in Arabic (right to left), with no serious or critical
accessibility violation and no sideways scrolling on the phone; screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ponte.core.models import RoleKind
from ponte.portal.models import Follow
from tests.browser.conftest import DESKTOP, PHONE, PageFactory, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.factories import OrganisationFactory, country, group, with_role
from tests.opportunities.factories import focus, opportunity
from tests.portal.factories import invoice, meeting, registration

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def portal_story(site: str) -> dict[str, Any]:
    """An SME and its representative, with an invoice due, a registration and a matching opportunity; an SG5
    meeting ahead that the representative will find once it follows SG5."""
    sme = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=sme)
    invoice(sme, days=-5)
    sme.groups.add(group("ITU-T", "SG20"))
    registration(representative, meeting(group("ITU-T", "SG20"), title="SG20 plenary in Geneva"), sme)
    focus(sme, areas=("cybersecurity",))
    opportunity(
        "National CIRTs for West Africa",
        title_ar="أفرقة وطنية للاستجابة للحوادث الحاسوبية في غرب أفريقيا",
        areas=("cybersecurity",),
    )
    meeting(
        group("ITU-T", "SG5"),
        weeks_ahead=9,
        title="Study Group 5 meeting on the circular economy of ICT equipment",
        title_ar="اجتماع لجنة الدراسات 5 بشأن الاقتصاد الدائري لمعدات تكنولوجيا المعلومات والاتصالات",
    )
    return {"site": site, "representative": representative}


def _no_sideways_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide on a {width}px screen"


def _blocking(page: Page) -> list[dict[str, Any]]:
    return [v for v in AXE.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_follow_a_group_in_one_click_and_see_its_meeting_on_my_portal(
    portal_story: dict[str, Any], new_page: PageFactory, language: str, size: str
) -> None:
    site, representative = portal_story["site"], portal_story["representative"]
    viewport = VIEWPORTS[size]
    page = new_page(viewport)
    sign_in_quickly(page, site, representative)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{site}/{language}/groups/ITU-T/SG5/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    follow = page.locator("form.follow-button button[type=submit]")
    expect(follow).to_have_count(1)
    follow.click()  # one click
    expect(page.locator("form.follow-button input[name=action]")).to_have_value("unfollow")
    assert page.url.endswith(f"/{language}/groups/ITU-T/SG5/")
    assert Follow.objects.filter(user=representative, group=group("ITU-T", "SG5")).exists()
    if viewport["width"] == PHONE["width"]:
        _no_sideways_scroll(page, PHONE["width"])
    page.screenshot(path=str(SCREENSHOTS / f"portal-group-{language}-{size}.png"), full_page=True)
    violations = _blocking(page)
    assert not violations, _describe(violations)

    page.goto(f"{site}/{language}/my/")
    meetings = page.locator("#meetings")
    expect(meetings).to_contain_text("اجتماع لجنة الدراسات 5" if language == "ar" else "Study Group 5 meeting")
    expect(page.locator("#invoices .portal-items li")).to_have_count(1)
    expect(page.locator("#opportunities .portal-items li")).to_have_count(1)
    if viewport["width"] == PHONE["width"]:
        _no_sideways_scroll(page, PHONE["width"])
    page.screenshot(path=str(SCREENSHOTS / f"portal-{language}-{size}.png"), full_page=True)
    violations = _blocking(page)
    assert not violations, _describe(violations)


def test_anonymous_visitors_see_sign_in_to_follow_and_my_portal_asks_to_sign_in(site: str, page: Page) -> None:
    page.goto(f"{site}/en/groups/ITU-T/SG16/")
    link = page.get_by_role("link", name="Sign in to follow")
    expect(link).to_be_visible()
    page.goto(f"{site}/en/my/")
    assert "/en/account/login/" in page.url
