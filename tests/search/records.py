"""Records of every kind the search finds, made in one call each."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ponte.core.models import Organisation, OrganisationCategory, RoleKind
from ponte.meetings.models import Meeting
from ponte.opportunities.models import Opportunity
from ponte.qa.models import Question
from ponte.standards.models import Recommendation
from tests.factories import UserFactory, country, group, with_role
from tests.standards.factories import recommendation


def meeting(code: str, *, titles: dict[str, str], starts_on: datetime.date | None = None) -> Meeting:
    start = starts_on or datetime.date(2026, 7, 1)
    values: dict[str, Any] = {f"title_{language}": title for language, title in titles.items()}
    return Meeting.objects.create(
        code=code,
        group=group("ITU-T", "SG16"),
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        country=country("CHE"),
        city="Geneva",
        **values,
    )


def question(title: str, *, body: str = "How do I apply it?", language: str = "en", **fields: Any) -> Question:
    return Question.objects.create(
        title=title, body=body, language=language, asked_by=UserFactory(), group=group("ITU-T", "SG16"), **fields
    )


def opportunity(title: str, *, state: str = "published", summary: str = "A project.") -> Opportunity:
    return Opportunity.objects.create(
        kind="concept_project",
        title_en=title,
        summary_en=summary,
        state=state,
        published_at=timezone.now() if state != "draft" else None,
        created_by=with_role(RoleKind.SECRETARIAT),
    )


def organisation(name: str, **fields: Any) -> Organisation:
    values: dict[str, Any] = {"category": OrganisationCategory.SME, "country": country("JPN"), **fields}
    return Organisation.objects.create(name=name, **values)


def standard(identifier: str, title: str, **fields: Any) -> Recommendation:
    return recommendation("ITU-T", identifier, title=title, **fields)
