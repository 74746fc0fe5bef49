"""The secretariat's agreement pages in a real browser: the filtered list, an agreement with its amendments and the
import page showing a refused file's problems have no serious or critical accessibility violation, in English and
Arabic, at desktop and phone widths; screenshots of each are kept under var/screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ponte.partnerships.demo import load_agreements_demo
from ponte.partnerships.models import Agreement
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
BAD_FILE = (
    "reference,type,title,partner,partner_kind,signed_on,value,currency,value_usd,regions,countries,action_areas,"
    "amends\n"
    "BDT-2027-001,grant,Rural broadband,Kestrel Networks,,2027-02-30,100,USD,,AFR,KEN,Capacity building,\n"
    "BDT-2027-002,mou,Spectrum,New Partner,,2027-03-01,0,EUR,,OCE,,Capacity building,BDT-2027-001\n"
)


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


@pytest.fixture
def secretariat_page(site: str, page: Page) -> Page:
    load_agreements_demo()
    sign_in_quickly(page, site, secretariat_with_second_factor())
    return page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_filtered_list_of_agreements_is_accessible(site: str, secretariat_page: Page, language: str) -> None:
    url = f"/{language}/partnerships/agreements/?region=AFR&year_from=2014"
    response = secretariat_page.goto(site + url)
    assert response is not None and response.status == 200
    expect(secretariat_page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(secretariat_page.locator("table tbody tr")).to_have_count(19)
    _check(secretariat_page, url, f"partnership-agreements-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_agreement_with_its_amendment_is_accessible(site: str, secretariat_page: Page, language: str) -> None:
    url = f"/{language}/partnerships/agreements/BDT-2014-011/"
    response = secretariat_page.goto(site + url)
    assert response is not None and response.status == 200
    expect(secretariat_page.locator("main")).to_contain_text("BDT-2014-011-A1")
    _check(secretariat_page, url, f"partnership-agreement-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_refused_file_lists_its_problems_accessibly(
    site: str, secretariat_page: Page, tmp_path: Path, language: str
) -> None:
    bad = tmp_path / "agreements.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    url = f"/{language}/partnerships/agreements/import/"
    secretariat_page.goto(site + url)
    secretariat_page.locator("input[type=file]").set_input_files(str(bad))
    secretariat_page.locator("main form button[type=submit]").click()
    expect(secretariat_page.get_by_role("alert")).to_be_visible()
    expect(secretariat_page.locator("main table tbody tr")).to_have_count(5)
    assert not Agreement.objects.filter(reference__startswith="BDT-2027").exists()
    _check(secretariat_page, url, f"partnership-agreement-import-{language}")
