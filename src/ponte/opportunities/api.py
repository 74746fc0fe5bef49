"""Opportunities API: the published opportunities, a representative's recommendations, and expressing interest.

Permissions are the pages' (``ponte.opportunities.rules``): drafts are "not found" except for the secretariat,
recommendations and interests belong to the organisation's representatives (403 for anyone else, 401 without
a session).

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.models import Organisation
from ponte.core.pagination import LimitOffsetPagination
from ponte.opportunities import selectors, services
from ponte.opportunities.models import Interest, Opportunity
from ponte.opportunities.schemas import (
    InterestIn,
    InterestOut,
    OpportunityDetailOut,
    OpportunityFilter,
    OpportunityOut,
    RecommendationOut,
    code_names,
)
from ponte.tokens.auth import session_or_token

router = Router(tags=["opportunities"])


@router.get("/", response=list[OpportunityOut])
@paginate(LimitOffsetPagination)
def list_opportunities(request: HttpRequest, filters: Query[OpportunityFilter]) -> Any:
    """Published opportunities, newest first, filtered by action area, region (GLO ones under every region),
    kind and words of the title. Limit and offset: the secretariat publishes a few hundred a year."""
    return selectors.published_opportunities(**filters.filters())


def _organisation(pk: int, field: str = "organisation") -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ValidationError({field: ValidationError("No organisation has this number.", code="unknown")})
    return organisation


@router.get("/recommended", response=list[RecommendationOut], auth=session_or_token)
def recommended(request: HttpRequest, organisation: int) -> Any:
    """The published opportunities that fit the focus of an organisation you represent, best first, with what
    they matched (see ``ponte.opportunities.selectors.recommended_for`` for the rule)."""
    represented = Organisation.objects.filter(pk=organisation).first()
    if represented is None:
        raise PermissionDenied
    require_request(request, "opportunities.act_for_organisation", represented)
    return [
        {
            "opportunity": found.opportunity,
            "score": found.score,
            "action_areas": code_names(found.action_areas),
            "regions": code_names(found.regions),
            "mechanisms": code_names(found.mechanisms),
            "reason": found.reason,
        }
        for found in selectors.recommended_for(represented)
    ]


def _visible(request: HttpRequest, opportunity_id: int) -> Opportunity:
    try:
        opportunity = selectors.opportunity_detail(pk=opportunity_id)
    except Opportunity.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("opportunities.view_opportunity", opportunity):
        raise Http404
    return opportunity


@router.get("/{opportunity_id}", response=OpportunityDetailOut)
def get_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    """One opportunity, with its texts in the six languages and, for signed-in readers, its pitch documents."""
    return _visible(request, opportunity_id)


@router.post("/{opportunity_id}/interest", response={201: InterestOut}, auth=session_or_token)
def express_interest(request: HttpRequest, opportunity_id: int, payload: InterestIn) -> Any:
    """Tell the secretariat an organisation you represent is interested (once while the interest stands).

    422 with the errors per field: an unknown organisation, a closed opportunity, an interest already standing,
    a message over 2000 characters.
    """
    opportunity = _visible(request, opportunity_id)
    organisation = _organisation(payload.organisation)
    interest = services.express_interest(
        actor=request.user, opportunity=opportunity, organisation=organisation, message=payload.message
    )
    return Status(201, interest)


@router.delete("/{opportunity_id}/interest", response=InterestOut, auth=session_or_token)
def withdraw_interest(request: HttpRequest, opportunity_id: int, organisation: int) -> Any:
    """Withdraw the standing interest of an organisation you represent."""
    represented = Organisation.objects.filter(pk=organisation).first()
    # Whether another organisation is interested is not the caller's business: refused before it is looked up.
    if represented is None or not request.user.has_perm(
        "opportunities.withdraw_interest", Interest(organisation=represented)
    ):
        raise PermissionDenied
    interest = (
        Interest.objects.select_related("organisation")
        .filter(opportunity_id=opportunity_id, organisation=represented, withdrawn_at__isnull=True)
        .first()
    )
    if interest is None:
        raise Http404
    return services.withdraw_interest(actor=request.user, interest=interest)
