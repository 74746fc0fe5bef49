"""Notices: the experts of the question's group hear of a new question once, in their language, after the commit;
the asker hears of each answer. Emails go through the eager Celery of the tests into the locmem outbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from ponte.core.models import Role
from ponte.qa import services
from ponte.qa.models import Question
from tests.factories import group
from tests.qa.factories import answer, ask, expert_of, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the services hand to ``notify`` (recipient, language, template), besides the real sending."""
    calls: list[dict[str, Any]] = []
    real = services.notify

    def record(**kwargs: Any) -> None:
        calls.append(kwargs)
        real(**kwargs)

    monkeypatch.setattr(services, "notify", record)
    return calls


def test_the_groups_experts_are_told_of_a_new_question_in_their_language(
    asker, expert, other_expert, h702, sent, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    chinese_expert = expert_of("ITU-T", "SG16", first_name="Fang", last_name="Wang", language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(asker, recommendations=(h702,), title="Which H.702 profile fits a remote control?")
    assert sorted((call["to"], call["language"]) for call in sent) == sorted(
        [(expert.email, "es"), (chinese_expert.email, "zh-hans")]
    )
    assert {call["template"] for call in sent} == {"qa/email/new_question"}
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([expert.email, chinese_expert.email])
    mail = next(mail for mail in mailoutbox if mail.to == [expert.email])
    with translation.override("es"):
        subject = gettext("New question for %(group)s: %(title)s")
        about = gettext("About: %(recommendations)s")
    assert mail.subject == subject % {"group": "ITU-T SG16", "title": "Which H.702 profile fits a remote control?"}
    assert about % {"recommendations": "ITU-T H.702"} in mail.body
    assert f"/es/qa/{question.pk}/" in mail.body
    question.refresh_from_db()
    assert question.experts_notified_at is not None
    assert question.experts_notified == 2


def test_the_notice_is_sent_once_per_question(
    asker, expert, h702, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(asker, recommendations=(h702,))
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_experts(question_id=question.pk) == 0
    assert len(mailoutbox) == 1


def test_experts_of_the_parent_group_are_told_and_others_not(
    asker, other_expert, expert, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    regional = group("ITU-T", "SG20RG-AFR")
    with django_capture_on_commit_callbacks(execute=True):
        ask(asker, recommendations=(), target=regional, title="Smart-city sensors in Nairobi: which Recommendation?")
    assert [mail.to for mail in mailoutbox] == [[other_expert.email]]


def test_revoked_inactive_or_asking_experts_are_not_told(
    asker, expert, h702, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    revoked = expert_of("ITU-T", "SG16", first_name="Old", last_name="Expert")
    Role.objects.filter(user=revoked).update(revoked_at=timezone.now())
    inactive = expert_of("ITU-T", "SG16", first_name="Gone", last_name="Away")
    inactive.is_active = False
    inactive.save()
    with django_capture_on_commit_callbacks(execute=True):
        ask(expert, recommendations=(h702,), title="An expert asking the other experts")
    assert mailoutbox == []


def test_a_question_rolled_back_sends_nothing(
    asker, expert, h702, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        ask(asker, recommendations=(h702,))
        raise RuntimeError("something failed after asking")
    assert not Question.objects.exists()
    assert mailoutbox == []


def test_the_asker_hears_of_each_answer_but_not_of_their_own(
    asker, expert, h702, sent, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    question = ask(asker, recommendations=(h702,), title="Quel profil de H.702 pour une télécommande ?")
    with django_capture_on_commit_callbacks(execute=True):
        reply = answer(question, expert, body="Le profil de **base**, clause 7 <script>x</script>.")
    assert [(call["to"], call["language"], call["template"]) for call in sent] == [
        (asker.email, "fr", "qa/email/answered")
    ]
    mail = mailoutbox[-1]
    with translation.override("fr"):
        subject = gettext("New answer to your question: %(title)s")
        intro = gettext("%(author)s, expert of %(expert_of)s, answered your question “%(title)s”:")
    title = "Quel profil de H.702 pour une télécommande ?"
    assert mail.subject == subject % {"title": title}
    assert intro % {"author": "Carlos Méndez", "expert_of": "SG16", "title": title} in mail.body
    assert "Le profil de base, clause 7 ." in mail.body
    assert "<script>" not in mail.body
    assert f"/fr/qa/{question.pk}/?answer={reply.pk}#answer-{reply.pk}" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        answer(question, asker, body="I found it myself: clause 7.")
    assert len(sent) == 1


def test_leaders_are_reminded_once_of_questions_waiting_too_long(
    sg16, h702, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from tests.qa.factories import leader_of

    chair = leader_of(sg16)
    old = ask(person("Awa", "Ndiaye"), recommendations=(h702,), days_ago=10, title="An old question on H.702")
    ask(person("Li", "Na"), recommendations=(h702,), days_ago=2, title="A recent question on H.702")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_leadership_of_unanswered() == 1
    assert [mail.to for mail in mailoutbox] == [[chair.email]]
    assert mailoutbox[0].subject == "1 question is waiting for an answer"
    assert "An old question on H.702" in mailoutbox[0].body
    assert "A recent question" not in mailoutbox[0].body
    old.refresh_from_db()
    assert old.leadership_reminded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_leadership_of_unanswered() == 0
    assert len(mailoutbox) == 1


def test_the_author_of_the_post_followed_up_is_told(
    asker, expert, other, h702, sent, django_capture_on_commit_callbacks
) -> None:
    question = ask(asker, recommendations=(h702,), title="Quel profil de H.702 pour une télécommande ?")
    reply = answer(question, expert)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up(actor=asker, question=question, answer=reply, body="Which clause exactly?")
        services.follow_up(actor=other, question=question, body="Same question for the programme guide.")
        services.follow_up(actor=asker, question=question, body="My own note.")
    assert [(call["to"], call["template"], call["context"]["on_answer"]) for call in sent] == [
        (expert.email, "qa/email/follow_up", True),
        (asker.email, "qa/email/follow_up", False),
    ]
    assert sent[0]["context"]["body"] == "Which clause exactly?"
