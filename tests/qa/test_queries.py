"""Planned reads: the list, a question's page, the flag queue and the API read a fixed number of queries however many
questions, answers, follow-ups, votes and flags there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ponte.qa import services
from tests.conftest import signed_in
from tests.qa.factories import answer, ask, expert_of, person, recommendation
from tests.reads import queries as _queries

pytestmark = pytest.mark.django_db


def _busy_thread(question: Any, index: int, expert: Any) -> None:
    """One more answer by someone, one by an expert, with votes, follow-ups and a flag."""
    someone = person("Reader", str(index))
    plain = answer(question, someone, body=f"Answer {index}")
    by_expert = answer(question, expert, body=f"Expert answer {index}")
    services.vote(actor=someone, post=by_expert, value=1)
    services.follow_up(actor=someone, question=question, answer=by_expert, body=f"Thanks {index}")
    services.follow_up(actor=expert, question=question, body=f"Clarify {index}")
    services.flag_post(actor=expert, post=plain, reason="off_topic")


@pytest.mark.parametrize("reader", ["anonymous", "asker", "expert"])
def test_the_question_page_reads_the_same_queries_as_answers_grow(reader, asker, h702) -> None:
    expert = expert_of("ITU-T", "SG16")
    question = ask(asker, recommendations=(h702, recommendation("F.921", title="Audio navigation")))
    browser = {"anonymous": Client(), "asker": signed_in(asker), "expert": signed_in(expert)}[reader]
    _busy_thread(question, 0, expert)
    few = _queries(lambda: browser.get(f"/en/qa/{question.pk}/"))
    api_few = _queries(lambda: browser.get(f"/api/v1/qa/questions/{question.pk}"))
    for index in range(1, 6):
        _busy_thread(question, index, expert)
    assert _queries(lambda: browser.get(f"/en/qa/{question.pk}/")) == few
    assert _queries(lambda: browser.get(f"/api/v1/qa/questions/{question.pk}")) == api_few


def test_the_list_reads_the_same_queries_as_questions_grow(asker, expert, h702) -> None:
    browser = signed_in(expert)
    f921 = recommendation("F.921", title="Audio navigation")

    def more(count: int) -> None:
        for index in range(count):
            question = ask(person("Asker", str(index)), recommendations=(h702, f921), title=f"Question number {index}")
            answer(question, expert)

    more(1)
    few = _queries(lambda: browser.get("/en/qa/?q=question"))
    api_few = _queries(lambda: browser.get("/api/v1/qa/questions?q=question"))
    more(6)
    assert _queries(lambda: browser.get("/en/qa/?q=question")) == few
    assert _queries(lambda: browser.get("/api/v1/qa/questions?q=question")) == api_few


def test_the_flag_queue_and_unanswered_list_read_the_same_queries_as_they_grow(secretariat, h702) -> None:
    browser = signed_in(secretariat)

    def more(count: int) -> None:
        for index in range(count):
            question = ask(
                person("Asker", str(index)), recommendations=(h702,), title=f"Old question {index}", days_ago=30
            )
            services.flag_post(actor=person("Flagger", str(index)), post=question, reason="spam")
            reply = answer(question, person("Answerer", str(index)))
            services.flag_post(actor=person("Other", str(index)), post=reply, reason="offensive")
            services.hide_post(actor=secretariat, post=reply, reason="Rude")

    more(1)
    flags, waiting = _queries(lambda: browser.get("/en/qa/flags/")), _queries(lambda: browser.get("/en/qa/unanswered/"))
    more(5)
    assert _queries(lambda: browser.get("/en/qa/flags/")) == flags
    assert _queries(lambda: browser.get("/en/qa/unanswered/")) == waiting
