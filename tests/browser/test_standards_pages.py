"""The catalogue of Recommendations in a real browser: browsing by group, a search, a Recommendation's page and the
secretariat's import with a refused file have no serious or critical accessibility violation, in English and Arabic,
at desktop and phone widths; screenshots of each are kept under var/screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ponte.standards.demo import load_recommendations_demo
from ponte.standards.importers import COLUMNS
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def catalogue(site: str) -> str:
    """The live server with the demo catalogue (thirty real Recommendations and papers)."""
    load_recommendations_demo()
    return site


def _check(page: Page, url: str, shot: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{name}.png"), full_page=True)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {url}:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_browsing_the_catalogue_by_group_is_accessible(catalogue: str, page: Page, language: str) -> None:
    url = f"/{language}/standards/"
    response = page.goto(catalogue + url)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("table tbody tr")).to_have_count(25)
    page.locator(".browse a[href*='group=SG16']").click()
    expect(page.locator("table tbody tr")).to_have_count(9)
    expect(page.locator(".browse a[aria-current='true']")).to_contain_text("SG16")
    _check(page, url, f"standards-list-{language}")


@pytest.mark.parametrize(("language", "typed"), [("en", "h 702"), ("ar", "النفاذ")])
def test_searching_the_catalogue_is_accessible(catalogue: str, page: Page, language: str, typed: str) -> None:
    page.goto(f"{catalogue}/{language}/standards/")
    page.locator("#id_q").fill(typed)
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("table tbody tr").first).to_contain_text("H.702")
    _check(page, f"/{language}/standards/?q={typed}", f"standards-search-{language}")


def test_a_wrong_filter_is_said_next_to_the_field(catalogue: str, page: Page) -> None:
    page.goto(f"{catalogue}/en/standards/?group=SG99")
    group = page.locator("#id_group")
    expect(group).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.filters .errorlist")).to_contain_text("There is no group with the code SG99.")
    _check(page, "/en/standards/?group=SG99", "standards-list-wrong-group-en")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("identifier", ["ITU-T/H.702", "ITU-R/P.370"])
def test_a_recommendations_page_is_accessible(catalogue: str, page: Page, language: str, identifier: str) -> None:
    url = f"/{language}/standards/{identifier}/"
    response = page.goto(catalogue + url)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text(identifier.split("/")[1])
    if identifier == "ITU-T/H.702":
        expect(page.locator("a[href='https://www.itu.int/rec/T-REC-H.702']")).to_be_visible()
        lead = "لمحات إمكانية النفاذ" if language == "ar" else "Accessibility profiles for IPTV systems"
        expect(page.locator("p.lead")).to_contain_text(lead)
    else:
        expect(page.locator("p.notice a")).to_have_attribute("href", f"/{language}/standards/ITU-R/P.1546/")
    _check(page, url, f"standards-{identifier.replace('/', '-')}-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_import_page_lists_the_problems_of_a_refused_file(
    catalogue: str, page: Page, language: str, tmp_path: Path
) -> None:
    sign_in_quickly(page, catalogue, secretariat_with_second_factor())
    url = f"/{language}/standards/import/"
    page.goto(catalogue + url)
    bad = tmp_path / "catalogue.csv"
    header = ",".join(COLUMNS)
    rows = "ITU-T,H.999,,,SG99,2015-13-01,,A title,,,,,\nITU-X,H.1,,,,,,Another,,,,,\n"
    bad.write_text(f"{header}\n{rows}", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(3)
    _check(page, url, f"standards-import-refused-{language}")
