"""Standards API: the catalogue of Recommendations, public like its pages (``ponte.standards.rules``).

Titles come in the language asked by ``?lang=`` or the Accept-Language header (English when not translated); the
detail has all six. An unknown sector, group, status, kind or language is refused with 422 and the field's error.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.pagination import LimitOffsetPagination
from ponte.standards import selectors
from ponte.standards.models import Recommendation
from ponte.standards.schemas import LanguageQuery, RecommendationDetailOut, RecommendationFilter, RecommendationOut

router = Router(tags=["standards"])


@router.get("/recommendations", response=list[RecommendationOut])
@paginate(LimitOffsetPagination)
def list_recommendations(request: HttpRequest, filters: Query[RecommendationFilter]) -> Any:
    """Recommendations and technical papers by sector and identifier, filtered by sector, group (its working
    parties and regional groups included), status, kind and text (an identifier however written, or words of the
    title or summary in the language asked or English). Limit and offset: the catalogue holds a few thousand."""
    require_request(request, "standards.view_recommendation")
    return selectors.recommendation_list(**filters.filters())


@router.get("/recommendations/{sector}/{identifier}", response=RecommendationDetailOut)
def get_recommendation(request: HttpRequest, sector: str, identifier: str, language: Query[LanguageQuery]) -> Any:
    """One Recommendation: its title and summary in the language asked and in all six, its group, status, texts,
    and what it supersedes or is superseded by."""
    try:
        recommendation = selectors.recommendation_detail(sector=sector, identifier=identifier)
    except Recommendation.DoesNotExist as error:
        raise Http404 from error
    require_request(request, "standards.view_recommendation", recommendation)
    return recommendation
