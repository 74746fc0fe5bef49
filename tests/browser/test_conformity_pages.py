"""The conformity database in a real browser: the product search, a product's page, the lab registry, and a lab
representative's pages to record a declaration and import a file (each with its errors shown), with no serious or
critical accessibility violation in English and Arabic at desktop and phone widths, and screenshots to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.conformity.conftest import World, build_world

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
BAD_FILE = (
    "manufacturer,manufacturer_country,model,product,category,recommendations,lab,report_reference,report_date,"
    "valid_until\n"
    "Lumen Vision,CHN,LV-4K2,4K IPTV terminal,iptv_terminal,ITU-T L.1000,Seoul IPTV Test Centre,SITC-0300,"
    "2025-13-01,2028-01-01\n"
    "Lumen Vision,CHN,LV-4K3,4K IPTV terminal,iptv_terminal,ITU-T L.1000,Seoul IPTV Test Centre,SITC-0301,"
    "2025-10-01,2028-01-01\n"
)


@pytest.fixture
def conformity(site: str) -> dict[str, Any]:
    """The live server first, then the records."""
    return {"site": site, "world": build_world()}


def _audit_and_capture(page: Page, name: str, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"conformity-{name}-{language}-{size}.png"), full_page=True)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {page.url}:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", ["list", "product", "labs"])
def test_public_conformity_page_has_no_serious_accessibility_violation(
    conformity: dict[str, Any], page: Page, language: str, name: str
) -> None:
    world: World = conformity["world"]
    path = {
        "list": f"/{language}/conformity/",
        "product": f"/{language}/conformity/products/{world.set_top_box.pk}/",
        "labs": f"/{language}/conformity/labs/",
    }[name]
    response = page.goto(f"{conformity['site']}{path}")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    if name == "list":
        page.locator("#id_recommendation").fill("h702")
        page.locator("#id_validity").select_option("valid")
        page.locator("form.filters button[type=submit]").click()
        expect(page.locator("table tbody tr")).to_have_count(1)
        expect(page.locator("table tbody")).to_contain_text("Accessible set-top box")
    _audit_and_capture(page, name, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_representative_sees_the_errors_of_a_declaration_at_its_fields(
    conformity: dict[str, Any], page: Page, language: str
) -> None:
    world: World = conformity["world"]
    sign_in_quickly(page, conformity["site"], world.seoul_rep)
    page.goto(f"{conformity['site']}/{language}/conformity/declarations/new/")
    page.locator("#id_manufacturer").fill("Lumen Vision")
    page.locator("#id_manufacturer_country").select_option("CHN")
    page.locator("#id_model").fill("=LV-4K2")
    page.locator("#id_product").fill("4K IPTV terminal")
    page.locator("input[name=recommendations]").first.check()
    page.locator("#id_report_reference").fill("SITC-0300")
    page.locator("#id_report_date").fill("2010-01-01")
    page.locator("#id_valid_until").fill("2030-01-01")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator("#id_model")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_model_error")).to_be_visible()
    _audit_and_capture(page, "add-errors", language)
    page.locator("#id_model").fill("LV-4K2")
    page.locator("#id_report_date").fill("2025-01-10")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("h1")).to_have_text("4K IPTV terminal")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_import_with_problems_lists_them(conformity: dict[str, Any], page: Page, language: str) -> None:
    world: World = conformity["world"]
    sign_in_quickly(page, conformity["site"], world.seoul_rep)
    page.goto(f"{conformity['site']}/{language}/conformity/import/")
    upload: FilePayload = {"name": "labs.csv", "mimeType": "text/csv", "buffer": BAD_FILE.encode()}
    page.locator("#id_file").set_input_files(files=[upload])
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(2)
    _audit_and_capture(page, "import-errors", language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_labs_representative_sees_what_it_may_do_on_a_products_page(
    conformity: dict[str, Any], page: Page, language: str
) -> None:
    world: World = conformity["world"]
    sign_in_quickly(page, conformity["site"], world.nairobi_rep)
    page.goto(f"{conformity['site']}/{language}/conformity/products/{world.withdrawn.product_id}/")
    expect(page.locator(".status-withdrawn").first).to_be_visible()
    expect(page.locator("td form button")).to_be_visible()  # put in force again
    _audit_and_capture(page, "product-lab", language)
