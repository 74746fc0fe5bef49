"""Outreach in a real browser: an SME association's representative writes a campaign, checks its audience and
sends it; the public news list in English and Arabic (right to left); no serious or critical accessibility
violation at desktop and phone widths; screenshots for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ponte.core.models import OrganisationCategory, RoleKind
from ponte.outreach import services
from ponte.outreach.models import Campaign, CampaignState
from tests.browser.conftest import audit_at_both_widths, sign_in_quickly
from tests.browser.test_pages import _describe
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, UserFactory, country, with_role

pytestmark = pytest.mark.browser


@pytest.fixture
def association(site: str) -> dict[str, Any]:
    cabase = OrganisationFactory(
        name="CABASE", category=OrganisationCategory.SME_ASSOCIATION, country=country("ARG"), employee_count=None
    )
    member_sme = OrganisationFactory(name="Pampa IoT SRL", country=country("ARG"))
    reader = UserFactory()
    AffiliationFactory(
        person=PersonFactory(user=reader, email=reader.email, country=country("ARG")), organisation=member_sme
    )
    return {"site": site, "cabase": cabase, "rep": with_role(RoleKind.REPRESENTATIVE, organisation=cabase)}


def test_an_association_writes_checks_the_audience_and_sends(association: dict[str, Any], page: Page) -> None:
    site = association["site"]
    sign_in_quickly(page, site, association["rep"])
    page.goto(f"{site}/en/outreach/manage/new/")
    page.get_by_label("Newsletter").check()
    page.locator("input[name=title_en]").fill("IoT pilots in three Argentine cities")
    page.locator("textarea[name=body_en]").fill("SMEs and universities run **IoT pilots**.")
    page.locator("input[name=title_es]").fill("Pilotos de IoT en tres ciudades argentinas")
    page.locator("textarea[name=body_es]").fill("Pymes y universidades llevan adelante **pilotos de IoT**.")
    page.locator("input[name=categories][value=sme]").check()
    blocking = audit_at_both_widths(page, "outreach-form-en")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 account would receive it now.")
    blocking += audit_at_both_widths(page, "outreach-manage-detail-en")
    page.get_by_role("link", name="Send…").click()
    expect(page.locator(".notice")).to_contain_text("emailed to 1 account")
    page.get_by_role("button", name="Yes, publish and send").click()
    expect(page.locator(".messages")).to_contain_text("on their way")
    campaign = Campaign.objects.get(title_en="IoT pilots in three Argentine cities")
    assert campaign.state == CampaignState.SENT and campaign.author_organisation == association["cabase"]
    assert [c.alpha3 for c in campaign.countries.all()] == ["ARG"]
    expect(page.locator(".numbers dd").first).to_have_text("1")
    if blocking:
        pytest.fail(f"axe found serious or critical violations:\n{_describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_news_reads_well_in_english_and_arabic(
    association: dict[str, Any], secretariat: Any, page: Page, language: str
) -> None:
    site = association["site"]
    first = services.create_campaign(
        actor=secretariat,
        kind="announcement",
        texts={
            "title_en": "Applications open for ITU-T SG20",
            "title_ar": "باب الطلبات مفتوح للجنة الدراسات 20",
            "body_en": "Small and medium enterprises can take **full part** in the next meeting.",
            "body_ar": "يمكن للمنشآت الصغيرة والمتوسطة المشاركة **الكاملة** في الاجتماع القادم.",
        },
    )
    services.send_campaign(actor=secretariat, campaign=first)
    second = services.create_campaign(
        actor=association["rep"],
        kind="newsletter",
        author_organisation=association["cabase"],
        texts={"title_en": "CABASE newsletter: IoT pilots", "body_en": "Argentine SMEs run *IoT pilots*."},
    )
    services.send_campaign(actor=association["rep"], campaign=second)
    page.goto(f"{site}/{language}/outreach/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".card")).to_have_count(2)
    expect(page.locator("link[rel=alternate][type='application/atom+xml']")).to_have_count(1)
    if language == "ar":
        expect(page.locator(".card-title").last).to_have_text("باب الطلبات مفتوح للجنة الدراسات 20")
    blocking = audit_at_both_widths(page, f"outreach-list-{language}")
    page.locator(".card-title a").last.click()
    expect(page.locator("article strong")).to_be_visible()
    blocking += audit_at_both_widths(page, f"outreach-detail-{language}")
    if blocking:
        pytest.fail(f"axe found serious or critical violations:\n{_describe(blocking)}", pytrace=False)
