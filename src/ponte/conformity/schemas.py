"""API input and output shapes of the conformity database.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from ponte.conformity.models import Declaration, Product, ProductCategory, TestLab
from ponte.conformity.selectors import VALIDITIES, Filters, product_row, recommendations_named
from ponte.core.models import Country


class ProductFilter(Schema):
    q: str = Field(
        "", max_length=100, description="Words of the manufacturer, model, product name or report reference."
    )
    recommendation: str = Field(
        "", max_length=60, description='A Recommendation, e.g. "H.702" or "ITU-T L.1000" (case, spaces and dots aside).'
    )
    lab: int | None = Field(None, description="A test lab's id (see /labs).")
    country: str = Field("", max_length=3, description="The manufacturer's country, ISO 3166 alpha-3 (e.g. KOR).")
    category: str = Field("", description="A product category code: " + ", ".join(ProductCategory.values) + ".")
    validity: str = Field(
        "", description="valid (now), expired, or withdrawn (the secretariat's and the lab's own); empty: all visible."
    )

    @field_validator("recommendation")
    @classmethod
    def known_recommendation(cls, value: str) -> str:
        value = value.strip()
        if value and not recommendations_named(value).exists():
            raise ValueError(_("No Recommendation is known as %(name)s.") % {"name": value})
        return value

    @field_validator("lab")
    @classmethod
    def known_lab(cls, value: int | None) -> int | None:
        if value is not None and not TestLab.objects.filter(pk=value).exists():
            raise ValueError(_("No test lab has this id."))
        return value

    @field_validator("country")
    @classmethod
    def known_country(cls, value: str) -> str:
        value = value.strip().upper()
        if value and not Country.objects.filter(alpha3=value).exists():
            raise ValueError(_("Unknown country: give the ISO 3166 alpha-3 code, e.g. KOR."))
        return value

    @field_validator("category")
    @classmethod
    def known_category(cls, value: str) -> str:
        if value and value not in ProductCategory.values:
            message = _("Unknown category %(category)s: write one of %(categories)s.")
            raise ValueError(message % {"category": value, "categories": ", ".join(ProductCategory.values)})
        return value

    @field_validator("validity")
    @classmethod
    def known_validity(cls, value: str) -> str:
        if value and value not in VALIDITIES:
            raise ValueError(_("The validity is valid, expired or withdrawn."))
        return value

    def filters(self) -> Filters:
        return Filters(
            text=self.q.strip(),
            recommendation=self.recommendation,
            lab=self.lab,
            country=self.country,
            category=self.category,
            validity=self.validity,
        )


class RecommendationRef(Schema):
    sector: str
    identifier: str
    label: str = Field(description='As the files write it: "ITU-T H.702".')
    url: str = Field(description="The Recommendation's page.")


def recommendation_refs(recommendations: Any) -> list[dict[str, str]]:
    return [
        {
            "sector": recommendation.sector.code,
            "identifier": recommendation.identifier,
            "label": f"{recommendation.sector.code} {recommendation.identifier}",
            "url": recommendation.get_absolute_url(),
        }
        for recommendation in recommendations
    ]


class LabRef(Schema):
    id: int
    name: str


class DeclarationOut(Schema):
    id: int
    product: int = Field(description="The product's id.")
    lab: LabRef
    recommendations: list[RecommendationRef]
    report_reference: str
    report_date: datetime.date
    valid_until: datetime.date
    status: str = Field(description="valid, expired or withdrawn.")
    withdrawn_on: datetime.date | None

    @staticmethod
    def resolve_product(declaration: Declaration) -> int:
        return declaration.product_id

    @staticmethod
    def resolve_recommendations(declaration: Declaration) -> list[dict[str, str]]:
        return recommendation_refs(declaration.recommendations.all())

    @staticmethod
    def resolve_status(declaration: Declaration) -> str:
        return declaration.status_on(timezone.localdate()).value


class ManufacturerOut(Schema):
    name: str
    country: str = Field(description="ISO 3166 alpha-3.")
    country_name: str


def manufacturer_of(product: Product) -> dict[str, str]:
    manufacturer = product.manufacturer
    return {
        "name": manufacturer.name,
        "country": manufacturer.country.alpha3,
        "country_name": manufacturer.country.name,
    }


class DeclarationDetailOut(DeclarationOut):
    """A declaration with its product, as the product's page shows it."""

    manufacturer: ManufacturerOut
    model: str
    product_name: str
    category: str
    withdrawal_reason: str = Field(description="Why it was withdrawn; empty while it is in force.")
    url: str = Field(description="The product's page.")

    @staticmethod
    def resolve_manufacturer(declaration: Declaration) -> dict[str, str]:
        return manufacturer_of(declaration.product)

    @staticmethod
    def resolve_model(declaration: Declaration) -> str:
        return declaration.product.model

    @staticmethod
    def resolve_product_name(declaration: Declaration) -> str:
        return declaration.product.name

    @staticmethod
    def resolve_category(declaration: Declaration) -> str:
        return declaration.product.category

    @staticmethod
    def resolve_url(declaration: Declaration) -> str:
        return declaration.product.get_absolute_url()


class ProductOut(Schema):
    id: int
    manufacturer: ManufacturerOut
    model: str
    name: str
    category: str
    category_label: str = Field(description="In the language of the request.")
    description: str = Field(description="Markdown, as written.")
    status: str | None = Field(description="valid if one shown declaration is, else expired, else withdrawn.")
    valid_until: datetime.date | None = Field(description="The latest end of validity among those of that status.")
    declarations: list[DeclarationOut] = Field(description="In a list: those matching the filters.")
    url: str = Field(description="The product's page.")

    @staticmethod
    def resolve_manufacturer(product: Product) -> dict[str, str]:
        return manufacturer_of(product)

    @staticmethod
    def resolve_category_label(product: Product) -> str:
        return str(product.get_category_display())

    @staticmethod
    def resolve_status(product: Product) -> str | None:
        status = product_row(product).status
        return status.value if status else None

    @staticmethod
    def resolve_valid_until(product: Product) -> datetime.date | None:
        return product_row(product).valid_until

    @staticmethod
    def resolve_declarations(product: Product) -> list[Declaration]:
        return list(getattr(product, "shown_declarations", []))

    @staticmethod
    def resolve_url(product: Product) -> str:
        return product.get_absolute_url()


class LabOut(Schema):
    id: int
    name: str
    country: str = Field(description="ISO 3166 alpha-3.")
    organisation: int | None = Field(description="The lab's organisation on the platform (its id).")
    accreditation_body: str
    accreditation_number: str
    accredited_from: datetime.date | None
    accredited_until: datetime.date
    accredited_now: bool
    is_itu_recognised: bool
    scope: list[RecommendationRef]
    website: str
    declarations: int = Field(description="How many of its declarations are public (valid or expired).")
    url: str = Field(description="The lab's entry in the registry page.")

    @staticmethod
    def resolve_country(lab: TestLab) -> str:
        return lab.country.alpha3

    @staticmethod
    def resolve_organisation(lab: TestLab) -> int | None:
        return lab.organisation_id

    @staticmethod
    def resolve_accredited_now(lab: TestLab) -> bool:
        return lab.is_accredited_now

    @staticmethod
    def resolve_scope(lab: TestLab) -> list[dict[str, str]]:
        return recommendation_refs(lab.scope.all())

    @staticmethod
    def resolve_declarations(lab: TestLab) -> int:
        return int(getattr(lab, "declaration_count", 0))

    @staticmethod
    def resolve_url(lab: TestLab) -> str:
        return lab.get_absolute_url()


class DeclarationIn(Schema):
    lab: int = Field(description="The test lab's id.")
    manufacturer: str = Field(max_length=200)
    manufacturer_country: str = Field(max_length=3, description="ISO 3166 alpha-3, e.g. KOR.")
    model: str = Field(max_length=100)
    product: str = Field(max_length=200, description="The product's name.")
    category: str = Field(description="A category code.")
    description: str | None = Field(None, max_length=5000, description="Markdown; null keeps a recorded product's.")
    recommendations: list[str] = Field(description='Each with its sector: ["ITU-T H.702", "ITU-T F.921"].')
    report_reference: str = Field(max_length=60)
    report_date: datetime.date
    valid_until: datetime.date


class WithdrawIn(Schema):
    reason: str = Field(max_length=300)
