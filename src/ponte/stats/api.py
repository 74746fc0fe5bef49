"""Statistics API: participation indicators (aggregates only, no personal data).

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from ponte.core.models import Region
from ponte.stats.selectors import group_code, participation_figures, sector_codes

router = Router(tags=["stats"])


class ParticipationQuery(Schema):
    year: int | None = Field(None, ge=1990, le=2100)
    sector: str = Field("", max_length=8, description="e.g. ITU-T")
    group: str = Field("", max_length=32, description="The group's short code, e.g. SG16 or TSAG.")
    region: Region | None = None

    @field_validator("sector")
    @classmethod
    def known_sector(cls, value: str) -> str:
        if value and value not in sector_codes():
            raise ValueError(f"Unknown sector {value}: use one of {', '.join(sector_codes())}.")
        return value

    @field_validator("group")
    @classmethod
    def known_group(cls, value: str) -> str:
        stored = group_code(value)
        if stored is None:
            raise ValueError(f"There is no group with the code {value}.")
        return stored


class ParticipationOut(Schema):
    participants: int
    organisations: int
    person_days: int
    developing_share: float | None
    remote_share: float | None
    women_share: float | None
    youth_share: float | None
    by_region: dict[str, int]
    by_classification: dict[str, int]
    contributions_developing: int
    leadership_developing: int
    fellowships_awarded: int
    fellowships_used: int
    new_academia_developing: int
    smes_taking_part: int


@router.get("/participation", response=ParticipationOut)
def get_participation(request: HttpRequest, filters: Query[ParticipationQuery]) -> Any:
    """Resolution 44's participation indicators; definitions in ``ponte.stats.selectors``."""
    return participation_figures(
        year=filters.year, sector=filters.sector, group=filters.group, region=filters.region or ""
    ).as_json()
