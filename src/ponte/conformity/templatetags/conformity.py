"""``{% load conformity %}{% conforming_products recommendation %}``: on a Recommendation's page, the products with a
valid declaration of conformity to it, linked to the conformity database."""

from __future__ import annotations

from typing import Any

from django import template

from ponte.conformity.selectors import conforming_products as products_conforming_to
from ponte.standards.models import Recommendation

register = template.Library()


@register.inclusion_tag("conformity/_conforming_products.html")
def conforming_products(recommendation: Recommendation, limit: int = 20) -> dict[str, Any]:
    return {
        "recommendation": recommendation,
        "products": products_conforming_to(recommendation=recommendation, limit=limit),
        "label": f"{recommendation.sector.code} {recommendation.identifier}",
    }
