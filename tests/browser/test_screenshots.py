"""Full-page screenshots for a person to look at (var/screenshots/, git-ignored).

Desktop (1280x900) and phone (360x740), English and Arabic, plus the Chinese home
page. Besides writing the pictures, the tests check what can be checked without
eyes: nothing wider than the phone's screen, and Chinese glyphs really drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from ponte.core.models import OrganisationCategory
from tests.browser.conftest import DESKTOP, PHONE, PageFactory, sign_in_quickly
from tests.factories import OrganisationFactory, UserFactory, country

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def organisations() -> None:
    OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    OrganisationFactory(name="Nile IoT", country=country("EGY"))
    OrganisationFactory(name="Cairo University", category=OrganisationCategory.ACADEMIA, country=country("EGY"))
    OrganisationFactory(name="Andes Connect SAS", country=country("COL"), employee_count=12)
    OrganisationFactory(
        name="Université Cheikh Anta Diop", category=OrganisationCategory.ACADEMIA, country=country("SEN")
    )


def _shoot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _overflowing(page: Page) -> list[str]:
    """Elements that stick out of the viewport sideways (scrolling tables excepted)."""
    result: list[str] = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll("body *")) {
            if (el.closest(".table-wrap, .visually-hidden, .skip-link")) continue;
            const box = el.getBoundingClientRect();
            if (box.width && (box.right > width + 1 || box.left < -1)) {
              out.push(`${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}`
                       + ` [${Math.round(box.left)}, ${Math.round(box.right)}]`);
            }
          }
          return out;
        }"""
    )
    return result


@pytest.mark.parametrize("language", ["en", "ar"])
def test_screenshots_of_main_pages(site: str, new_page: PageFactory, organisations: None, language: str) -> None:
    member = UserFactory()
    for viewport_name, viewport in VIEWPORTS.items():
        page = new_page(viewport)
        for name, path in [("home", ""), ("organisations", "organisations/")]:
            page.goto(f"{site}/{language}/{path}")
            _shoot(page, f"{name}-{language}-{viewport_name}")
            assert not _overflowing(page), f"{name} ({language}, {viewport_name}) overflows: {_overflowing(page)}"
        sign_in_quickly(page, site, member)
        page.goto(f"{site}/{language}/me/")
        _shoot(page, f"account-{language}-{viewport_name}")
        assert not _overflowing(page), f"account ({language}, {viewport_name}) overflows: {_overflowing(page)}"


def test_chinese_home_page_draws_chinese_glyphs(site: str, page: Page) -> None:
    page.goto(f"{site}/zh-hans/")
    _shoot(page, "home-zh-hans-desktop")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    # Missing glyphs all come out as the same empty box ("tofu"): two different
    # characters drawn in the page's own font must give different pixels.
    distinct = page.evaluate(
        """() => {
          const font = getComputedStyle(document.body).fontFamily;
          const draw = (text) => {
            const canvas = document.createElement("canvas");
            canvas.width = 64; canvas.height = 64;
            const context = canvas.getContext("2d");
            context.font = `48px ${font}`;
            context.fillText(text, 4, 52);
            return canvas.toDataURL();
          };
          return draw("中") !== draw("文") && draw("中") !== draw("\\u{10FFFD}");
        }"""
    )
    assert distinct, "Chinese characters are drawn as empty boxes: is a CJK font (fonts-noto-cjk) installed?"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_screenshots_of_billing_and_my_programme(site: str, new_page: PageFactory, language: str) -> None:
    """The SME's own programme page, its invoice, and the secretariat's bank-statement page."""
    from django.utils import timezone

    from ponte.core.models import RoleKind
    from ponte.membership import services
    from ponte.membership.demo import DEMO_SCHEDULE
    from ponte.membership.importers import import_bank_statement
    from ponte.membership.models import FeeSchedule
    from tests.browser.test_pages import secretariat_with_second_factor
    from tests.factories import group, with_role

    today = timezone.localdate()
    FeeSchedule.objects.create(year=today.year, **DEMO_SCHEDULE)
    sme = OrganisationFactory(name="Andes Connect SAS", country=country("COL"), employee_count=12)
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=sme)
    staff = secretariat_with_second_factor()
    application = services.start_application(
        actor=representative, organisation=sme, groups=[group("ITU-T", "SG20")], employee_count=12
    )
    services.submit_application(actor=representative, application=application)
    invoice = services.charge_meeting_days(
        actor=staff, organisation=sme, subject="ITU-T SG20, Geneva", days=4, held_on=today
    )
    statement = f"date,amount,currency,reference\n{today:%Y-%m-%d},250.00,CHF,Donation\n"
    import_bank_statement(actor=staff, file_name="statement.csv", content=statement.encode())
    pages = [
        ("my-programme", "membership/my/", representative),
        ("invoice", f"membership/invoices/{invoice.number}/", representative),
        ("bank-statement", "membership/bank-statements/", staff),
    ]
    for viewport_name, viewport in VIEWPORTS.items():
        for name, path, user in pages:
            page = new_page(viewport)
            sign_in_quickly(page, site, user)
            page.goto(f"{site}/{language}/{path}")
            _shoot(page, f"{name}-{language}-{viewport_name}")
            assert not _overflowing(page), f"{name} ({language}, {viewport_name}) overflows: {_overflowing(page)}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_screenshots_of_meetings(site: str, new_page: PageFactory, language: str) -> None:
    """The meeting list, a meeting with its registration form, and My meetings."""
    from ponte.core.models import RoleKind
    from tests.browser.test_pages import _meeting
    from tests.factories import with_role

    sme = OrganisationFactory(name="Andes Connect SAS", country=country("COL"), employee_count=12)
    code = _meeting(sme)
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=sme)
    for viewport_name, viewport in VIEWPORTS.items():
        for name, path in [
            ("meetings", "meetings/"),
            ("meeting", f"meetings/{code}/"),
            ("my-meetings", "meetings/my/"),
        ]:
            page = new_page(viewport)
            sign_in_quickly(page, site, representative)
            page.goto(f"{site}/{language}/{path}")
            _shoot(page, f"{name}-{language}-{viewport_name}")
            assert not _overflowing(page), f"{name} ({language}, {viewport_name}) overflows: {_overflowing(page)}"
