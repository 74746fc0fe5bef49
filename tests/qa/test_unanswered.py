"""Questions waiting longer than QA_UNANSWERED_AFTER_DAYS without a visible answer are shown to the leadership of
their group (or of its parent group) and to the secretariat; everyone else gets 403."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ponte.qa import services
from tests.conftest import signed_in
from tests.factories import group
from tests.qa.factories import answer, ask, leader_of, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(h702, sg16, asker) -> dict[str, object]:
    """SG16 questions of every kind, and one in a regional group of SG20."""
    expert_answered = ask(asker, recommendations=(h702,), days_ago=12, title="Answered long ago, on H.702")
    answer(expert_answered, person("Some", "Expert"))
    hidden_answer = ask(asker, recommendations=(h702,), days_ago=11, title="Only a hidden answer, on H.702")
    spam = answer(hidden_answer, person("Spam", "Mer"))
    from tests.qa.factories import secretariat_user

    services.hide_post(actor=secretariat_user(), post=spam, reason="Spam")
    return {
        "old": ask(asker, recommendations=(h702,), days_ago=10, title="Waiting ten days, on H.702"),
        "recent": ask(asker, recommendations=(h702,), days_ago=3, title="Waiting three days, on H.702"),
        "hidden_answer": hidden_answer,
        "answered": expert_answered,
        "regional": ask(
            asker,
            target=group("ITU-T", "SG20RG-AFR"),
            recommendations=(),
            days_ago=9,
            title="Smart meters in Kampala, waiting nine days",
        ),
    }


def _titles(client, path: str = "/en/qa/unanswered/") -> list[str]:
    page = client.get(path).content.decode()
    return [
        title
        for title in (
            "Waiting ten days",
            "Waiting three days",
            "Only a hidden answer",
            "Answered long ago",
            "Smart meters",
        )
        if title in page
    ]


def test_the_chair_of_the_group_sees_its_questions_waiting_too_long(waiting, sg16) -> None:
    chair = signed_in(leader_of(sg16))
    assert _titles(chair) == ["Only a hidden answer", "Waiting ten days"] or _titles(chair) == [
        "Waiting ten days",
        "Only a hidden answer",
    ]
    page = chair.get("/en/qa/unanswered/").content.decode()
    assert page.index("Only a hidden answer") < page.index("Waiting ten days")  # oldest first


def test_a_leader_of_the_parent_group_sees_its_regional_groups_questions(waiting) -> None:
    vice_chair = signed_in(leader_of(group("ITU-T", "SG20"), role="vice_chair"))
    assert _titles(vice_chair) == ["Smart meters"]


def test_the_secretariat_sees_every_group(waiting, secretariat) -> None:
    assert set(_titles(signed_in(secretariat))) == {"Waiting ten days", "Only a hidden answer", "Smart meters"}


def test_the_time_is_a_setting(waiting, sg16, settings) -> None:
    settings.QA_UNANSWERED_AFTER_DAYS = 2
    assert "Waiting three days" in _titles(signed_in(leader_of(sg16)))


def test_locked_or_hidden_questions_are_not_waiting(waiting, sg16, expert) -> None:
    services.lock_question(actor=expert, question=waiting["old"], reason="Duplicate")
    services.hide_post(actor=expert, post=waiting["hidden_answer"], reason="Spam")
    assert _titles(signed_in(leader_of(sg16))) == []


def test_others_are_refused(waiting, sg16, client, asker, expert, other) -> None:
    ended = leader_of(sg16, ends_on=timezone.localdate() - datetime.timedelta(days=1), first_name="Former")
    assert client.get("/en/qa/unanswered/")["Location"].startswith("/en/account/login/")
    for someone in (asker, expert, other, ended):
        assert signed_in(someone).get("/en/qa/unanswered/").status_code == 403
        assert signed_in(someone).get("/api/v1/qa/unanswered").status_code == 403
    assert client.get("/api/v1/qa/unanswered").status_code == 401


def test_the_api_lists_the_same_questions(waiting, sg16) -> None:
    answered = signed_in(leader_of(sg16)).get("/api/v1/qa/unanswered").json()
    assert answered["count"] == 2
    assert [item["title"] for item in answered["items"]] == [
        "Only a hidden answer, on H.702",
        "Waiting ten days, on H.702",
    ]
    assert answered["items"][1]["waiting_days"] == 10


def test_the_list_page_links_there_for_leaders_only(waiting, sg16, other) -> None:
    assert "/en/qa/unanswered/" in signed_in(leader_of(sg16)).get("/en/qa/").content.decode()
    assert "/en/qa/unanswered/" not in signed_in(other).get("/en/qa/").content.decode()
