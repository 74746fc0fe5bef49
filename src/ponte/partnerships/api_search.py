"""Partner search API: who could fund this? Partners ranked by fit and track record, with the evidence.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator, model_validator

from ponte.core.actions import require_request
from ponte.partnerships import search

router = Router(tags=["partnerships"])


def _checked(check: Callable[[Any], Any], value: Any) -> Any:
    """A search vocabulary check whose ``ValidationError`` becomes pydantic's ``ValueError`` (a 422 per field)."""
    try:
        return check(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error


class MatchQuery(Schema):
    action_area: list[str] = Field(
        default_factory=list, description="Repeatable: an action area by English name (Cybersecurity) or code."
    )
    region: list[str] = Field(default_factory=list, description="Repeatable: AFR, AMS, ARB, ASP, CIS, EUR or GLO.")
    country: list[str] = Field(default_factory=list, description="Repeatable: a beneficiary country, ISO alpha-3.")
    mechanism: str = Field("", max_length=80, description="A funding mechanism by code (grant) or English name.")
    q: str = Field("", max_length=200, description="Free text in any of the six languages.")
    limit: int = Field(search.LIMIT, ge=1, le=search.MAX_LIMIT)

    @field_validator("action_area")
    @classmethod
    def known_areas(cls, values: list[str]) -> list[str]:
        return _checked(search.action_area_codes, values)

    @field_validator("region")
    @classmethod
    def known_regions(cls, values: list[str]) -> list[str]:
        return _checked(search.region_codes, values)

    @field_validator("country")
    @classmethod
    def known_countries(cls, values: list[str]) -> list[str]:
        return _checked(search.country_codes, values)

    @field_validator("mechanism")
    @classmethod
    def known_mechanism(cls, value: str) -> str:
        return _checked(search.mechanism_code, value)

    @model_validator(mode="after")
    def something_asked(self) -> "MatchQuery":
        if self.criteria().is_empty:
            raise ValueError("Give at least one of action_area, region, country, mechanism or q.")
        return self

    def criteria(self) -> search.Criteria:
        return search.Criteria(
            action_areas=tuple(self.action_area),
            regions=tuple(self.region),
            countries=tuple(self.country),
            mechanism=self.mechanism,
            text=self.q,
        )


class DeclaredOut(Schema):
    action_areas: list[str]
    regions: list[str]
    countries: list[str]
    mechanism: bool


class AgreementsInOut(Schema):
    action_areas: list[str]
    regions: list[str]


class ExampleOut(Schema):
    reference: str
    title: str
    year: int
    value_usd: str
    amendment: bool


class EvidenceOut(Schema):
    fit: float = Field(description="Share of the requested areas, regions, countries and mechanism it declares.")
    track_record: float = Field(description="Its matching past agreements, recent ones weighing more (0 to 1).")
    text: float = Field(description="The query's terms found in its name, mandate, strategy or agreement titles.")
    amendments: int
    latest_signed_on: datetime.date | None
    declared: DeclaredOut
    agreements_in: AgreementsInOut
    terms_found: int
    text_found_in: list[str]
    examples: list[ExampleOut]


class MatchOut(Schema):
    partner: str
    score: float
    agreements: int = Field(description="Matching agreements, amendments not counted.")
    value_usd: str = Field(description="Value of the matching agreements and their amendments, in USD.")
    kind: str
    evidence: EvidenceOut


class MatchesOut(Schema):
    results: list[MatchOut]


@router.get("/partners/match", response=MatchesOut)
def match(request: HttpRequest, filters: Query[MatchQuery]) -> Any:
    """Partners that could fund activities in these action areas, regions and countries, best first.

    The score (0 to 1) weighs the partner's declared priorities, its past agreements
    in those areas and places (recent ones more) and the free text; see
    ``ponte.partnerships.search`` for the formula.
    """
    require_request(request, "partnerships.search_partners")
    found = search.match_partners(filters.criteria(), limit=filters.limit)
    return {"results": [partner.as_json() for partner in found.results]}
