"""API input and output shapes of the catalogue of Recommendations.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from ponte.standards import selectors
from ponte.standards.models import Recommendation, RecommendationKind, RecommendationStatus

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _language(value: str) -> str:
    """A language code of the site (``zh-hans``, ``zh_Hans`` or ``ZH-HANS``), or ``ValueError``."""
    code = value.strip().lower().replace("_", "-")
    if code not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {value}: give one of {', '.join(LANGUAGE_CODES)}.")
    return code


class LanguageQuery(Schema):
    lang: str = Field(
        "", description="The language of title and summary (ar, zh-hans, en, fr, ru, es); else Accept-Language."
    )

    @field_validator("lang")
    @classmethod
    def known_language(cls, value: str) -> str:
        return _language(value) if value.strip() else ""


class RecommendationFilter(LanguageQuery):
    sector: str = Field("", description="ITU-T, ITU-D or ITU-R.")
    group: str = Field("", max_length=32, description="A group's short code, e.g. SG16; its sub-groups included.")
    status: str = Field("", description="in_force, prepublished, superseded or withdrawn.")
    kind: str = Field("", description="recommendation, technical_paper, technical_report, supplement or handbook.")
    q: str = Field(
        "",
        max_length=100,
        description='An identifier however written ("H702", "h.702") or words of the title or summary, in the '
        "language asked or English.",
    )

    @field_validator("sector")
    @classmethod
    def known_sector(cls, value: str) -> str:
        codes = selectors.sector_codes()
        found = next((code for code in codes if code.lower() == value.strip().lower()), None)
        if value.strip() and found is None:
            raise ValueError(f"Unknown sector {value}: give one of {', '.join(codes)}.")
        return found or ""

    @field_validator("status")
    @classmethod
    def known_status(cls, value: str) -> str:
        if value and value not in RecommendationStatus.values:
            raise ValueError(f"Unknown status {value}: give one of {', '.join(RecommendationStatus.values)}.")
        return value

    @field_validator("kind")
    @classmethod
    def known_kind(cls, value: str) -> str:
        if value and value not in RecommendationKind.values:
            raise ValueError(f"Unknown kind {value}: give one of {', '.join(RecommendationKind.values)}.")
        return value

    @model_validator(mode="after")
    def known_group(self) -> "RecommendationFilter":
        code = self.group.strip()
        if code and not selectors.group_exists(code, sector=self.sector):
            where = f" in {self.sector}" if self.sector else ""
            raise ValueError(f"Unknown group {code}{where}: give its short code, e.g. SG16.")
        return self

    def filters(self) -> dict[str, str]:
        return {
            "sector": self.sector,
            "group": self.group.strip(),
            "status": self.status,
            "kind": self.kind,
            "text": self.q.strip(),
            "language": self.lang,
        }


def _asked_language(context: Any) -> str:
    """The language the request asks for: ``?lang=``, else the one the locale middleware chose (Accept-Language)."""
    request = context["request"] if context else None
    asked = request.GET.get("lang", "") if request is not None else ""
    try:
        return _language(asked)
    except ValueError:
        return selectors.language_code()


def _written(recommendation: Recommendation, field: str, language: str) -> str:
    """A title or summary as written in one language (empty when it is not)."""
    return getattr(recommendation, build_localized_fieldname(field, language), None) or ""


def _text(recommendation: Recommendation, field: str, language: str) -> str:
    """A title or summary in the language, or in English when it is not written in it."""
    english = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return _written(recommendation, field, language) or _written(recommendation, field, english)


class GroupRef(Schema):
    sector: str
    code: str
    title: str = Field(description="In the language asked.")


class RecommendationOut(Schema):
    sector: str
    identifier: str
    kind: str
    status: str
    language: str = Field(description="The language of title (and summary) below.")
    title: str = Field(description="In the language asked, English when it is not translated.")
    group: GroupRef | None = Field(description="The responsible group.")
    approved_on: datetime.date | None
    url: str = Field(description="Where to read it free online (may be empty).")
    file: str | None = Field(description="The address of its PDF on Ponte; null when there is none.")
    page: str = Field(description="Its page on Ponte.")

    @staticmethod
    def resolve_sector(recommendation: Recommendation) -> str:
        return recommendation.sector.code

    @staticmethod
    def resolve_language(recommendation: Recommendation, context: Any) -> str:
        return _asked_language(context)

    @staticmethod
    def resolve_title(recommendation: Recommendation, context: Any) -> str:
        return _text(recommendation, "title", _asked_language(context))

    @staticmethod
    def resolve_group(recommendation: Recommendation, context: Any) -> dict[str, str] | None:
        group = recommendation.group
        if group is None:
            return None
        with translation.override(_asked_language(context)):
            title = str(group.title)
        return {"sector": group.sector.code, "code": group.code, "title": title}

    @staticmethod
    def resolve_file(recommendation: Recommendation) -> str | None:
        if not recommendation.file:
            return None
        kwargs = {"sector": recommendation.sector.code, "identifier": recommendation.identifier}
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return reverse("standards:recommendation_file", kwargs=kwargs)

    @staticmethod
    def resolve_page(recommendation: Recommendation, context: Any) -> str:
        with translation.override(_asked_language(context)):
            return recommendation.get_absolute_url()


class RecommendationDetailOut(RecommendationOut):
    summary: str = Field(description="Markdown, in the language asked (English when it is not translated).")
    titles: dict[str, str] = Field(description="The title in each of the six languages, as written (may be empty).")
    summaries: dict[str, str] = Field(description="The summary in each of the six languages, as written.")
    superseded_by: str | None = Field(description='What replaces it, e.g. "ITU-R P.1546".')
    supersedes: list[str] = Field(description="What it replaces.")

    @staticmethod
    def resolve_summary(recommendation: Recommendation, context: Any) -> str:
        return _text(recommendation, "summary", _asked_language(context))

    @staticmethod
    def resolve_titles(recommendation: Recommendation) -> dict[str, str]:
        return {code: _written(recommendation, "title", code) for code in LANGUAGE_CODES}

    @staticmethod
    def resolve_summaries(recommendation: Recommendation) -> dict[str, str]:
        return {code: _written(recommendation, "summary", code) for code in LANGUAGE_CODES}

    @staticmethod
    def resolve_superseded_by(recommendation: Recommendation) -> str | None:
        return str(recommendation.superseded_by) if recommendation.superseded_by else None

    @staticmethod
    def resolve_supersedes(recommendation: Recommendation) -> list[str]:
        return [str(older) for older in recommendation.supersedes.all()]
