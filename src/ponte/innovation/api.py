"""Innovation API: the framework's pillars, published assessments, assessed countries and country profiles.

Permissions are the pages' (``ponte.innovation.rules``): the list shows published assessments only; one
assessment is "not found" while it is a draft, except for the secretariat and the country's certified experts.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.models import Country
from ponte.core.pagination import LimitOffsetPagination
from ponte.innovation import selectors
from ponte.innovation.models import Assessment
from ponte.innovation.schemas import (
    AssessedCountryOut,
    AssessmentFilter,
    AssessmentOut,
    PillarOut,
    ProfileOut,
)

router = Router(tags=["innovation"])


@router.get("/pillars", response=list[PillarOut])
def pillars(request: HttpRequest) -> Any:
    """The pillars of the ITU digital innovation framework, in order."""
    return selectors.pillars()


@router.get("/assessments", response=list[AssessmentOut])
@paginate(LimitOffsetPagination)
def assessments(request: HttpRequest, filters: Query[AssessmentFilter]) -> Any:
    """Published assessments, latest first, with their scores; filtered by country. Limit and offset: one
    assessment per country every few years."""
    return selectors.published_assessments(country=filters.country)


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment(request: HttpRequest, assessment_id: int) -> Any:
    try:
        found = selectors.assessment_detail(pk=assessment_id)
    except Assessment.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("innovation.view_assessment", found):
        raise Http404
    return found


@router.get("/countries", response=list[AssessedCountryOut])
def countries(request: HttpRequest, region: str = "") -> Any:
    """Countries with at least one published assessment; ``region`` is an ITU-D region code (AFR, EUR…)."""
    return [
        {**vars(country), "profile": reverse("innovation:profile", kwargs={"alpha3": country.alpha3})}
        for country in selectors.assessed_countries(region=region.upper())
    ]


@router.get("/profiles/{alpha3}", response=ProfileOut)
def profile(request: HttpRequest, alpha3: str) -> Any:
    """A country's digital-innovation profile: its latest published scores beside the averages of the other
    assessed countries of its ITU-D region and of its income group (null, not 0, when there are none)."""
    require_request(request, "innovation.view_profile")
    try:
        country = selectors.country_by_alpha3(alpha3)
    except Country.DoesNotExist as error:
        raise Http404 from error
    found = selectors.profile(country)
    income = getattr(country, "income", None)
    return {
        "country": country.alpha3,
        "country_name": country.name,
        "region": country.region or None,
        "income_group": income.group if income else None,
        "assessment": found.assessment,
        "pillars": [
            {
                "pillar": row.pillar.code,
                "name": row.pillar.name,
                "score": row.score,
                "region_average": {"value": row.region.value, "countries": row.region.countries},
                "income_average": {"value": row.income.value, "countries": row.income.countries},
            }
            for row in found.rows
        ],
        "region_peers": list(found.region_peers),
        "income_peers": list(found.income_peers),
        "assessments": [assessment.assessed_on for assessment in found.history],
    }
