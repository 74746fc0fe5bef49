"""The demo Q&A: questions in five languages about H.702, F.921 and HSTP-CONF-H702, answered by SG16 experts, one
accepted, one old and unanswered; a second run adds nothing."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from ponte.core.demo import load_demo
from ponte.core.models import User
from ponte.qa.demo import load_qa_demo
from ponte.qa.models import Question
from ponte.standards.models import Recommendation
from tests.conftest import signed_in
from tests.qa.factories import recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    recommendation("H.702", title="Accessibility profiles for IPTV systems")
    recommendation("F.921", title="Audio-based network navigation system for persons with vision impairment")
    recommendation("HSTP-CONF-H702", title="Conformance testing specification for H.702")


def test_the_demo_questions_are_loaded_once(catalogue, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    load_demo()
    assert load_qa_demo() == 5
    assert load_qa_demo() == 0
    questions = Question.objects.all()
    assert {q.language for q in questions} == {"fr", "zh-hans", "ar", "es", "en"}
    assert questions.filter(accepted_answer__isnull=False).count() == 1
    [waiting] = questions.filter(answer_count=0)
    assert waiting.language == "en"
    staff = signed_in(User.objects.get(email="staff@ponte.example"))
    assert waiting.title in staff.get("/en/qa/unanswered/").content.decode()
    from ponte.qa.selectors import expert_badges

    french = questions.get(language="fr")
    badges = expert_badges(user_ids={a.author_id for a in french.answers.all()}, group=french.group)
    assert set(badges.values()) == {"SG16"}
    assert set(french.recommendations.values_list("identifier", flat=True)) == {"H.702", "HSTP-CONF-H702"}


def test_the_demo_asks_the_standards_demo_for_missing_recommendations(monkeypatch, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    calls: list[Any] = []
    module = types.ModuleType("ponte.standards.demo")

    def load_recommendations_demo() -> int:
        calls.append(True)
        recommendation("H.702")
        recommendation("F.921", title="Audio navigation")
        recommendation("HSTP-CONF-H702", title="Conformance testing of H.702")
        return 3

    module.load_recommendations_demo = load_recommendations_demo
    monkeypatch.setitem(sys.modules, "ponte.standards.demo", module)
    assert load_qa_demo() == 5
    assert calls == [True]
    assert Recommendation.objects.count() == 3


def test_the_demo_works_without_the_catalogue(monkeypatch, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    monkeypatch.setitem(sys.modules, "ponte.standards.demo", None)  # importing it fails
    assert load_qa_demo() == 5
    assert not Question.objects.filter(recommendations__isnull=False).exists()


def test_the_demo_loads_the_catalogue_it_needs(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    assert load_qa_demo() == 5
    linked = set(Question.objects.values_list("recommendations__identifier", flat=True))
    assert linked == {"H.702", "F.921", "HSTP-CONF-H702"}
