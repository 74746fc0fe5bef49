"""Records for the Q&A tests: Recommendations, people with names and languages, and questions and answers made
through the services (so that counters and the search index are as in real use)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ponte.core.models import Group, Organisation, OrganisationCategory, Person, RoleKind, Sector, User
from ponte.meetings.models import LeadershipPost, LeadershipRole
from ponte.qa import services
from ponte.qa.models import Answer, Question
from ponte.standards.models import Recommendation
from tests.factories import UserFactory, group, with_role


def recommendation(
    identifier: str = "H.702",
    *,
    sector: str = "ITU-T",
    group_code: str | None = "SG16",
    title: str = "Accessibility profiles for IPTV systems",
) -> Recommendation:
    """A Recommendation of the catalogue (made once per identifier)."""
    found, _created = Recommendation.objects.get_or_create(
        sector=Sector.objects.get(code=sector),
        identifier=identifier,
        defaults={
            "title_en": title,
            "group": group(sector, group_code) if group_code else None,
        },
    )
    return found


def person(first_name: str = "Aminata", last_name: str = "Diallo", *, language: str = "en") -> User:
    """A signed-up account with a name and a preferred language (on its person)."""
    user: User = UserFactory(first_name=first_name, last_name=last_name)
    Person.objects.create(user=user, given_name=first_name, family_name=last_name, email=user.email, language=language)
    return user


def expert_of(
    sector: str, code: str, *, first_name: str = "Carlos", last_name: str = "Méndez", language: str = "en"
) -> User:
    """An account recorded as an expert of a group."""
    user = person(first_name, last_name, language=language)
    from ponte.core.models import Role

    Role.objects.create(user=user, kind=RoleKind.EXPERT, group=group(sector, code))
    return user


def leader_of(
    target: Group,
    *,
    role: str = LeadershipRole.CHAIR,
    ends_on: datetime.date | None = None,
    first_name: str = "Li",
    last_name: str = "Wei",
) -> User:
    """An account whose person holds a leadership post in the group (current unless ``ends_on`` is past)."""
    user = person(first_name, last_name)
    organisation = Organisation.objects.create(
        name=f"Administration {user.pk}", category=OrganisationCategory.ADMINISTRATION
    )
    LeadershipPost.objects.create(
        group=target,
        person=user.person,
        organisation=organisation,
        role=role,
        region="AFR" if role == LeadershipRole.VICE_CHAIR else "",
        starts_on=timezone.localdate() - datetime.timedelta(days=365),
        ends_on=ends_on,
    )
    return user


def ask(
    asked_by: User | None = None,
    *,
    title: str = "How do I test an IPTV terminal against H.702?",
    body: str = "We build set-top boxes in Senegal. Which clauses of H.702 apply to the remote control?",
    language: str = "en",
    recommendations: tuple[Recommendation, ...] | None = None,
    target: Group | None = None,
    days_ago: int = 0,
) -> Question:
    """A question asked through the service (``days_ago``: as if asked that many days ago)."""
    if recommendations is None and target is None:
        recommendations = (recommendation(),)
    question = services.ask_question(
        actor=asked_by or person("Awa", "Ndiaye"),
        title=title,
        body=body,
        language=language,
        recommendations=recommendations or (),
        group=target,
    )
    if days_ago:
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Question.objects.filter(pk=question.pk).update(created_at=when, last_activity_at=when)
        question.refresh_from_db()
    return question


def answer(question: Question, author: User | None = None, *, body: str = "See clause 7 of H.702.", **_: Any) -> Answer:
    return services.answer_question(actor=author or person("Kofi", "Mensah"), question=question, body=body)


def secretariat_user() -> User:
    return with_role(RoleKind.SECRETARIAT)
