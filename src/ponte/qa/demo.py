"""Demo Standards Q&A (``data/demo_questions.json``): questions from developing countries about ITU-T H.702
(accessibility profiles for IPTV), F.921 (audio-based indoor navigation for persons with visual impairments) and the
technical paper HSTP-CONF-H702 (conformance testing of H.702), in French, Chinese, Arabic, Spanish and English,
answered by experts of SG16; one answer accepted, one old question still waiting for an answer (it shows on the
unanswered page).

Idempotent: a question whose title is there already is left as it is. The demo accounts get the demo password.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from ponte.core import services as core_services
from ponte.core.demo import DEMO_PASSWORD
from ponte.core.models import Group, Role, RoleKind, User
from ponte.qa import services
from ponte.qa.models import Question
from ponte.standards.models import Recommendation

SECTOR = "ITU-T"
GROUP = "SG16"
RECOMMENDATIONS = ("H.702", "F.921", "HSTP-CONF-H702")
STAFF_EMAIL = "staff@ponte.example"

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_questions.json"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    given_name: str
    family_name: str
    language: str
    expert: bool  # recorded as an expert of SG16


@dataclass(frozen=True)
class DemoAnswer:
    author: str
    body: str
    accepted: bool = False
    votes_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoQuestion:
    asker: str
    language: str
    title: str
    body: str
    recommendations: tuple[str, ...]
    days_ago: int
    answers: tuple[DemoAnswer, ...] = ()
    follow_up: str = ""
    votes_from: tuple[str, ...] = ()


def _read() -> tuple[list[DemoPerson], list[DemoQuestion]]:
    data: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    people = [DemoPerson(**entry) for entry in data["people"]]
    questions = [
        DemoQuestion(
            **{
                **entry,
                "recommendations": tuple(entry["recommendations"]),
                "votes_from": tuple(entry.get("votes_from", ())),
                "answers": tuple(
                    DemoAnswer(**{**answer, "votes_from": tuple(answer.get("votes_from", ()))})
                    for answer in entry.get("answers", ())
                ),
            }
        )
        for entry in data["questions"]
    ]
    return people, questions


def _staff() -> User | None:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is not None:
        return staff
    role = Role.objects.filter(kind=RoleKind.SECRETARIAT, revoked_at__isnull=True).select_related("user").first()
    return role.user if role else None


def _account(email: str, given_name: str, family_name: str, language: str) -> User:
    """The demo account, made with its person and preferred language if it is not there yet."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    user = User.objects.create_user(
        username=email, email=email, password=DEMO_PASSWORD, first_name=given_name, last_name=family_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    person = core_services.ensure_person_for_user(user=user)
    person.language = language
    person._change_reason = "qa.demo.language"  # type: ignore[attr-defined]
    person.save(update_fields=["language"])
    return user


def _people(group: Group, demo_people: list[DemoPerson]) -> dict[str, User]:
    """The demo askers and experts; the experts get their role from the demo secretariat account when there is one."""
    staff = _staff()
    people = {}
    for entry in demo_people:
        user = _account(entry.email, entry.given_name, entry.family_name, entry.language)
        people[entry.email] = user
        if entry.expert and staff is not None:
            core_services.assign_role(actor=staff, user=user, kind=RoleKind.EXPERT, group=group)
    return people


def _recommendations() -> dict[str, Recommendation]:
    """The demo Recommendations, from the standards demo when they are not there yet."""

    def found() -> dict[str, Recommendation]:
        rows = Recommendation.objects.filter(sector__code=SECTOR, identifier__in=RECOMMENDATIONS)
        return {rec.identifier: rec for rec in rows.select_related("sector", "group")}

    present = found()
    if len(present) < len(RECOMMENDATIONS):
        try:
            from ponte.standards.demo import load_recommendations_demo
        except ImportError:  # the catalogue's demo is not installed: questions name what exists
            return present
        load_recommendations_demo()
        present = found()
    return present


def _create(
    entry: DemoQuestion, people: dict[str, User], recommendations: dict[str, Recommendation], group: Group
) -> None:
    asker = people[entry.asker]
    question = services.ask_question(
        actor=asker,
        title=entry.title,
        body=entry.body,
        language=entry.language,
        recommendations=[recommendations[code] for code in entry.recommendations if code in recommendations],
        group=group,
    )
    asked_at = timezone.now() - datetime.timedelta(days=entry.days_ago)
    Question.objects.filter(pk=question.pk).update(created_at=asked_at, last_activity_at=asked_at)
    for voter in entry.votes_from:
        services.vote(actor=people[voter], post=question, value=1)
    for number, demo_answer in enumerate(entry.answers, start=1):
        answer = services.answer_question(actor=people[demo_answer.author], question=question, body=demo_answer.body)
        answered_at = asked_at + datetime.timedelta(days=number, hours=3)
        type(answer).objects.filter(pk=answer.pk).update(created_at=answered_at)
        Question.objects.filter(pk=question.pk).update(last_activity_at=answered_at)
        for voter in demo_answer.votes_from:
            services.vote(actor=people[voter], post=answer, value=1)
        if demo_answer.accepted:
            services.accept_answer(actor=asker, answer=answer)
    if entry.follow_up:
        services.follow_up(actor=asker, question=question, body=entry.follow_up)


@transaction.atomic
def load_qa_demo() -> int:
    """Create the demo questions that are missing, with their answers; return how many questions were created."""
    group = Group.objects.get(sector__code=SECTOR, code=GROUP)
    demo_people, demo_questions = _read()
    people = _people(group, demo_people)
    recommendations = _recommendations()
    titles = [entry.title for entry in demo_questions]
    existing = set(Question.objects.filter(title__in=titles).values_list("title", flat=True))
    created = 0
    for entry in demo_questions:
        if entry.title in existing:
            continue
        _create(entry, people, recommendations, group)
        created += 1
    return created
