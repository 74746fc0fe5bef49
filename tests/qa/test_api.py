"""The Q&A API: the same questions, filters and permissions as the pages; asking and answering with a session;
422 with the errors per field."""

from __future__ import annotations

import pytest

from ponte.qa import services
from ponte.qa.models import Answer, Question
from tests.conftest import signed_in
from tests.qa.factories import answer, ask, recommendation

pytestmark = pytest.mark.django_db


def test_the_list_is_paginated_and_filtered(client, asker, expert, h702) -> None:
    f921 = recommendation("F.921", title="Audio navigation")
    on_h702 = ask(asker, recommendations=(h702,), title="Captions for IPTV in Dakar")
    ask(asker, recommendations=(f921,), title="Audio beacons in Kunming", language="zh-hans")
    reply = answer(on_h702, expert)
    services.accept_answer(actor=asker, answer=reply)
    everything = client.get("/api/v1/qa/questions?limit=1").json()
    assert len(everything["items"]) == 1 and len(client.get(everything["next"]).json()["items"]) == 1
    found = client.get("/api/v1/qa/questions", {"recommendation": "ITU-T H.702"}).json()
    assert [item["title"] for item in found["items"]] == ["Captions for IPTV in Dakar"]
    item = found["items"][0]
    assert item["recommendations"] == ["ITU-T H.702"]
    assert item["group"] == "ITU-T SG16"
    assert (item["answer_count"], item["has_accepted_answer"], item["asked_by"]) == (1, True, "Aminata Diallo")
    assert len(client.get("/api/v1/qa/questions", {"answered": "false"}).json()["items"]) == 1
    assert len(client.get("/api/v1/qa/questions", {"accepted": "true"}).json()["items"]) == 1
    assert client.get("/api/v1/qa/questions", {"group": "ITU-T SG20"}).json()["items"] == []
    assert len(client.get("/api/v1/qa/questions", {"q": "captions"}).json()["items"]) == 1


def test_unknown_filters_answer_422_with_the_field(client, h702) -> None:
    response = client.get("/api/v1/qa/questions", {"recommendation": "ITU-T Z.999"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "recommendation"],
            "msg": "No Recommendation is known as “ITU-T Z.999”. Write it as ITU-T H.702.",
        }
    ]
    assert client.get("/api/v1/qa/questions", {"group": "SG1"}).status_code == 422  # ITU-D SG1 or ITU-R SG1


def test_one_question_with_answers_best_first_and_badges(client, asker, other, expert, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    plain = answer(question, other, body="A guess.")
    expert_answer = answer(question, expert, body="Clause 7.")
    services.vote(actor=asker, post=plain, value=1)
    services.follow_up(actor=asker, question=question, answer=expert_answer, body="Thanks!")
    services.accept_answer(actor=asker, answer=expert_answer)
    data = client.get(f"/api/v1/qa/questions/{question.pk}").json()
    assert [a["id"] for a in data["answers"]] == [expert_answer.pk, plain.pk]
    first = data["answers"][0]
    assert (first["author"], first["expert_of"], first["is_accepted"]) == ("Carlos Méndez", "SG16", True)
    assert first["follow_ups"][0]["body"] == "Thanks!"
    assert data["answers"][1]["expert_of"] is None
    assert data["answers"][1]["score"] == 1
    assert data["body_html"].startswith("<p>")


def test_asking_needs_a_session_and_answers_201(client, asker, h702) -> None:
    payload = {
        "title": "F.921 应用于地铁站吗？需要什么定位精度？",  # noqa: RUF001 (Chinese punctuation)
        "body": "我们在昆明开发导航应用。",
        "language": "zh-hans",
        "recommendations": ["ITU-T H.702"],
    }
    assert client.post("/api/v1/qa/questions", payload, content_type="application/json").status_code == 401
    response = signed_in(asker).post("/api/v1/qa/questions", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["group"], data["language"], data["answers"]) == ("ITU-T SG16", "zh-hans", [])
    assert Question.objects.get().asked_by == asker


def test_bad_questions_answer_422_with_every_field(asker, h702) -> None:
    response = signed_in(asker).post(
        "/api/v1/qa/questions",
        {"title": "Hm?", "body": "", "language": "en", "recommendations": []},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {error["loc"][1] for error in response.json()["detail"]}
    assert fields == {"title", "body", "group"}
    response = signed_in(asker).post(
        "/api/v1/qa/questions",
        {"title": "A question on a Recommendation that does not exist", "body": "?", "recommendations": ["Q.9999"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "recommendations"]
    assert not Question.objects.exists()


def test_answering_through_the_api(client, asker, expert, other, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    url = f"/api/v1/qa/questions/{question.pk}/answers"
    assert client.post(url, {"body": "x"}, content_type="application/json").status_code == 401
    response = signed_in(expert).post(url, {"body": "See clause 7."}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["expert_of"] == "SG16"
    assert signed_in(other).post(url, {"body": ""}, content_type="application/json").status_code == 422
    services.lock_question(actor=expert, question=question)
    assert signed_in(other).post(url, {"body": "Late"}, content_type="application/json").status_code == 403
    assert Answer.objects.count() == 1


def test_the_flags_api_is_for_moderators(client, asker, other, expert, other_expert, secretariat, h702) -> None:
    question = ask(asker, recommendations=(h702,))
    spam = answer(question, other, body="Buy now")
    services.flag_post(actor=asker, post=spam, reason="spam", note="An advert")
    assert client.get("/api/v1/qa/flags").status_code == 401
    assert signed_in(asker).get("/api/v1/qa/flags").status_code == 403
    assert signed_in(other_expert).get("/api/v1/qa/flags").json() == []
    for moderator in (expert, secretariat):
        [flagged] = signed_in(moderator).get("/api/v1/qa/flags").json()
        assert (flagged["kind"], flagged["id"], flagged["author"]) == ("answer", spam.pk, "Kofi Mensah")
        assert flagged["flags"][0]["note"] == "An advert"


def test_the_api_is_in_the_openapi_schema(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/qa/questions",
        "/api/v1/qa/questions/{question_id}",
        "/api/v1/qa/questions/{question_id}/answers",
        "/api/v1/qa/unanswered",
        "/api/v1/qa/flags",
    ):
        assert path in paths
