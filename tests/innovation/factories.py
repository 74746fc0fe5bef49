"""Assessments for the tests, straight in the database (the services are tested on their own)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from ponte.core.models import RoleKind
from ponte.experts.models import Certificate
from ponte.innovation.models import Assessment, AssessmentState, LeadKind, Pillar, PillarScore
from tests.factories import country, with_role


def assessment(
    alpha3: str,
    scores: tuple[float | None, ...] | float | None = 50,
    *,
    day: datetime.date = datetime.date(2018, 1, 1),
    state: str = AssessmentState.PUBLISHED,
    lead: Certificate | None = None,
    summary: str = "",
) -> Assessment:
    """An assessment of ``alpha3`` with one score per pillar (in order; one number for all), published by default."""
    made = Assessment.objects.create(
        country=country(alpha3),
        assessed_on=day,
        led_by=LeadKind.NATIONAL_EXPERT if lead else LeadKind.SECRETARIAT,
        lead_certificate=lead,
        state=state,
        published_at=timezone.now() if state == AssessmentState.PUBLISHED else None,
        created_by=with_role(RoleKind.SECRETARIAT),
        summary_en=summary,
    )
    pillars = list(Pillar.objects.order_by("position"))
    values = scores if isinstance(scores, tuple) else (scores,) * len(pillars)
    for pillar, value in zip(pillars, values, strict=False):
        if value is not None:
            PillarScore.objects.create(assessment=made, pillar=pillar, score=Decimal(str(value)))
    return made
