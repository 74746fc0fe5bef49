"""The partner-opportunity platform in a real browser: a representative sets the organisation's focus, sees a
recommendation with its reason and expresses interest, in English and in Arabic (right to left); every page has
no serious or critical accessibility violation at desktop and phone widths; screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from ponte.core.models import RoleKind
from ponte.opportunities import services
from ponte.opportunities.models import Interest, OrganisationFocus
from ponte.partnerships.models import ActionArea, BeneficiaryRegion
from tests.browser.conftest import audit_at_both_widths, sign_in_quickly
from tests.browser.test_pages import _describe
from tests.factories import OrganisationFactory, country, with_role
from tests.opportunities.factories import PDF, focus, opportunity

pytestmark = pytest.mark.browser


@pytest.fixture
def platform(site: str) -> dict[str, Any]:
    """Three published opportunities, one matching the focus the representative will set, and a draft."""
    sme = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    cirts = opportunity(
        "National CIRTs for West Africa",
        title_ar="أفرقة وطنية للاستجابة للحوادث الحاسوبية في غرب أفريقيا",
        summary_ar="إنشاء أفرقة وطنية للاستجابة للحوادث الحاسوبية وتدريبها في أربعة بلدان.",
        summary_en="Set up and train national CIRTs in four West African countries.",
        description_en="A readiness assessment, the legal basis and two years of mentoring for each team.",
        areas=("cybersecurity", "capacity-building"),
        regions=("AFR",),
        mechanism_codes=("grant", "technical-assistance"),
        countries=("BEN", "TGO"),
        budget="2800000.00",
        video_url="https://video.example/cirts",
    )
    opportunity("E-waste in the Arab region", areas=("climate-change-e-waste",), regions=("ARB",))
    opportunity("Global innovation assessments", areas=("innovation",), regions=("GLO",), kind="initiative")
    opportunity("Unpublished draft", state="draft")
    return {
        "site": site,
        "sme": sme,
        "representative": with_role(RoleKind.REPRESENTATIVE, organisation=sme),
        "cirts": cirts,
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_representative_sets_a_focus_sees_why_and_expresses_interest(
    platform: dict[str, Any], page: Page, language: str
) -> None:
    site, sme = platform["site"], platform["sme"]
    sign_in_quickly(page, site, platform["representative"])
    page.goto(f"{site}/{language}/opportunities/mine/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")

    focus_form = page.locator("form[aria-labelledby=focus-heading]")
    cybersecurity = ActionArea.objects.get(code="cybersecurity")
    africa = BeneficiaryRegion.objects.get(code="AFR")
    focus_form.locator(f"input[name=action_areas][value='{cybersecurity.pk}']").check()
    focus_form.locator(f"input[name=regions][value='{africa.pk}']").check()
    focus_form.locator("input[name=wants_digest]").check()
    focus_form.locator("button[type=submit]").click()

    reason = page.locator(".reason")
    expect(reason).to_have_count(1)
    if language == "en":
        expect(reason).to_have_text("Matches your focus: Cybersecurity, Africa")
        expect(page.locator(".card-title")).to_have_text("National CIRTs for West Africa")
    else:
        expect(reason).to_contain_text("الأمن السيبراني")
        expect(reason).to_contain_text("أفريقيا")
        expect(page.locator(".card-title")).to_contain_text("غرب أفريقيا")
    saved = OrganisationFocus.objects.get(organisation=sme)
    assert saved.wants_digest and [area.code for area in saved.action_areas.all()] == ["cybersecurity"]
    expect(page.locator(".messages")).to_be_visible()
    blocking = audit_at_both_widths(page, f"opportunities-mine-{language}")

    page.locator(".card a[href$='#interest-heading']").click()
    expect(page.locator("h1")).to_contain_text("غرب أفريقيا" if language == "ar" else "National CIRTs")
    interest_form = page.locator("form[action$='/interest/']")
    interest_form.locator("textarea[name=message]").fill("We run a security operations centre in Dakar.")
    interest_form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".badge-ok")).to_contain_text("Kyoto Sensors KK")
    interest = Interest.objects.get()
    assert interest.organisation == sme and interest.message == "We run a security operations centre in Dakar."
    blocking += audit_at_both_widths(page, f"opportunities-detail-interested-{language}")

    page.goto(f"{site}/{language}/opportunities/mine/")
    title = "غرب أفريقيا" if language == "ar" else "National CIRTs for West Africa"
    expect(page.locator("#interests-heading + .table-wrap")).to_contain_text(title)
    if blocking:
        pytest.fail(f"axe found serious or critical violations:\n{_describe(blocking)}", pytrace=False)


PAGES = {
    "list": ("anonymous", "opportunities/?region=AFR"),
    "detail": ("anonymous", "opportunities/{cirts}/"),
    "manage": ("secretariat", "opportunities/manage/"),
    "manage-detail": ("secretariat", "opportunities/manage/{cirts}/"),
    "form": ("secretariat", "opportunities/manage/{cirts}/edit/"),
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_opportunity_page_has_no_serious_accessibility_violation(
    platform: dict[str, Any], page: Page, secretariat: Any, settings: Any, tmp_path: Path, name: str, language: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    who, path = PAGES[name]
    if who == "secretariat":
        sign_in_quickly(page, platform["site"], secretariat)
    focus(platform["sme"], areas=("cybersecurity",), regions=("AFR",))
    services.express_interest(
        actor=platform["representative"],
        opportunity=platform["cirts"],
        organisation=platform["sme"],
        message="We run a security operations centre in Dakar.",
    )
    services.add_pitch_document(
        actor=secretariat,
        opportunity=platform["cirts"],
        title="Concept note",
        language="fr",
        upload=SimpleUploadedFile("note.pdf", PDF),
    )
    url = f"/{language}/{path.format(cirts=platform['cirts'].pk)}"
    response = page.goto(platform["site"] + url)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    if who == "anonymous":
        expect(page.locator("main")).not_to_contain_text("Unpublished draft")
    blocking = audit_at_both_widths(page, f"opportunities-{name}-{language}")
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {url}:\n{_describe(blocking)}", pytrace=False)
