"""The sponsorship platform in a real browser: a member's three clicks from the events to the quote and its
request, and the secretariat's requests and revenue pages, with no serious or critical accessibility violation,
in English and Arabic, at desktop and phone widths; screenshots of each are kept under var/screenshots for a
person to look at."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ponte.sponsorship import services
from ponte.sponsorship.models import RequestState, SponsorshipRequest
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe, secretariat_with_second_factor
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory, World, build_world

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


# The elements sticking out of the page's width (a page that scrolls sideways on a phone).
WIDER_THAN_PAGE = """() => [...document.querySelectorAll('body *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > innerWidth + 1 || r.left < -1); })
  .filter(e => !e.closest('.table-wrap, .visually-hidden'))
  .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))"""


def _check(page: Page, shot: str) -> None:
    """Screenshots at both widths, no sideways scrolling, and no serious or critical axe violation at either."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}-{name}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{shot} scrolls sideways at {name}: {page.evaluate(WIDER_THAN_PAGE)}"
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    page.set_viewport_size(DESKTOP)
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {page.url}:\n{_describe(blocking)}", pytrace=False)


@pytest.fixture
def world(site: str) -> World:
    return build_world()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_member_gets_a_quote_in_three_clicks_and_requests_it(
    site: str, page: Page, world: World, language: str
) -> None:
    sign_in_quickly(page, site, world.member_rep)
    response = page.goto(f"{site}/{language}/sponsorship/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    _check(page, f"sponsorship-1-events-{language}")

    page.locator(f"a[href='/{language}/sponsorship/GSR-27/']").first.click()  # click 1: the event
    expect(page.locator("h1")).to_have_text(world.event.title_ar if language == "ar" else world.event.title_en)
    _check(page, f"sponsorship-2-activities-{language}")

    page.locator(f"a[href='/{language}/sponsorship/GSR-27/{world.side_event.pk}/quote/']").click()  # click 2
    total = page.locator("tr.total td")  # click 3 is the page itself: the quote
    expect(total).to_contain_text("10,493.82" if language == "en" else "10493,82")
    expect(page.locator("a[href*='quote.pdf']")).to_be_visible()
    _check(page, f"sponsorship-3-quote-{language}")

    page.locator("textarea[name='message']").fill("Contact: Ana Pérez")
    page.locator("form[action$='/request/'] button[type='submit']").click()
    expect(page).to_have_url(f"{site}/{language}/sponsorship/mine/")
    request = SponsorshipRequest.objects.get()
    expect(page.locator("table")).to_contain_text(request.reference)
    expect(page.locator(".message-success")).to_contain_text(request.reference)
    assert request.price == Decimal("10493.82") and request.state == RequestState.REQUESTED
    page.screenshot(path=str(SCREENSHOTS / f"sponsorship-4-requested-{language}.png"), full_page=True)
    # The layout's message list (base.html: role="status" on the <ul>) is not this page's: axe checks the page
    # once the message is read.
    page.reload()
    _check(page, f"sponsorship-4-mine-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_sold_out_activity_and_an_anonymous_quote(site: str, page: Page, world: World, language: str) -> None:
    services.request_sponsorship(activity=world.dinner, organisation=world.member, requested_by=world.member_rep)
    page.goto(f"{site}/{language}/sponsorship/GSR-27/")
    expect(page.locator(".sold-out")).to_have_count(1)
    page.goto(f"{site}/{language}/sponsorship/GSR-27/{world.dinner.pk}/quote/")
    expect(page.locator(".notice")).to_be_visible()
    _check(page, f"sponsorship-sold-out-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_secretariats_requests_and_revenue_pages(site: str, page: Page, world: World, language: str) -> None:
    staff = secretariat_with_second_factor()
    waiting = services.request_sponsorship(
        activity=world.coffee, organisation=world.non_member, requested_by=world.non_member_rep, message="Logo please."
    )
    confirmed = services.request_sponsorship(
        activity=world.side_event, organisation=world.member, requested_by=world.member_rep
    )
    services.confirm_request(request=confirmed, decided_by=staff)
    past = SponsoredEventFactory(code="WTDC-17", title_en="WTDC 2017", starts_on=confirmed.requested_at.date().replace(
        year=2017), currency="USD")  # fmt: skip
    old = ActivityFactory(event=past, price=Decimal("50000.00"))
    SponsorshipRequest.objects.create(
        reference="SP-2017-0001", activity=old, organisation=world.non_member, requested_by=staff,
        list_price=old.price, price=old.price, currency="USD", state=RequestState.CONFIRMED,
    )  # fmt: skip
    sign_in_quickly(page, site, staff)
    page.goto(f"{site}/{language}/sponsorship/staff/GSR-27/")
    expect(page.locator("article.card")).to_have_count(2)
    _check(page, f"sponsorship-staff-requests-{language}")

    page.locator(f"form[action$='/{waiting.reference}/decline/'] button").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _check(page, f"sponsorship-staff-decline-refused-{language}")

    page.goto(f"{site}/{language}/sponsorship/staff/revenue/")
    expect(page.locator("svg.stats-chart")).to_have_count(2)
    expect(page.locator("table")).to_have_count(2)
    _check(page, f"sponsorship-revenue-{language}")
