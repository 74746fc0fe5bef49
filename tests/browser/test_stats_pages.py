"""The public participation dashboard in a real browser: no serious accessibility violation in English
and Arabic, at desktop and phone widths, and screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.stats.test_participation import dataset  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _dashboard_path(language: str) -> str:
    try:
        with translation.override(language):
            return reverse("stats:dashboard")
    except NoReverseMatch:
        pytest.skip(
            "the statistics pages are not mounted yet: ponte.urls needs path('stats/', include('ponte.stats.urls'))"
        )


@pytest.fixture
def figures(site: str, dataset: Any) -> str:  # noqa: F811 - the live server first, then the data
    return site


@pytest.mark.parametrize("language", ["en", "ar"])
def test_dashboard_has_no_serious_accessibility_violation(figures: str, page: Page, language: str) -> None:
    path = _dashboard_path(language)
    response = page.goto(f"{figures}{path}?year=2025")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("svg.stats-chart").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"stats-dashboard-{language}-{name}.png"), full_page=True)
        results = AXE.run(page)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {path}:\n{_describe(blocking)}", pytrace=False)
