"""What a person sees in a real browser: switching language (and the layout mirroring),
signing in, accessibility of every main page, form errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ponte.core.models import Organisation, Person, RoleKind, User
from ponte.membership import services
from ponte.membership.demo import DEMO_SCHEDULE
from ponte.membership.models import Application, FeeSchedule
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.factories import OrganisationFactory, UserFactory, country, group, with_role

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # what tests.factories.UserFactory sets
AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


def _centre_x(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not visible"
    return box["x"] + box["width"] / 2


def _middle(page: Page) -> float:
    size = page.viewport_size
    assert size is not None
    return size["width"] / 2


def _text_edges(page: Page, selector: str) -> str:
    """Which edge of its box a block's last line of text touches: "left", "right", "both" or "neither"."""
    result: str = page.locator(selector).first.evaluate(
        """element => {
          const style = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          const left = box.left + parseFloat(style.paddingLeft);
          const right = box.right - parseFloat(style.paddingRight);
          const range = document.createRange();
          range.selectNodeContents(element);
          const lines = range.getClientRects();
          const line = lines[lines.length - 1];  // the last line rarely fills the width
          const touchesLeft = Math.abs(line.left - left) < 2;
          const touchesRight = Math.abs(line.right - right) < 2;
          return touchesLeft && touchesRight ? "both" : touchesLeft ? "left" : touchesRight ? "right" : "neither";
        }"""
    )
    return result


def _change_language(page: Page, code: str) -> None:
    page.locator("#language-select").select_option(code)
    page.locator(".language-switcher button[type=submit]").click()


# --- Language -------------------------------------------------------------------------


def test_visitor_switches_to_arabic_and_the_page_mirrors(site: str, page: Page) -> None:
    page.goto(f"{site}/en/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    assert _centre_x(page, ".brand") < _middle(page) < _centre_x(page, ".language-switcher")
    assert _text_edges(page, "main h1") == "left"

    # Django spells the language's own name "العربيّة" (with a shadda).
    expect(page.locator("#language-select option[value=ar]")).to_have_text(re.compile("^العربي"))
    page.locator("#language-select").select_option("ar")
    page.get_by_role("button", name="Change").click()

    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("#language-select")).to_have_value("ar")
    # The layout really mirrors: the brand moves to the right, the switcher to the left,
    # the menu and the text start on the right.
    assert _centre_x(page, ".brand") > _middle(page) > _centre_x(page, ".language-switcher")
    menu = page.locator(".main-nav > ul > li")
    first, last = menu.first.bounding_box(), menu.last.bounding_box()
    assert first is not None and last is not None
    assert first["x"] > last["x"], "the main menu should run from right to left"
    assert _text_edges(page, "main h1") == "right", "the heading's text should start on the right"

    # And back to English.
    _change_language(page, "en")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    assert _centre_x(page, ".brand") < _middle(page)


# --- Signing in -----------------------------------------------------------------------


def test_member_signs_in_and_edits_their_profile(site: str, page: Page, member: User) -> None:
    page.goto(f"{site}/en/")
    page.locator(".main-nav").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/en/account/login/$"))
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/en/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.locator(".main-nav").get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_label("Given name").fill("Amina")
    page.get_by_label("Family name").fill("Haddad")
    page.get_by_label("Country").select_option(label="Egypt")
    page.get_by_label("Birth year").fill("1994")
    page.get_by_role("button", name="Save my profile").click()

    expect(page).to_have_url(re.compile(r"/en/me/$"))
    expect(page.get_by_role("status")).to_have_text("Your profile was saved.")
    expect(page.get_by_label("Given name")).to_have_value("Amina")
    expect(page.get_by_label("Country")).to_have_value("EG")
    person = Person.objects.get(user=member)
    assert (person.given_name, person.family_name, person.country, person.birth_year) == (
        "Amina",
        "Haddad",
        country("EGY"),
        1994,
    )


# --- Accessibility --------------------------------------------------------------------

PAGES: dict[str, tuple[str, str | None]] = {
    # name: (path after the language prefix, who is signed in)
    "home": ("", None),
    "organisation-list": ("organisations/", None),
    "organisation-detail": ("organisations/{organisation}/", None),
    "group-list": ("groups/", None),
    "group-detail": ("groups/ITU-T/SG16/", None),
    "country-list": ("countries/", None),
    "sign-in": ("account/login/", None),
    "sign-up": ("account/signup/", None),
    "my-account": ("me/", "member"),
    "organisation-edit": ("organisations/{organisation}/edit/", "representative"),
    "not-found": ("no-such-page/", None),
    "sme-report": ("membership/sme-report/", None),
    "application-form": ("membership/applications/new/{organisation}/", "representative"),
    "application-decision": ("membership/applications/{application}/", "focal_point"),
    "application-list": ("membership/applications/", "focal_point"),
    "sme-definition": ("membership/sme-definition/JP/", "focal_point"),
    "application-own": ("membership/applications/{application}/", "representative"),
    "batch-upload": ("membership/associations/{association}/batch/", "association"),
    "fee-simulator": ("membership/fee-simulator/?year=2025&threshold=300&sme_fee=2000", "secretariat"),
    "invoice-list": ("membership/invoices/", "secretariat"),
    "invoice-detail": ("membership/invoices/{invoice}/", "secretariat"),
    "invoice-own": ("membership/invoices/{invoice}/", "representative"),
    "bank-statement": ("membership/bank-statements/", "secretariat"),
    "pay-as-you-go": ("membership/pay-as-you-go/", "secretariat"),
    "my-programme": ("membership/my/", "representative"),
    "meeting-list": ("meetings/", None),
    "meeting-detail": ("meetings/{meeting}/", "representative"),
    "meeting-figures": ("meetings/{meeting}/", "secretariat"),
    "my-meetings": ("meetings/my/", "representative"),
    "meeting-check-in": ("meetings/{meeting}/check-in/", "secretariat"),
}
NEEDS_INVOICE = {"invoice-list", "invoice-detail", "invoice-own", "bank-statement", "my-programme"}


def secretariat_with_second_factor() -> User:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = with_role(RoleKind.SECRETARIAT)
    TOTP.activate(user, generate_totp_secret())
    return user


def _submitted_application(organisation: Organisation) -> Application:
    representative = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
    application = services.start_application(
        actor=representative, organisation=organisation, groups=[group("ITU-T", "SG16")], employee_count=40
    )
    return services.submit_application(actor=representative, application=application)


def _invoice(organisation: Organisation) -> str:
    """A due pay-as-you-go invoice of the organisation, and a bank credit that matched nothing."""
    from django.utils import timezone

    from ponte.membership.importers import import_bank_statement

    today = timezone.localdate()
    FeeSchedule.objects.get_or_create(year=today.year, defaults=DEMO_SCHEDULE)
    staff = with_role(RoleKind.SECRETARIAT)
    invoice = services.charge_meeting_days(
        actor=staff, organisation=organisation, subject="ITU-T SG16, Geneva", days=3, held_on=today
    )
    statement = f"date,amount,currency,reference\n{today:%Y-%m-%d},250.00,CHF,Donation\n"
    import_bank_statement(actor=staff, file_name="statement.csv", content=statement.encode())
    return invoice.number


def _meeting(organisation: Organisation) -> str:
    """A hybrid meeting in Geneva next month, the organisation's representative registered for it."""
    import datetime

    from django.utils import timezone

    from ponte.core.services import ensure_person_for_user
    from ponte.meetings import services as meetings
    from ponte.meetings.models import Meeting

    start = timezone.localdate() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        code="T25-SG16-AXE",
        group=group("ITU-T", "SG16"),
        title_en="Study Group 16 meeting",
        title_ar="اجتماع لجنة الدراسات 16",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        country=country("CHE"),
        city="Geneva",
        capacity=100,
        interpretation_languages=["ar", "fr"],
    )
    administration = OrganisationFactory(name="Ministry of Communications", category="administration")
    user = with_role(RoleKind.REPRESENTATIVE, organisation=administration)
    meetings.register(
        actor=user,
        meeting=meeting,
        person=ensure_person_for_user(user=user),
        organisation=administration,
        mode="remote",
        interpretation_language="ar",
    )
    return meeting.code


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{targets}]")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(site: str, page: Page, name: str, language: str) -> None:
    path, who = PAGES[name]
    organisation = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"), website="https://kyoto.example")
    association: Organisation | None = None
    if who == "member":
        sign_in_quickly(page, site, UserFactory())
    elif who == "representative":
        sign_in_quickly(page, site, with_role(RoleKind.REPRESENTATIVE, organisation=organisation))
    elif who == "association":
        association = OrganisationFactory(name="CABASE", category="sme_association", country=country("ARG"))
        sign_in_quickly(page, site, with_role(RoleKind.REPRESENTATIVE, organisation=association))
    elif who == "secretariat":
        FeeSchedule.objects.create(year=2025, **DEMO_SCHEDULE)
        sign_in_quickly(page, site, secretariat_with_second_factor())
    elif who == "focal_point":
        sign_in_quickly(page, site, with_role(RoleKind.FOCAL_POINT, country=country("JPN")))
    needs_application = "{application}" in path or name == "my-programme"
    application = _submitted_application(organisation) if needs_application else None
    invoice = _invoice(organisation) if name in NEEDS_INVOICE else ""
    meeting = _meeting(organisation) if name.startswith("meeting") or name == "my-meetings" else ""

    filled = path.format(
        organisation=organisation.pk,
        application=application.pk if application else 0,
        association=association.pk if association else 0,
        invoice=invoice,
        meeting=meeting,
    )
    url = f"/{language}/{filled}"
    response = page.goto(site + url)
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    expect(page.locator("html")).to_have_attribute("lang", language)

    # Desktop width, then phone width (tables scroll, menus wrap).
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


# --- Forms ----------------------------------------------------------------------------


def test_invalid_organisation_shows_the_error_next_to_the_field(
    site: str, page: Page, representative: User, japanese_sme: Organisation
) -> None:
    sign_in_quickly(page, site, representative)
    page.goto(f"{site}/en/organisations/{japanese_sme.pk}/edit/")
    name = page.get_by_label(re.compile(r"^Name\b"))
    name.fill("")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/en/organisations/{japanese_sme.pk}/edit/$"))
    expect(page.get_by_role("alert")).to_have_text("Please correct the errors below.")
    expect(name).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_name_error")
    expect(error).to_have_text("This field is required.")
    expect(name).to_have_attribute("aria-describedby", re.compile(r"\bid_name_error\b"))
    # Next to the field: in the field's own group, right above the input.
    expect(page.locator("form.stacked > div", has=name).locator(".errorlist")).to_have_count(1)
    error_box, name_box = error.bounding_box(), name.bounding_box()
    assert error_box is not None and name_box is not None
    gap = name_box["y"] - (error_box["y"] + error_box["height"])
    assert 0 <= gap < 24, f"the error is {gap}px away from its field"
    japanese_sme.refresh_from_db()
    assert japanese_sme.name == "Kyoto Sensors KK"
