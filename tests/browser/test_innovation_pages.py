"""The experts and innovation pages in a real browser: headline figures and workshops, the registry and a
verification, the index of assessed countries, a country profile with its chart, and the assessment form of a
certified expert, with no serious accessibility violation in English and Arabic at desktop and phone widths, and
screenshots for a person to look at (the profile's chart especially)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor
from tests.experts.factories import certificate, expert_account, trained, workshop
from tests.factories import PersonFactory, country
from tests.innovation.factories import assessment

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def innovation(site: str) -> dict[str, Any]:
    ljubljana = workshop(
        "Executive workshop for Europe: bridging the digital innovation divide",
        other_partners="Regional Cooperation Council (RCC)",
    )
    ana = PersonFactory(given_name="Ana", family_name="Stojanovska", country=country("MKD"))
    trained(ana, ljubljana)
    held = certificate(ana, at=ljubljana)
    trained(PersonFactory(given_name="Jelena", family_name="Petrović", country=country("SRB")), ljubljana)
    assessment("KEN", (58, 52, 55, 60, 50, 57, 63), day=datetime.date(2017, 6, 20), summary="Vibrant **hubs**.")
    assessment("RWA", (62, 48, 41, 45, 35, 38, 50))
    assessment("UGA", (44, 40, 37, 35, 28, 36, 45))
    assessment("TZA", (42, 41, 39, 37, 31, 40, 44))
    assessment("IND", (70, 65, 75, 60, 55, 66, 61))
    return {"site": site, "workshop": ljubljana, "number": held.number, "expert": expert_account("MKD")}


def _audit(page: Page, path: str, name: str, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"innovation-{name}-{language}-{size}.png"), full_page=True)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {path}:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", ["experts", "workshop", "registry", "verify", "index", "profile"])
def test_public_innovation_page_has_no_serious_accessibility_violation(
    innovation: dict[str, Any], page: Page, language: str, name: str
) -> None:
    path = {
        "experts": f"/{language}/experts/",
        "workshop": f"/{language}/experts/workshops/{innovation['workshop'].pk}/",
        "registry": f"/{language}/experts/registry/",
        "verify": f"/{language}/experts/verify/?number={innovation['number']}",
        "index": f"/{language}/innovation/",
        "profile": f"/{language}/innovation/KEN/",
    }[name]
    response = page.goto(f"{innovation['site']}{path}")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    if name == "profile":
        chart = page.locator("svg.profile-chart")
        expect(chart).to_be_visible()
        expect(chart).to_have_attribute("direction", "rtl" if language == "ar" else "ltr")
        expect(page.locator("#profile-table-caption")).to_be_visible()
    if name == "verify":
        expect(page.locator(".verdict-valid")).to_be_visible()
    _audit(page, path, name, language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_secretariats_workshop_page_and_the_experts_form_are_accessible(
    innovation: dict[str, Any], page: Page, new_page: Any, language: str
) -> None:
    staff = secretariat_with_second_factor()
    sign_in_quickly(page, innovation["site"], staff)
    path = f"/{language}/experts/workshops/{innovation['workshop'].pk}/"
    page.goto(f"{innovation['site']}{path}")
    expect(page.get_by_role("rowheader", name="Jelena Petrović")).to_be_visible()
    _audit(page, path, "workshop-secretariat", language)

    expert_page = new_page()
    sign_in_quickly(expert_page, innovation["site"], innovation["expert"])
    path = f"/{language}/innovation/assessments/new/"
    expert_page.goto(f"{innovation['site']}{path}")
    expert_page.locator("#id_assessed_on").fill((timezone.localdate() - datetime.timedelta(days=30)).isoformat())
    expert_page.locator("[name='score_vision-strategy']").fill("101")
    expert_page.locator("form.stacked button[type=submit]").click()
    expect(expert_page.locator(".error-summary")).to_be_visible()
    _audit(expert_page, path, "assessment-form", language)
