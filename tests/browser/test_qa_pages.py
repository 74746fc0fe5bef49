"""The Standards Q&A in a real browser: every page has no serious accessibility violation in English and Arabic at
desktop and phone widths (screenshots in var/screenshots for a person to look at); a member asks with the form and
its Recommendation suggestions, an expert answers, the asker accepts; a refused flag shows its error at the field."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ponte.core.models import RoleKind
from ponte.qa import services
from ponte.qa.models import Question
from tests.browser.conftest import DESKTOP, PHONE, sign_in_quickly
from tests.browser.test_pages import AXE, BLOCKING_IMPACTS, _describe
from tests.factories import with_role
from tests.qa.factories import answer, ask, expert_of, person, recommendation

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _forum() -> dict[str, Any]:
    """Questions in four languages, answered by experts of SG16, one flagged answer and one old unanswered question."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    h702 = recommendation("H.702", title="Accessibility profiles for IPTV systems")
    f921 = recommendation("F.921", title="Audio-based network navigation system for persons with vision impairment")
    expert = expert_of("ITU-T", "SG16", first_name="Carlos", last_name="Méndez")
    asker = person("Awa", "Ndiaye", language="fr")
    french = ask(
        asker,
        recommendations=(h702,),
        language="fr",
        title="Comment vérifier qu'un décodeur IPTV respecte les profils d'accessibilité de H.702 ?",
        body=(
            "Notre PME de Dakar assemble des décodeurs.\n\n- Quel profil viser ?\n- Existe-t-il une procédure d'essai ?"
        ),
    )
    accepted = answer(french, expert, body="Commencez par le **profil de base** : sous-titres et audiodescription.")
    other = answer(french, person("Kofi", "Mensah"), body="Voyez aussi la clause 8.")
    services.accept_answer(actor=asker, answer=accepted)
    services.vote(actor=asker, post=other, value=1)
    services.follow_up(actor=asker, question=french, answer=accepted, body="Merci ! Et pour le guide des programmes ?")
    services.flag_post(actor=person("Li", "Na"), post=other, reason="off_topic", note="Pas une réponse")
    arabic = ask(
        person("Omar", "Khalil", language="ar"),
        recommendations=(h702,),
        language="ar",
        title="كيف نطبق متطلبات الترجمة النصية في التوصية H.702 على القنوات العربية؟",
        body="هل تحدد التوصية اتجاه النص من اليمين إلى اليسار؟",
    )
    answer(arabic, expert_of("ITU-T", "SG16", first_name="Nadia", last_name="Benali"), body="نعم، في البند 8.")
    ask(
        person("Na", "Li", language="zh-hans"),
        recommendations=(f921,),
        language="zh-hans",
        title="F.921 的音频导航系统可以在地铁站使用 Wi-Fi 定位吗",
        body="我们在昆明为视障人士开发室内导航应用。",
        days_ago=12,
    )
    staff = with_role(RoleKind.SECRETARIAT)
    TOTP.activate(staff, generate_totp_secret())
    return {"expert": expert, "asker": asker, "staff": staff, "question": french, "h702": h702}


PAGES = {
    # name: (path after the language prefix, who is signed in)
    "list": ("qa/", None),
    "list-filtered": ("qa/?recommendation=ITU-T+H.702&status=answered", None),
    "question": ("qa/{question}/", None),
    "question-moderator": ("qa/{question}/", "expert"),
    "question-asker": ("qa/{question}/", "asker"),
    "ask": ("qa/ask/?recommendation=ITU-T+H.702", "asker"),
    "flags": ("qa/flags/", "expert"),
    "unanswered": ("qa/unanswered/", "staff"),
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_qa_page_has_no_serious_accessibility_violation(site: str, page: Page, name: str, language: str) -> None:
    forum = _forum()
    path, who = PAGES[name]
    if who:
        sign_in_quickly(page, site, forum[who])
    url = f"/{language}/{path.format(question=forum['question'].pk)}"
    response = page.goto(site + url)
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    if name.startswith("question"):
        for details in page.locator("main details").all():  # the small forms open too: they are audited
            details.evaluate("element => element.open = true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"qa-{name}-{language}-{size}.png"), full_page=True)
        blocking += [
            {**violation, "id": f"{violation['id']} at {viewport['width']}px"}
            for violation in AXE.run(page).response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
    if blocking:
        pytest.fail(f"axe found serious or critical violations on {url}:\n{_describe(blocking)}", pytrace=False)


def test_a_member_asks_an_expert_answers_and_the_asker_accepts(site: str, new_page: Any) -> None:
    recommendation("H.702", title="Accessibility profiles for IPTV systems")
    expert = expert_of("ITU-T", "SG16", first_name="Carlos", last_name="Méndez")
    asker = person("Awa", "Ndiaye", language="fr")

    asking = new_page()
    sign_in_quickly(asking, site, asker)
    asking.goto(f"{site}/en/qa/")
    asking.get_by_role("link", name="Ask a question").click()
    asking.get_by_label("Title").fill("Which H.702 profile fits a remote control?")
    asking.get_by_label("Your question").fill("We build set-top boxes in Dakar.")
    expect(asking.locator("datalist#recommendation-choices option[value='ITU-T H.702']")).to_have_count(1)
    asking.locator("#id_recommendation_1").fill("ITU-T H.702")
    asking.get_by_role("button", name="Publish the question").click()
    expect(asking.get_by_role("heading", level=1)).to_have_text("Which H.702 profile fits a remote control?")
    expect(asking.get_by_role("status")).to_contain_text("The experts of ITU-T SG16 were told.")
    question = Question.objects.get()

    answering = new_page()
    sign_in_quickly(answering, site, expert)
    answering.goto(f"{site}/en/qa/{question.pk}/")
    answering.get_by_label("Your answer").fill("The **basic profile**: captions and audio description.")
    answering.get_by_role("button", name="Publish the answer").click()
    expect(answering.locator("article.qa-post h3")).to_contain_text("Expert, SG16")
    expect(answering.locator("article.qa-post strong")).to_have_text("basic profile")

    asking.reload()
    asking.get_by_role("button", name="Accept this answer").click()
    expect(asking.locator("article.qa-post.accepted")).to_contain_text("Accepted answer")
    question.refresh_from_db()
    assert question.accepted_answer is not None


def test_a_flag_without_a_note_for_something_else_is_refused_at_the_field(site: str, page: Page) -> None:
    question = ask(person("Awa", "Ndiaye"), recommendations=(recommendation("H.702"),))
    spam = answer(question, person("Spam", "Mer"), body="Buy now")
    sign_in_quickly(page, site, person("Kofi", "Mensah"))
    page.goto(f"{site}/en/qa/{question.pk}/")
    post = page.locator(f"#answer-{spam.pk}")
    post.get_by_text("Flag").click()
    post.get_by_label("What is wrong?").select_option("other")
    post.get_by_role("button", name="Send to the moderators").click()
    refused = page.locator(f"#answer-{spam.pk}")
    expect(refused.locator("details[open]")).to_have_count(1)
    expect(refused.get_by_text("Say what is wrong with it.")).to_be_visible()
    expect(refused.get_by_label("Note for the moderators")).to_have_attribute("aria-invalid", "true")
    assert timezone.now() - spam.created_at < datetime.timedelta(minutes=5)
