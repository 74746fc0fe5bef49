"""Who may do what, role by role, on the pages and in the API: anonymous, a signed-in member, the asker, the author
of an answer, an expert of the question's group, an expert of another group, the secretariat."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ponte.core.models import User
from ponte.qa import services
from ponte.qa.models import Answer, Question
from tests.conftest import signed_in
from tests.qa.factories import answer, ask, expert_of, person

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "asker", "answerer", "expert", "other_expert", "secretariat"]


@pytest.fixture
def world(secretariat: User, h702: Any) -> dict[str, Any]:
    people = {
        "member": person("Signed", "In"),
        "asker": person("Aminata", "Diallo"),
        "answerer": person("Kofi", "Mensah"),
        "expert": expert_of("ITU-T", "SG16"),
        "other_expert": expert_of("ITU-T", "SG20", first_name="Ivan", last_name="Petrov"),
        "secretariat": secretariat,
    }
    question = ask(people["asker"], recommendations=(h702,))
    reply = answer(question, people["answerer"])
    return {"people": people, "question": question, "answer": reply}


def _client(world: dict[str, Any], role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(world["people"][role])


def _status(response: Any) -> int | str:
    """The status, with "login" for a redirection to the sign-in page."""
    if response.status_code == 302 and response["Location"].startswith("/en/account/login/"):
        return "login"
    return int(response.status_code)


HIDDEN_QUESTION = {
    "anonymous": 404,
    "member": 404,
    "asker": 200,
    "answerer": 404,
    "expert": 200,
    "other_expert": 404,
    "secretariat": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_hidden_question(world, role) -> None:
    question: Question = world["question"]
    services.hide_post(actor=world["people"]["expert"], post=question, reason="Duplicate")
    browser = _client(world, role)
    assert _status(browser.get(f"/en/qa/{question.pk}/")) == HIDDEN_QUESTION[role]
    assert _status(browser.get(f"/api/v1/qa/questions/{question.pk}")) == HIDDEN_QUESTION[role]
    listed = len(browser.get("/api/v1/qa/questions").json()["items"])
    assert listed == (1 if HIDDEN_QUESTION[role] == 200 else 0)


HIDDEN_ANSWER = {
    "anonymous": False,
    "member": False,
    "asker": False,
    "answerer": True,
    "expert": True,
    "other_expert": False,
    "secretariat": True,
}


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_hidden_answer(world, role) -> None:
    reply: Answer = world["answer"]
    services.hide_post(actor=world["people"]["secretariat"], post=reply, reason="Spam")
    browser = _client(world, role)
    page = browser.get(f"/en/qa/{world['question'].pk}/").content.decode()
    assert (f'id="answer-{reply.pk}"' in page) is HIDDEN_ANSWER[role]
    answers = browser.get(f"/api/v1/qa/questions/{world['question'].pk}").json()["answers"]
    assert bool(answers) is HIDDEN_ANSWER[role]


ANSWER_OPEN = {
    "anonymous": "login",
    "member": 302,
    "asker": 302,
    "answerer": 302,
    "expert": 302,
    "other_expert": 302,
    "secretariat": 302,
}
API_ANSWER_OPEN = {
    "anonymous": 401,
    "member": 201,
    "asker": 201,
    "answerer": 201,
    "expert": 201,
    "other_expert": 201,
    "secretariat": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_answering_an_open_question(world, role) -> None:
    browser, pk = _client(world, role), world["question"].pk
    assert _status(browser.post(f"/en/qa/{pk}/answer/", {"body": "On the page."})) == ANSWER_OPEN[role]
    api = browser.post(
        f"/api/v1/qa/questions/{pk}/answers", {"body": "Through the API."}, content_type="application/json"
    )
    assert api.status_code == API_ANSWER_OPEN[role]


@pytest.mark.parametrize("role", ROLES)
def test_nobody_answers_a_locked_question(world, role) -> None:
    question: Question = world["question"]
    services.lock_question(actor=world["people"]["expert"], question=question)
    browser = _client(world, role)
    browser.post(f"/en/qa/{question.pk}/answer/", {"body": "Late."})
    api = browser.post(
        f"/api/v1/qa/questions/{question.pk}/answers", {"body": "Late."}, content_type="application/json"
    )
    assert api.status_code == (401 if role == "anonymous" else 403)
    assert Answer.objects.count() == 1


MODERATE = {
    "anonymous": "login",
    "member": 403,
    "asker": 403,
    "answerer": 403,
    "expert": 302,
    "other_expert": 403,
    "secretariat": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_hiding_an_answer_and_locking_the_question(world, role) -> None:
    browser, reply, question = _client(world, role), world["answer"], world["question"]
    assert _status(browser.post(f"/en/qa/answer/{reply.pk}/hide/", {"reason": "Spam"})) == MODERATE[role]
    assert _status(browser.post(f"/en/qa/{question.pk}/lock/")) == MODERATE[role]
    reply.refresh_from_db()
    question.refresh_from_db()
    assert reply.is_hidden is question.is_locked is (MODERATE[role] == 302)


FLAG_QUEUE = {
    "anonymous": "login",
    "member": 403,
    "asker": 403,
    "answerer": 403,
    "expert": 200,
    "other_expert": 200,
    "secretariat": 200,
}
API_FLAG_QUEUE = {**FLAG_QUEUE, "anonymous": 401}


@pytest.mark.parametrize("role", ROLES)
def test_the_flag_queue(world, role) -> None:
    browser = _client(world, role)
    assert _status(browser.get("/en/qa/flags/")) == FLAG_QUEUE[role]
    assert browser.get("/api/v1/qa/flags").status_code == API_FLAG_QUEUE[role]


UNANSWERED = {
    "anonymous": "login",
    "member": 403,
    "asker": 403,
    "answerer": 403,
    "expert": 403,
    "other_expert": 403,
    "secretariat": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_unanswered_list(world, role) -> None:
    browser = _client(world, role)
    assert _status(browser.get("/en/qa/unanswered/")) == UNANSWERED[role]
    assert browser.get("/api/v1/qa/unanswered").status_code == {**UNANSWERED, "anonymous": 401}[role]


VOTE_ON_QUESTION = {
    "anonymous": "login",
    "member": 302,
    "asker": 403,
    "answerer": 302,
    "expert": 302,
    "other_expert": 302,
    "secretariat": 302,
}
ACCEPT = {
    "anonymous": "login",
    "member": 403,
    "asker": 302,
    "answerer": 403,
    "expert": 403,
    "other_expert": 403,
    "secretariat": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_voting_and_accepting(world, role) -> None:
    browser, question, reply = _client(world, role), world["question"], world["answer"]
    vote = browser.post(f"/en/qa/question/{question.pk}/vote/", {"value": "1"})
    assert _status(vote) == VOTE_ON_QUESTION[role]
    assert _status(browser.post(f"/en/qa/answers/{reply.pk}/accept/")) == ACCEPT[role]
    question.refresh_from_db()
    assert (question.accepted_answer_id == reply.pk) is (ACCEPT[role] == 302)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_offers_only_what_the_reader_may_do(world, role) -> None:
    question, reply = world["question"], world["answer"]
    page = _client(world, role).get(f"/en/qa/{question.pk}/").content.decode()
    assert (f"/en/qa/answer/{reply.pk}/hide/" in page) is (MODERATE[role] == 302)
    assert (f"/en/qa/answers/{reply.pk}/accept/" in page) is (ACCEPT[role] == 302)
    assert (f"/en/qa/question/{question.pk}/vote/" in page) is (VOTE_ON_QUESTION[role] == 302)
    assert (f"/en/qa/answer/{reply.pk}/flag/" in page) is (role not in ("anonymous", "answerer"))
    assert (f"/en/qa/{question.pk}/edit/" in page) is (role == "asker")
