"""API shapes of the innovation app.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname
from ninja import Field, Schema
from pydantic import field_validator

from ponte.innovation.models import Assessment


class PillarOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")
    description: str
    position: int


class ScoreOut(Schema):
    pillar: str = Field(description="The pillar's code.")
    score: Decimal = Field(description="0 to 100, one decimal.")
    evidence: str = Field(description="Markdown as written by the assessment's lead.")


class AssessmentOut(Schema):
    id: int
    country: str = Field(description="ISO 3166 alpha-3.")
    country_name: str
    assessed_on: datetime.date
    state: str
    led_by: str = Field(description="secretariat or national_expert.")
    lead_expert: str | None = Field(description="The certified national expert's name when one led.")
    lead_certificate: str | None = Field(description="Their certificate number.")
    summary: str = Field(description="In the language of the request (English when not translated).")
    summaries: dict[str, str] = Field(description="The summary in each of the six languages, as written.")
    scores: list[ScoreOut]
    published_at: datetime.datetime | None
    url: str

    @staticmethod
    def resolve_country(assessment: Assessment) -> str:
        return assessment.country.alpha3

    @staticmethod
    def resolve_country_name(assessment: Assessment) -> str:
        return assessment.country.name

    @staticmethod
    def resolve_lead_expert(assessment: Assessment) -> str | None:
        certificate = assessment.lead_certificate
        return certificate.person.full_name if certificate else None

    @staticmethod
    def resolve_lead_certificate(assessment: Assessment) -> str | None:
        return assessment.lead_certificate.number if assessment.lead_certificate else None

    @staticmethod
    def resolve_summaries(assessment: Assessment) -> dict[str, str]:
        return {
            code: getattr(assessment, build_localized_fieldname("summary", code)) or ""
            for code, _name in settings.LANGUAGES
        }

    @staticmethod
    def resolve_scores(assessment: Assessment) -> list[dict[str, object]]:
        return [
            {"pillar": score.pillar.code, "score": score.score, "evidence": score.evidence}
            for score in assessment.scores.all()
        ]

    @staticmethod
    def resolve_url(assessment: Assessment) -> str:
        return assessment.get_absolute_url()


class AssessmentFilter(Schema):
    country: str = Field("", max_length=3, description="ISO 3166 alpha-3, e.g. KEN.")

    @field_validator("country")
    @classmethod
    def alpha3(cls, value: str) -> str:
        value = value.strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise ValueError("Give the country as its ISO 3166 alpha-3 code, e.g. KEN.")
        return value


class AverageOut(Schema):
    value: Decimal | None = Field(description="null when no other country of the group has a published score.")
    countries: int = Field(description="How many countries the average is over.")


class ProfileRowOut(Schema):
    pillar: str
    name: str
    score: Decimal | None = Field(description="The country's latest published score; null when not assessed.")
    region_average: AverageOut
    income_average: AverageOut


class ProfileOut(Schema):
    country: str
    country_name: str
    region: str | None = Field(description="ITU-D region code.")
    income_group: str | None = Field(description="low, lower_middle, upper_middle or high (World Bank).")
    assessment: AssessmentOut | None = Field(description="The latest published assessment.")
    pillars: list[ProfileRowOut]
    region_peers: list[str] = Field(description="The other assessed countries of the region (names).")
    income_peers: list[str]
    assessments: list[datetime.date] = Field(description="Dates of every published assessment, latest first.")


class AssessedCountryOut(Schema):
    country: str = Field(alias="alpha3")
    name: str
    region: str
    income_group: str
    latest: datetime.date
    assessments: int
    profile: str
