"""The search in the header, in a real browser: English and Arabic, phone and desktop, accessible."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ponte.core.models import OrganisationCategory
from ponte.meetings.models import Meeting
from ponte.search.indexing import rebuild_index
from tests.browser.conftest import DESKTOP, PHONE, PageFactory
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.factories import OrganisationFactory, country, group
from tests.standards.factories import recommendation

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("var/screenshots")


def _records() -> None:
    start = datetime.date(2026, 9, 14)
    Meeting.objects.create(
        code="T26-SG20-0914",
        group=group("ITU-T", "SG20"),
        title_en="Smart cities and communities meeting",
        title_ar="اجتماع المدن والمجتمعات الذكية",
        title_fr="Réunion sur les villes et communautés intelligentes",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        country=country("EGY"),
        city="Cairo",
    )
    recommendation(
        "ITU-T",
        "Y.4900",
        title="Overview of key performance indicators in smart sustainable cities",
        titles={"ar": "لمحة عامة عن مؤشرات الأداء الرئيسية في المدن الذكية المستدامة"},
        summaries={"en": "Indicators that show how smart a city is."},
    )
    OrganisationFactory(
        name="Smart Nile Sensors", category=OrganisationCategory.SME, country=country("EGY"), website=""
    )
    rebuild_index(["group"])  # the groups come with the migrations


def _no_blocking_violation(page: Page) -> None:
    violations = [v for v in AXE.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not violations, _describe(violations)


def test_visitor_searches_from_the_header_and_narrows_to_one_kind(site: str, page: Page) -> None:
    _records()
    page.goto(f"{site}/en/")

    page.get_by_role("searchbox", name="Search Ponte").fill("smart cities")
    page.get_by_role("searchbox", name="Search Ponte").press("Enter")

    expect(page).to_have_url(re.compile(r"/en/search/\?q=smart"))
    expect(page.locator(".search-summary")).to_contain_text("results for “smart cities”")
    expect(page.get_by_role("heading", name=re.compile("^Meetings"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Smart cities and communities meeting"))).to_be_visible()
    page.get_by_role("navigation", name="Results by kind").get_by_role(
        "link", name=re.compile("Recommendations")
    ).click()

    expect(page).to_have_url(re.compile(r"kind=recommendation"))
    results = page.locator(".search-results .search-hit")
    expect(results).to_have_count(1)
    results.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Y.4900")


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [("en", "smart", "Smart Nile Sensors"), ("ar", "المدن", "اجتماع المدن والمجتمعات الذكية")],
)
def test_search_page_reads_well_on_phone_and_desktop(
    site: str, new_page: PageFactory, language: str, query: str, expected: str
) -> None:
    _records()
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport)
        page.goto(f"{site}/{language}/")
        page.locator("#site-search-q").fill(query)
        page.locator(".site-search button[type=submit]").click()

        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        expect(page.locator("main")).to_contain_text(expected)
        _no_blocking_violation(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(SCREENSHOTS / f"search-{language}-{name}.png"), full_page=True)

    empty = new_page(viewport=PHONE)
    empty.goto(f"{site}/{language}/search/")
    _no_blocking_violation(empty)
    empty.screenshot(path=str(SCREENSHOTS / f"search-empty-{language}-phone.png"), full_page=True)
