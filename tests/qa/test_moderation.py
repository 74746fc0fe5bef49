"""Moderation: the secretariat and the experts of the question's group hide and unhide posts, lock questions and
resolve flags, with history; three people flagging a post hide it pending review; hidden posts are seen only by
their author and the moderators, marked hidden."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.qa import selectors, services
from ponte.qa.models import Answer, Flag, FlagOutcome, FollowUp, HiddenCause, Question
from tests.conftest import signed_in
from tests.qa.factories import answer, ask, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(asker, other, h702) -> tuple[Question, Answer]:
    question = ask(asker, recommendations=(h702,))
    return question, answer(question, other, body="Buy our set-top box, best price!")


def test_an_expert_of_the_group_hides_an_answer_saying_why(thread, expert, asker, other, client) -> None:
    question, spam = thread
    services.hide_post(actor=expert, post=spam, reason="Advertising")
    spam.refresh_from_db()
    question.refresh_from_db()
    assert (spam.is_hidden, spam.hidden_cause, spam.hidden_by, spam.hidden_reason) == (
        True,
        HiddenCause.MODERATOR,
        expert,
        "Advertising",
    )
    assert question.answer_count == 0
    row = spam.history.latest()
    assert (row.history_change_reason, row.history_user) == ("qa.answer.hidden", expert)

    assert "Buy our set-top box" not in client.get(f"/en/qa/{question.pk}/").content.decode()
    assert "Buy our set-top box" not in signed_in(asker).get(f"/en/qa/{question.pk}/").content.decode()
    for reader in (other, expert):
        page = signed_in(reader).get(f"/en/qa/{question.pk}/").content.decode()
        assert "Buy our set-top box" in page
        assert "Hidden by a moderator: Advertising. Only its author and the moderators see it." in page


def test_an_expert_of_another_group_or_a_member_cannot_moderate(thread, other_expert, asker) -> None:
    question, spam = thread
    for someone in (other_expert, asker):
        with pytest.raises(PermissionDenied):
            services.hide_post(actor=someone, post=spam, reason="No")
        with pytest.raises(PermissionDenied):
            services.lock_question(actor=someone, question=question)
        browser = signed_in(someone)
        assert browser.post(f"/en/qa/answer/{spam.pk}/hide/", {"reason": "No"}).status_code == 403
        assert browser.post(f"/en/qa/{question.pk}/lock/").status_code == 403
    spam.refresh_from_db()
    assert not spam.is_hidden


def test_the_secretariat_moderates_every_group(thread, secretariat) -> None:
    _question, spam = thread
    response = signed_in(secretariat).post(f"/en/qa/answer/{spam.pk}/hide/", {"reason": "Advertising"})
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.is_hidden


def test_hiding_needs_a_reason_given_at_the_field(thread, expert) -> None:
    _question, spam = thread
    response = signed_in(expert).post(f"/en/qa/answer/{spam.pk}/hide/", {"reason": " "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why you hide it: its author will read this." in page
    assert f'id="answer-{spam.pk}-hide-reason"' in page
    spam.refresh_from_db()
    assert not spam.is_hidden


def test_three_flags_from_different_people_hide_a_post_pending_review(thread, expert, client) -> None:
    question, spam = thread
    first, second, third = person("A", "One"), person("B", "Two"), person("C", "Three")
    services.flag_post(actor=first, post=spam, reason="spam")
    with pytest.raises(ValidationError) as again:
        services.flag_post(actor=first, post=spam, reason="offensive")
    assert again.value.message_dict["reason"] == ["You have flagged this already; a moderator will look at it."]
    services.flag_post(actor=second, post=spam, reason="spam")
    spam.refresh_from_db()
    assert not spam.is_hidden
    response = signed_in(third).post(f"/en/qa/answer/{spam.pk}/flag/", {"reason": "off_topic"})
    assert response.status_code == 302
    spam.refresh_from_db()
    assert (spam.is_hidden, spam.hidden_cause, spam.hidden_by) == (True, HiddenCause.FLAGS, None)
    row = spam.history.latest()
    assert (row.history_change_reason, row.history_user) == ("qa.answer.hidden_pending_review", None)
    assert "Buy our set-top box" not in client.get(f"/en/qa/{question.pk}/").content.decode()
    page = signed_in(expert).get(f"/en/qa/{question.pk}/").content.decode()
    assert "Hidden pending review: three people flagged it." in page
    assert "3 open flags" in page


def test_flags_need_a_reason_and_a_note_for_something_else(thread, asker) -> None:
    _question, spam = thread
    response = signed_in(asker).post(f"/en/qa/answer/{spam.pk}/flag/", {"reason": "other", "note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say what is wrong with it." in page
    assert "<details open>" in page
    assert not Flag.objects.exists()


def test_nobody_flags_their_own_post(thread, other) -> None:
    _question, own = thread
    with pytest.raises(PermissionDenied):
        services.flag_post(actor=other, post=own, reason="spam")


def test_dismissing_flags_shows_the_post_again_and_resolves_them(thread, expert) -> None:
    question, post = thread
    for name in ("One", "Two", "Three"):
        services.flag_post(actor=person("P", name), post=post, reason="offensive")
    response = signed_in(expert).post(f"/en/qa/answer/{post.pk}/dismiss-flags/", {"next": "flags"})
    assert response["Location"] == "/en/qa/flags/"
    post.refresh_from_db()
    assert not post.is_hidden
    assert set(Flag.objects.values_list("outcome", "resolved_by")) == {(FlagOutcome.KEPT, expert.pk)}
    assert selectors.flag_queue(viewer=expert) == []
    question.refresh_from_db()
    assert question.answer_count == 1
    with pytest.raises(ValidationError):
        services.dismiss_flags(actor=expert, post=post)
    events = [(event.what, event.who) for event in selectors.moderation_history(question=question)]
    assert events[-3:] == [
        ("Hidden pending review: flagged by three people", None),
        ("Shown again", expert),
        ("Flags dismissed: kept visible", expert),
    ]


def test_hiding_a_flagged_post_upholds_its_flags_and_unhiding_shows_it(thread, expert, asker) -> None:
    _question, post = thread
    services.flag_post(actor=asker, post=post, reason="spam")
    services.hide_post(actor=expert, post=post, reason="Advertising")
    assert Flag.objects.get().outcome == FlagOutcome.HIDDEN
    with pytest.raises(ValidationError):
        services.hide_post(actor=expert, post=post, reason="Again")
    services.unhide_post(actor=expert, post=post)
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""
    reasons = list(post.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["qa.answer.written", "qa.answer.hidden", "qa.answer.unhidden"]


def test_a_locked_question_takes_no_answer_or_follow_up(thread, expert, asker, other) -> None:
    question, _answer = thread
    response = signed_in(expert).post(f"/en/qa/{question.pk}/lock/", {"reason": "Settled by clause 7"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_locked
    with pytest.raises(PermissionDenied):
        services.answer_question(actor=other, question=question, body="One more")
    with pytest.raises(PermissionDenied):
        services.follow_up(actor=asker, question=question, body="But…")
    browser = signed_in(other)
    response = browser.post(f"/en/qa/{question.pk}/answer/", {"body": "One more"}, follow=True)
    page = response.content.decode()
    assert "This question is locked: it takes no new answers." in page
    assert "A moderator locked this question: Settled by clause 7." in page
    assert 'name="body"' not in page.split('id="answer-form-heading"')[1]
    assert Answer.objects.count() == 1
    assert services.vote(actor=other, post=question, value=1) == 1  # reading and voting go on
    signed_in(expert).post(f"/en/qa/{question.pk}/unlock/")
    question.refresh_from_db()
    assert not question.is_locked
    services.answer_question(actor=other, question=question, body="Now it is open again.")


def test_a_hidden_question_is_seen_by_its_asker_and_moderators_only(
    thread, asker, expert, other_expert, other, secretariat, client
) -> None:
    question, _answer = thread
    services.hide_post(actor=expert, post=question, reason="Duplicate of another question")
    assert client.get(f"/en/qa/{question.pk}/").status_code == 404
    for outsider in (other, other_expert):
        assert signed_in(outsider).get(f"/en/qa/{question.pk}/").status_code == 404
        assert question.title not in signed_in(outsider).get("/en/qa/").content.decode()
    for insider in (asker, expert, secretariat):
        page = signed_in(insider).get(f"/en/qa/{question.pk}/").content.decode()
        assert "Hidden by a moderator: Duplicate of another question." in page
        listing = signed_in(insider).get("/en/qa/").content.decode()
        assert question.title in listing and ">hidden<" in listing
    with pytest.raises(PermissionDenied):
        services.answer_question(actor=other, question=question, body="Hidden, yet answered")


def test_a_follow_up_can_be_flagged_and_hidden(thread, asker, expert) -> None:
    question, reply = thread
    comment = services.follow_up(actor=asker, question=question, answer=reply, body="You are a spammer")
    services.flag_post(actor=expert, post=comment, reason="offensive")
    [flagged] = selectors.flag_queue(viewer=expert)
    assert flagged.post == comment and flagged.kind == "follow-up"
    signed_in(expert).post(f"/en/qa/follow-up/{comment.pk}/hide/", {"reason": "Rude", "next": "flags"})
    comment.refresh_from_db()
    assert comment.is_hidden
    assert FollowUp.history.filter(history_change_reason="qa.follow_up.hidden").exists()


def test_the_flag_queue_lists_the_moderators_groups_only(thread, expert, other_expert, secretariat, asker) -> None:
    _question, spam = thread
    services.flag_post(actor=asker, post=spam, reason="spam", note="Advertising a product")
    page = signed_in(expert).get("/en/qa/flags/").content.decode()
    assert "Advertising a product" in page and "Buy our set-top box" in page
    assert "Nothing to review" in signed_in(other_expert).get("/en/qa/flags/").content.decode()
    assert "Advertising a product" in signed_in(secretariat).get("/en/qa/flags/").content.decode()
    assert signed_in(asker).get("/en/qa/flags/").status_code == 403


def test_moderators_see_the_moderation_history_of_the_thread(thread, expert, asker, other) -> None:
    question, spam = thread
    services.flag_post(actor=asker, post=spam, reason="spam", note="An advert")
    services.hide_post(actor=expert, post=spam, reason="Advertising")
    services.lock_question(actor=expert, question=question, reason="Settled")
    events = selectors.moderation_history(question=question)
    assert [(event.kind, event.what, event.who) for event in events] == [
        ("answer", "Flagged: Spam or advertising", asker),
        ("answer", "Hidden by a moderator", expert),
        ("question", "Question locked", expert),
    ]
    page = signed_in(expert).get(f"/en/qa/{question.pk}/").content.decode()
    assert "Moderation history" in page and '(<span dir="auto">Advertising</span>)' in page
    assert "Moderation history" not in signed_in(other).get(f"/en/qa/{question.pk}/").content.decode()
