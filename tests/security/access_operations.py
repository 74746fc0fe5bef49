"""The decision for every API operation (``METHOD /path`` as the OpenAPI schema names it): public or protected, with
the values of its parameters. An operation missing here fails the suite."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.security.access_world import World

Values = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Operation:
    public: bool
    values: Values = _none  # path parameters, the rest goes into the query
    hidden: Values | None = None  # a private record through a public operation: refused


def public(values: Values = _none, *, hidden: Values | None = None) -> Operation:
    return Operation(True, values, hidden)


def protected(values: Values = _none) -> Operation:
    return Operation(False, values)


def _pk(name: str, argument: str) -> Values:
    return lambda world: {argument: world.pk(name)}


def _sme(argument: str) -> Values:
    return lambda world: {argument: world.sme.pk}


def _activity(name: str) -> Values:
    return lambda world: {"activity": world.records[name].pk}


OPERATIONS: dict[str, Operation] = {
    "GET /api/v1/countries": public(),
    "GET /api/v1/countries/{code}": public(lambda world: {"code": "EG"}),
    "GET /api/v1/groups": public(),
    "GET /api/v1/groups/{sector}/{code}": public(lambda world: {"sector": "ITU-T", "code": "SG16"}),
    "GET /api/v1/groups/{sector}/{code}/organisations": public(lambda world: {"sector": "ITU-T", "code": "SG16"}),
    "GET /api/v1/organisations": public(),
    "GET /api/v1/organisations/{organisation_id}": public(
        _sme("organisation_id"), hidden=_pk("self_registered", "organisation_id")
    ),
    "PATCH /api/v1/organisations/{organisation_id}": protected(_sme("organisation_id")),
    "GET /api/v1/me": protected(),
    "GET /api/v1/membership/sme-report": public(),
    "GET /api/v1/membership/simulate": protected(lambda world: {"threshold": 50, "fee": "100"}),
    "GET /api/v1/membership/invoices": protected(),
    "GET /api/v1/membership/invoices/{number}": protected(lambda world: {"number": world.records["invoice"].number}),
    "GET /api/v1/membership/applications": protected(),
    "GET /api/v1/membership/applications/{application_id}": protected(_pk("application", "application_id")),
    "GET /api/v1/meetings/": public(),
    "GET /api/v1/meetings/{code}": public(lambda world: {"code": world.participant.meeting.code}),
    "GET /api/v1/meetings/registrations/mine": protected(),
    "GET /api/v1/meetings/contributions": protected(),
    "GET /api/v1/meetings/contributions/{number}": protected(
        lambda world: {"number": world.participant.contribution.number}
    ),
    "GET /api/v1/meetings/fellowships/mine": protected(),
    "GET /api/v1/meetings/{code}/fellowships": protected(lambda world: {"code": world.participant.meeting.code}),
    "GET /api/v1/meetings/leadership": public(lambda world: {"sector": "ITU-T", "group": "SG16"}),
    "GET /api/v1/meetings/leadership/balance": public(),
    "GET /api/v1/stats/participation": public(),
    "GET /api/v1/funds/report": public(),
    "GET /api/v1/funds/entries": protected(),
    "GET /api/v1/funds/entries/{number}": protected(lambda world: {"number": world.records["ledger_entry"].number}),
    "GET /api/v1/partnerships/agreements/stats": public(),
    "GET /api/v1/partnerships/partners/match": public(lambda world: {"region": "AFR"}),
    "GET /api/v1/partnerships/agreements": protected(),
    "GET /api/v1/partnerships/agreements/{reference}": protected(
        lambda world: {"reference": world.records["agreement"].reference}
    ),
    "GET /api/v1/partnerships/partners": public(),
    "GET /api/v1/partnerships/partners/{partner_id}": public(
        _pk("partner", "partner_id"), hidden=_pk("inactive_partner", "partner_id")
    ),
    "GET /api/v1/sponsorship/events": public(),
    "GET /api/v1/sponsorship/events/{code}": public(
        lambda world: {"code": "GSR-27"}, hidden=lambda world: {"code": "EVT-ZQX"}
    ),
    "GET /api/v1/sponsorship/events/{code}/requests": protected(lambda world: {"code": "GSR-27"}),
    "GET /api/v1/sponsorship/requests/mine": protected(),
    "GET /api/v1/sponsorship/requests/{reference}": protected(
        lambda world: {"reference": world.records["sponsorship_request"].reference}
    ),
    "GET /api/v1/sponsorship/events/{code}/activities": public(
        lambda world: {"code": "GSR-27"}, hidden=lambda world: {"code": "EVT-ZQX"}
    ),
    "GET /api/v1/sponsorship/quote": public(
        lambda world: {"activity": world.participant.sponsorship.activity_id},
        hidden=_activity("unpublished_activity"),
    ),
    "GET /api/v1/opportunities/": public(),
    "GET /api/v1/opportunities/recommended": protected(_sme("organisation")),
    "GET /api/v1/opportunities/{opportunity_id}": public(
        _pk("opportunity", "opportunity_id"), hidden=_pk("draft_opportunity", "opportunity_id")
    ),
    "POST /api/v1/opportunities/{opportunity_id}/interest": protected(_pk("opportunity", "opportunity_id")),
    "DELETE /api/v1/opportunities/{opportunity_id}/interest": protected(
        lambda world: {"opportunity_id": world.pk("opportunity"), "organisation": world.sme.pk}
    ),
    "GET /api/v1/standards/recommendations": public(),
    "GET /api/v1/standards/recommendations/{sector}/{identifier}": public(
        lambda world: {"sector": "ITU-T", "identifier": "H.702"}
    ),
    "GET /api/v1/qa/questions": public(),
    "POST /api/v1/qa/questions": protected(),
    "GET /api/v1/qa/questions/{question_id}": public(
        _pk("question", "question_id"), hidden=_pk("hidden_question", "question_id")
    ),
    "POST /api/v1/qa/questions/{question_id}/answers": protected(_pk("question", "question_id")),
    "GET /api/v1/qa/unanswered": protected(),
    "GET /api/v1/qa/flags": protected(),
    "GET /api/v1/conformity/products": public(),
    "GET /api/v1/conformity/products/{product_id}": public(
        lambda world: {"product_id": world.records["declaration"].product_id}
    ),
    "GET /api/v1/conformity/labs": public(),
    "GET /api/v1/conformity/labs/{lab_id}": public(lambda world: {"lab_id": world.records["declaration"].lab_id}),
    "GET /api/v1/conformity/declarations": public(),
    "GET /api/v1/conformity/declarations/{declaration_id}": public(
        _pk("declaration", "declaration_id"), hidden=_pk("withdrawn_declaration", "declaration_id")
    ),
    "POST /api/v1/conformity/declarations": protected(),
    "POST /api/v1/conformity/declarations/{declaration_id}/withdraw": protected(_pk("declaration", "declaration_id")),
    "GET /api/v1/experts/headline": public(),
    "GET /api/v1/experts/workshops": public(),
    "GET /api/v1/experts/workshops/{workshop_id}": public(_pk("workshop", "workshop_id")),
    "GET /api/v1/experts/registry": public(),
    "GET /api/v1/experts/certificates/{number}": public(lambda world: {"number": world.records["certificate"].number}),
    "GET /api/v1/innovation/pillars": public(),
    "GET /api/v1/innovation/assessments": public(),
    "GET /api/v1/innovation/assessments/{assessment_id}": public(
        _pk("assessment", "assessment_id"), hidden=_pk("draft_assessment", "assessment_id")
    ),
    "GET /api/v1/innovation/countries": public(),
    "GET /api/v1/innovation/profiles/{alpha3}": public(lambda world: {"alpha3": "EGY"}),  # a draft only
    "GET /api/v1/my/": protected(),
    "GET /api/v1/my/follows": protected(),
    "POST /api/v1/my/follows": protected(),
    "DELETE /api/v1/my/follows": protected(lambda world: {"kind": "group", "id": world.pk("sg16")}),
    "GET /api/v1/search/": public(lambda world: {"q": "ZQX"}),
    "GET /api/v1/outreach/campaigns": public(),
    "GET /api/v1/outreach/campaigns/{campaign_id}": public(
        _pk("campaign", "campaign_id"), hidden=_pk("draft_campaign", "campaign_id")
    ),
    "GET /api/v1/privacy/export": protected(),
    "GET /api/v1/privacy/email-preferences": protected(),
    "PUT /api/v1/privacy/email-preferences": protected(),
    "GET /api/v1/privacy/deletion-requests": protected(),
    "POST /api/v1/privacy/deletion-requests": protected(),
}

# The API's own pages, outside its schema: the schema itself and its documentation, for everyone.
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def url(key: str, world: World, values: Values | None = None) -> tuple[str, str, dict[str, Any]]:
    """The method, the address and the query of an operation, its parameters filled from the world."""
    method, path = key.split(" ", 1)
    query = dict((values or OPERATIONS[key].values)(world))
    for name in list(query):
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", str(query.pop(name)))
    assert "{" not in path, f"{key}: a path parameter has no value"
    return method, path, query
