"""API input and output shapes of the partner-opportunity platform.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname
from ninja import Field, Schema
from pydantic import field_validator

from ponte.opportunities.models import Opportunity, OpportunityKind
from ponte.partnerships.models import ActionArea, BeneficiaryRegion


class CodeName(Schema):
    code: str
    name: str = Field(description="In the language of the request.")


def code_names(items: Any) -> list[dict[str, str]]:
    return [{"code": item.code, "name": item.name} for item in items]


class OpportunityFilter(Schema):
    area: str = Field("", description="An action area code, e.g. cybersecurity.")
    region: str = Field(
        "",
        description="A region code: AFR, AMS, ARB, ASP, CIS, EUR or GLO (global opportunities "
        "are listed under every region).",
    )
    kind: str = Field("", description="concept_project or initiative.")
    q: str = Field("", max_length=100, description="Words of the title, in any of the six languages.")

    @field_validator("area")
    @classmethod
    def known_area(cls, value: str) -> str:
        if value and not ActionArea.objects.filter(code=value).exists():
            raise ValueError(f"Unknown action area: {value}.")
        return value

    @field_validator("region")
    @classmethod
    def known_region(cls, value: str) -> str:
        value = value.upper()
        if value and not BeneficiaryRegion.objects.filter(code=value).exists():
            raise ValueError(f"Unknown region: {value}.")
        return value

    @field_validator("kind")
    @classmethod
    def known_kind(cls, value: str) -> str:
        if value and value not in OpportunityKind.values:
            raise ValueError("The kind is concept_project or initiative.")
        return value

    def filters(self) -> dict[str, str]:
        return {"area": self.area, "region": self.region, "kind": self.kind, "text": self.q.strip()}


class OpportunityOut(Schema):
    id: int
    kind: str
    state: str
    title: str = Field(description="In the language of the request (English when not translated).")
    summary: str
    action_areas: list[CodeName]
    regions: list[CodeName]
    mechanisms: list[CodeName]
    budget_sought: str | None = Field(None, description="A decimal number as text, exact; null when not stated.")
    currency: str
    video_url: str
    published_at: datetime.datetime | None
    url: str = Field(description="The opportunity's page.")

    @staticmethod
    def resolve_action_areas(opportunity: Opportunity) -> list[dict[str, str]]:
        return code_names(opportunity.action_areas.all())

    @staticmethod
    def resolve_regions(opportunity: Opportunity) -> list[dict[str, str]]:
        return code_names(opportunity.regions.all())

    @staticmethod
    def resolve_mechanisms(opportunity: Opportunity) -> list[dict[str, str]]:
        return code_names(opportunity.mechanisms.all())

    @staticmethod
    def resolve_budget_sought(opportunity: Opportunity) -> str | None:
        return None if opportunity.budget_sought is None else str(opportunity.budget_sought)

    @staticmethod
    def resolve_url(opportunity: Opportunity) -> str:
        return opportunity.get_absolute_url()


class TextsOut(Schema):
    title: str
    summary: str
    description: str


class DocumentOut(Schema):
    title: str
    language: str
    content_type: str
    size: int
    url: str


class OpportunityDetailOut(OpportunityOut):
    description: str
    countries: list[str] = Field(description="Beneficiary countries, ISO 3166 alpha-3.")
    texts: dict[str, TextsOut] = Field(description="The texts in each of the six languages, as written (may be empty).")
    documents: list[DocumentOut] | None = Field(description="Pitch documents; null when not signed in.")

    @staticmethod
    def resolve_countries(opportunity: Opportunity) -> list[str]:
        return [country.alpha3 for country in opportunity.countries.all()]

    @staticmethod
    def resolve_texts(opportunity: Opportunity) -> dict[str, dict[str, str]]:
        return {
            code: {
                field: getattr(opportunity, build_localized_fieldname(field, code)) or ""
                for field in ("title", "summary", "description")
            }
            for code, _name in settings.LANGUAGES
        }

    @staticmethod
    def resolve_documents(opportunity: Opportunity, context: Any) -> list[dict[str, Any]] | None:
        request = context["request"]
        if not request.user.has_perm("opportunities.view_pitch_documents", opportunity):
            return None
        return [
            {
                "title": document.title,
                "language": document.language,
                "content_type": document.content_type,
                "size": document.size,
                "url": document.get_absolute_url(),
            }
            for document in opportunity.documents.all()
        ]


class RecommendationOut(Schema):
    opportunity: OpportunityOut
    score: int = Field(description="3 per matched action area, 2 per matched region, 1 per matched mechanism.")
    action_areas: list[CodeName] = Field(description="The action areas it shares with the focus.")
    regions: list[CodeName] = Field(description="The regions it matches (GLO matches every region).")
    mechanisms: list[CodeName]
    reason: str = Field(description="What it matched, by name, in the language of the request.")


class InterestIn(Schema):
    organisation: int = Field(description="The organisation you represent and express interest for.")
    message: str = Field("", description="A word to the secretariat, at most 2000 characters.")


class InterestOut(Schema):
    id: int
    opportunity: int = Field(alias="opportunity_id")
    organisation: int = Field(alias="organisation_id")
    message: str
    created_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
