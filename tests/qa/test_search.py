"""Searching the questions in the six languages (Chinese and Arabic need more than spaces between words), alone and
with the filters: Recommendation, group, answered or not, accepted."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.qa import selectors, services
from tests.conftest import signed_in
from tests.factories import group
from tests.qa.factories import answer, ask, person, recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(asker, h702) -> dict[str, object]:
    f921 = recommendation("F.921", title="Audio-based network navigation system for persons with vision impairment")
    return {
        "en": ask(
            asker,
            recommendations=(h702,),
            title="Accessibility profiles for IPTV set-top boxes",
            body="Which captions must the receiver support?",
        ),
        "fr": ask(
            asker,
            recommendations=(h702,),
            language="fr",
            title="Accessibilité des décodeurs IPTV en Afrique",
            body="Quels sous-titres le récepteur doit-il afficher ?",
        ),
        "zh": ask(
            asker,
            recommendations=(f921,),
            language="zh-hans",
            title="地铁站音频导航系统的定位要求",
            body="视障人士使用的室内导航是否需要蓝牙信标？",  # noqa: RUF001 (Chinese punctuation)
        ),
        "ar": ask(
            asker,
            recommendations=(h702,),
            language="ar",
            title="تطبيق الترجمة النصية في القنوات العربية",
            body="هل تُحدِّد التوصية اتجاه الكتابة؟",
        ),
        "es": ask(
            asker,
            recommendations=(f921,),
            language="es",
            title="Navegación para personas ciegas en Lima",
            body="¿Qué señalización sonora recomienda la norma?",
        ),
    }


def _found(text: str, viewer=None, **filters) -> set[str]:
    from django.contrib.auth.models import AnonymousUser

    found = selectors.question_list(viewer=viewer or AnonymousUser(), text=text, **filters)
    return {question.title for question in found}


def test_english_words_and_their_longer_forms(questions) -> None:
    assert _found("captions") == {"Accessibility profiles for IPTV set-top boxes"}
    assert _found("accessible IPTV") == {
        "Accessibility profiles for IPTV set-top boxes",
        "Accessibilité des décodeurs IPTV en Afrique",
    }
    assert _found("IPTV boxes") == {"Accessibility profiles for IPTV set-top boxes"}


def test_french_without_accents_or_with(questions) -> None:
    assert _found("décodeurs") == _found("DECODEURS") == {"Accessibilité des décodeurs IPTV en Afrique"}
    assert _found("sous-titres récepteur") == {"Accessibilité des décodeurs IPTV en Afrique"}


def test_chinese_without_spaces(questions) -> None:
    assert _found("导航") == {"地铁站音频导航系统的定位要求"}
    assert _found("蓝牙信标") == {"地铁站音频导航系统的定位要求"}
    assert _found("音频导航要求") == set()  # the pair 航要 is not in the text


def test_arabic_with_or_without_article_and_diacritics(questions) -> None:
    title = "تطبيق الترجمة النصية في القنوات العربية"
    assert _found("ترجمة") == {title}
    assert _found("الترجمة") == {title}
    assert _found("تحدد التوصية") == {title}


def test_spanish_accents(questions) -> None:
    assert _found("navegacion sonora") == {"Navegación para personas ciegas en Lima"}


def test_every_word_must_be_found(questions) -> None:
    assert _found("IPTV Lima") == set()


def test_words_that_cannot_be_searched_filter_nothing(questions) -> None:
    assert len(_found("a")) == 5


def test_filters_by_recommendation_group_and_answers(questions, h702, expert) -> None:
    questions_ = questions
    english, french = questions_["en"], questions_["fr"]
    assert _found("", recommendation=recommendation("F.921")) == {
        "地铁站音频导航系统的定位要求",
        "Navegación para personas ciegas en Lima",
    }
    reply = answer(english, expert)
    answer(french, expert)
    services.accept_answer(actor=english.asked_by, answer=reply)
    assert _found("IPTV", answered=True) == {english.title, french.title}
    assert _found("IPTV", accepted=True) == {english.title}
    assert len(_found("", answered=False)) == 3
    assert _found("", group=group("ITU-T", "SG20")) == set()
    sg20_question = ask(
        person("X", "Y"), target=group("ITU-T", "SG20RG-AFR"), recommendations=(), title="Smart water meters in Kampala"
    )
    assert _found("", group=group("ITU-T", "SG20")) == {sg20_question.title}


def test_the_page_searches_and_filters(questions, client) -> None:
    page = client.get("/en/qa/", {"q": "导航"}).content.decode()
    assert "地铁站音频导航系统的定位要求" in page
    assert "Accessibility profiles for IPTV set-top boxes" not in page
    page = client.get("/en/qa/", {"recommendation": "ITU-T H.702", "status": "unanswered"}).content.decode()
    assert "3 questions" in page
    assert 'href="/en/qa/feed/ITU-T/H.702/"' in page
    page = client.get("/en/qa/", {"recommendation": "H.999"}).content.decode()
    assert "No Recommendation is known as “H.999”. Write it as ITU-T H.702." in page
    page = client.get("/ar/qa/", {"q": "الترجمة"}).content.decode()
    assert "تطبيق الترجمة النصية في القنوات العربية" in page


def test_the_search_follows_an_edited_question(questions, asker) -> None:
    services.edit_question(
        actor=asker,
        question=questions["es"],
        title="Navegación en el metro de Lima",
        body="¿Balizas?",
        recommendations=[],
    )
    assert _found("metro") == {"Navegación en el metro de Lima"}
    assert _found("sonora") == set()


def test_signed_in_people_find_their_own_questions(questions, asker, other) -> None:
    mine = ask(other, title="A question of my own about H.702")
    page = signed_in(other).get("/en/qa/", {"mine": "on"}).content.decode()
    assert mine.title in page and "1 question" in page
    assert "Only my questions" not in Client().get("/en/qa/").content.decode()
    found = signed_in(other).get("/api/v1/qa/questions", {"mine": "true"}).json()
    assert [item["title"] for item in found["items"]] == [mine.title]
    assert len(Client().get("/api/v1/qa/questions", {"mine": "true"}).json()["items"]) == 6
