"""The partner search page in a real browser: no serious accessibility violation in English and Arabic, at
desktop and phone widths, the search driven by its form, and screenshots for a person to look at."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from ponte.partnerships import search
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.partnerships.factories import PartnerFactory, agreement, areas, mechanisms, regions

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def partners(site: str) -> str:
    """The live server, with three partners and their agreements indexed."""
    cyber = PartnerFactory(
        name="Kilimanjaro Cyber Trust",
        kind="foundation",
        mandate_en="Cyber resilience for African incident response teams",
        mandate_ar="تعزيز الأمن السيبراني وبناء القدرات في أفريقيا",
        mandate_zh_hans="支持非洲的网络安全能力建设",
    )
    cyber.action_areas.set(areas("Cybersecurity", "Capacity building"))
    cyber.regions.set(regions("AFR"))
    cyber.mechanisms.set(mechanisms("grant"))
    bank = PartnerFactory(name="Baobab Development Bank", kind="development_bank")
    bank.regions.set(regions("AFR", "ARB"))
    for number, year in enumerate((2022, 2023, 2024), start=1):
        agreement(
            f"KCT-{number}",
            partners=[cyber],
            area_names=("Cybersecurity",),
            signed_on=datetime.date(year, 3, 1),
            value_usd="400000",
            title=f"Incident response teams in East Africa, phase {number}",
            title_ar=f"فرق الاستجابة للحوادث في شرق أفريقيا، المرحلة {number}",
        )
    loan = agreement(
        "BDB-1",
        partners=[bank],
        area_names=("Cybersecurity",),
        country_codes=("KEN",),
        signed_on=datetime.date(2024, 5, 1),
        title="National CERT of Kenya",
    )
    agreement(
        "BDB-1-A1",
        partners=[bank],
        amends=loan,
        area_names=(),
        region_codes=(),
        value_usd="50000",
        signed_on=datetime.date(2025, 2, 1),
        title="National CERT of Kenya: second year",
    )
    search.rebuild_partner_search()
    return site


def _path(language: str) -> str:
    with translation.override(language):
        return reverse("partnerships:partner_search")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_partner_search_has_no_serious_accessibility_violation(partners: str, page: Page, language: str) -> None:
    path = _path(language)
    response = page.goto(f"{partners}{path}?action_area=cybersecurity&region=AFR&q=%D8%A7%D9%84%D8%A3%D9%85%D9%86")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("ol.partner-results > li")).to_have_count(1)
    page.goto(f"{partners}{path}?action_area=cybersecurity&region=AFR")
    expect(page.locator("ol.partner-results > li")).to_have_count(2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], "the page scrolls sideways"
        page.screenshot(path=str(SCREENSHOTS / f"partner-search-{language}-{name}.png"), full_page=True)
        results = AXE.run(page)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {path}:\n{_describe(blocking)}", pytrace=False)


def test_a_person_searches_with_the_form(partners: str, page: Page) -> None:
    page.goto(f"{partners}{_path('en')}")
    page.get_by_role("group", name="Action areas").get_by_label("Cybersecurity").check()
    page.get_by_label("Beneficiary countries").select_option("KEN")
    page.get_by_role("button", name="Find partners").click()
    results = page.locator("ol.partner-results > li")
    expect(results.first.get_by_role("heading", level=3)).to_contain_text("Kilimanjaro Cyber Trust")  # declares it
    bank = results.filter(has_text="Baobab Development Bank")  # has funded it in Kenya
    expect(bank).to_contain_text("1 agreement, 1 amendment")
    expect(bank.get_by_role("table")).to_contain_text("National CERT of Kenya")
    page.get_by_label("Words").fill("网络安全")
    page.get_by_role("button", name="Find partners").click()
    expect(page.get_by_role("heading", name="1 partner found")).to_be_visible()
    expect(results.first).to_contain_text("Kilimanjaro Cyber Trust")
