"""The public partnership pages in a real browser: the agreements dashboard, the partner directory and a
profile, with no serious accessibility violation in English and Arabic at desktop and phone widths, and
screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.partnerships.test_partner_pages import signed  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def partnerships(site: str, signed: Any) -> dict[str, Any]:  # noqa: F811 - the live server first, then the data
    return {"site": site, "partner": signed["partner"]}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", ["dashboard", "partners", "profile"])
def test_partnership_page_has_no_serious_accessibility_violation(
    partnerships: dict[str, Any], page: Page, language: str, name: str
) -> None:
    path = {
        "dashboard": f"/{language}/partnerships/?year_from=2015&year_to=2016",
        "partners": f"/{language}/partnerships/partners/",
        "profile": f"/{language}/partnerships/partners/{partnerships['partner'].pk}/",
    }[name]
    response = page.goto(f"{partnerships['site']}{path}")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    if name == "dashboard":
        expect(page.locator("svg.stats-chart").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"partnerships-{name}-{language}-{size}.png"), full_page=True)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {path}:\n{_describe(blocking)}", pytrace=False)
