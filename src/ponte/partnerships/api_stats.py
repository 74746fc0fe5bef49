"""Agreement statistics as the bureau's report gives them (aggregates only).

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import model_validator

from ponte.partnerships.selectors import agreement_stats

router = Router(tags=["partnerships"])


class PeriodQuery(Schema):
    year_from: int | None = Field(None, alias="from", ge=1900, le=2100, description="First year, inclusive.")
    year_to: int | None = Field(None, alias="to", ge=1900, le=2100, description="Last year, inclusive.")

    @model_validator(mode="after")
    def ordered(self) -> "PeriodQuery":
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise ValueError(f"The period starts ({self.year_from}) after it ends ({self.year_to}).")
        return self


class TopPartnerOut(Schema):
    partner: str
    agreements: int
    value_usd: str


class AgreementStatsOut(Schema):
    new: int
    amendments: int
    value_usd: str = Field(description="USD, new agreements and amendments together, as a decimal string.")
    by_year: dict[str, int]
    by_region: dict[str, float] = Field(description="An agreement benefiting k regions counts 1/k in each.")
    by_action_area: dict[str, float] = Field(description="An agreement in k action areas counts 1/k in each.")
    by_type: dict[str, int]
    top_partners: list[TopPartnerOut]


@router.get("/agreements/stats", response=AgreementStatsOut)
def get_agreement_stats(request: HttpRequest, period: Query[PeriodQuery]) -> Any:
    """New agreements, amendments, value and the breakdowns of the period (years by signing date, inclusive)."""
    return agreement_stats(year_from=period.year_from, year_to=period.year_to).as_json()
