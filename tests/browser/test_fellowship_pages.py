"""Fellowship pages in a real browser: the secretariat's decision page and a focal point's nomination page have no
serious or critical accessibility violation, in English and Arabic, at desktop and phone widths."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ponte.core.models import RoleKind, User
from ponte.meetings.models import Meeting
from ponte.meetings.services.fellowships import award_fellowship, nominate_fellow
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor
from tests.factories import PersonFactory, country, fund_bsg, group, with_role

pytestmark = pytest.mark.browser


def _meeting_with_candidates(egypt: User) -> Meeting:
    """A meeting next month with three candidates: one awarded (paid by the BSG fund), two awaiting a decision."""
    fund_bsg("50000.00")
    start = timezone.localdate() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        code="T25-SG16-FELLOWS",
        group=group("ITU-T", "SG16"),
        title_en="Study Group 16 meeting",
        title_ar="اجتماع لجنة الدراسات 16",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        country=country("CHE"),
        city="Geneva",
        fellowship_budget=Decimal("12000.00"),
    )
    nepal = with_role(RoleKind.FOCAL_POINT, country=country("NPL"))
    awarded = nominate_fellow(
        actor=nepal,
        meeting=meeting,
        person=PersonFactory(country=country("NPL"), gender="female"),
        country=country("NPL"),
    )
    for gender in ("male", ""):
        nominate_fellow(
            actor=egypt,
            meeting=meeting,
            person=PersonFactory(country=country("EGY"), gender=gender),
            country=country("EGY"),
        )
    award_fellowship(
        actor=secretariat_with_second_factor(),
        fellowship=awarded,
        kind="full",
        ticket=Decimal("1500"),
        daily_allowance=Decimal("280"),
        days=5,
    )
    return meeting


def _assert_accessible(page: Page, url: str) -> None:
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


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("who", ["secretariat", "focal_point"])
def test_fellowship_page_has_no_serious_accessibility_violation(site: str, page: Page, who: str, language: str) -> None:
    egypt = with_role(RoleKind.FOCAL_POINT, country=country("EGY"))
    meeting = _meeting_with_candidates(egypt)
    if who == "secretariat":
        sign_in_quickly(page, site, secretariat_with_second_factor())
        url = f"/{language}/meetings/fellowships/{meeting.code}/decide/"
    else:
        sign_in_quickly(page, site, egypt)
        url = f"/{language}/meetings/fellowships/{meeting.code}/nominate/"
    response = page.goto(site + url)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    if who == "secretariat":
        expect(page.locator("meter#budget-meter")).to_be_visible()
        expect(page.locator("form[action$='/award/'], form[action*='/award/']")).to_have_count(2)
    _assert_accessible(page, url)


def test_nomination_errors_are_shown_next_to_the_field(site: str, page: Page) -> None:
    egypt = with_role(RoleKind.FOCAL_POINT, country=country("EGY"))
    meeting = _meeting_with_candidates(egypt)
    sign_in_quickly(page, site, egypt)
    url = f"/en/meetings/fellowships/{meeting.code}/nominate/"
    page.goto(site + url)
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_role("alert").first).to_contain_text("Please correct the errors below.")
    expect(page.locator(".errorlist").first).to_contain_text("Give the candidate's email")
    _assert_accessible(page, url)
