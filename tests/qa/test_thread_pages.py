"""A long thread is read in pages of answers: the best answers first, a link to any answer opens its page, and the
heading counts them all."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ponte.qa import services
from ponte.qa.models import Answer, Question
from ponte.qa.selectors import ANSWERS_PER_PAGE
from tests.conftest import signed_in
from tests.qa.factories import answer, ask, person

pytestmark = pytest.mark.django_db


def _answers_on(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article id="answer-(\d+)"', page)]


@pytest.fixture
def long_thread(asker, h702) -> tuple[Question, list[Answer]]:
    """A question with one answer more than a page holds, oldest first (with no votes, the oldest ranks first)."""
    question = ask(asker, recommendations=(h702,))
    writer = person("Prolific", "Writer")
    replies = [answer(question, writer, body=f"Answer number {index}") for index in range(ANSWERS_PER_PAGE + 1)]
    return question, replies


def test_the_answers_come_in_pages_and_the_heading_counts_them_all(long_thread) -> None:
    question, replies = long_thread
    first = Client().get(f"/en/qa/{question.pk}/").content.decode()
    assert f"{ANSWERS_PER_PAGE + 1} answers" in first
    assert _answers_on(first) == [reply.pk for reply in replies[:ANSWERS_PER_PAGE]]
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    second = Client().get(f"/en/qa/{question.pk}/", {"page": 2}).content.decode()
    assert _answers_on(second) == [replies[-1].pk]
    assert f"{ANSWERS_PER_PAGE + 1} answers" in second
    assert f"Answers {ANSWERS_PER_PAGE + 1} to {ANSWERS_PER_PAGE + 1}, best first." in second
    # The question stays at the top of every page.
    assert 'id="question-title"' in second
    # A page past the end shows the last one, a page that is not a number the first.
    assert _answers_on(Client().get(f"/en/qa/{question.pk}/", {"page": 99}).content.decode()) == [replies[-1].pk]
    assert _answers_on(Client().get(f"/en/qa/{question.pk}/", {"page": "x"}).content.decode())[0] == replies[0].pk


def test_a_link_to_an_answer_opens_the_page_it_is_on(long_thread, other) -> None:
    question, replies = long_thread
    last = replies[-1]
    assert last.get_absolute_url() == f"/en/qa/{question.pk}/?answer={last.pk}#answer-{last.pk}"
    page = Client().get(last.get_absolute_url()).content.decode()
    assert _answers_on(page) == [last.pk]
    # An unknown or unreadable answer, or one that is not a number, opens the first page.
    for named in ("999999", "abc", "١٢"):
        assert _answers_on(Client().get(f"/en/qa/{question.pk}/", {"answer": named}).content.decode())[0] == (
            replies[0].pk
        )
    # Voting comes back to the answer, on whichever page its new score puts it: now the first.
    response = signed_in(other).post(f"/en/qa/answer/{last.pk}/vote/", {"value": "1"})
    assert response["Location"] == last.get_absolute_url()
    assert _answers_on(Client().get(response["Location"]).content.decode())[0] == last.pk


def test_the_accepted_answer_leads_the_first_page_and_follow_ups_come_with_their_answer(long_thread, asker) -> None:
    question, replies = long_thread
    last = replies[-1]
    services.accept_answer(actor=asker, answer=last)
    page = Client().get(f"/en/qa/{question.pk}/").content.decode()
    assert _answers_on(page)[0] == last.pk
    assert "Accepted answer" in page

    moved = replies[-2]  # now the last one, alone on page 2
    comment = services.follow_up(actor=asker, question=question, answer=moved, body="Which clause exactly?")
    on_question = services.follow_up(actor=asker, question=question, body="Any test suite for this?")
    first = Client().get(f"/en/qa/{question.pk}/").content.decode()
    assert f'id="follow-up-{comment.pk}"' not in first
    assert f'id="follow-up-{on_question.pk}"' in first
    assert comment.get_absolute_url() == f"/en/qa/{question.pk}/?answer={moved.pk}#follow-up-{comment.pk}"
    second = Client().get(comment.get_absolute_url()).content.decode()
    assert _answers_on(second) == [moved.pk]
    assert f'id="follow-up-{comment.pk}"' in second
    assert f'id="follow-up-{on_question.pk}"' in second


def test_the_moderation_history_links_to_the_page_of_each_post(long_thread, secretariat) -> None:
    question, replies = long_thread
    last = replies[-1]
    services.flag_post(actor=person("Careful", "Reader"), post=last, reason="off_topic")
    page = signed_in(secretariat).get(f"/en/qa/{question.pk}/").content.decode()
    assert f'href="?answer={last.pk}#answer-{last.pk}"' in page


def test_the_api_gives_every_answer_at_once(long_thread) -> None:
    question, replies = long_thread
    body = Client().get(f"/api/v1/qa/questions/{question.pk}").json()
    assert [item["id"] for item in body["answers"]] == [reply.pk for reply in replies]
