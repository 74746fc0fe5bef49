"""Partners and agreements for the partnership tests: ``agreement(...)`` makes one with its lists in one call."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from ponte.core.models import Country
from ponte.partnerships.models import ActionArea, Agreement, BeneficiaryRegion, FundingMechanism, Partner


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = "bilateral_agency"


def areas(*names: str) -> list[ActionArea]:
    """Action areas by their English names."""
    return [ActionArea.objects.get(name_en=name) for name in names]


def regions(*codes: str) -> list[BeneficiaryRegion]:
    return [BeneficiaryRegion.objects.get(code=code) for code in codes]


def mechanisms(*codes: str) -> list[FundingMechanism]:
    return [FundingMechanism.objects.get(code=code) for code in codes]


def agreement(
    reference: str,
    *,
    partners: list[Partner] | None = None,
    type: str = "cooperation",
    signed_on: datetime.date = datetime.date(2015, 6, 1),
    value_usd: str | Decimal = "100000",
    region_codes: tuple[str, ...] = ("AFR",),
    area_names: tuple[str, ...] = ("Capacity building",),
    country_codes: tuple[str, ...] = (),
    amends: Agreement | None = None,
    **fields: Any,
) -> Agreement:
    made = Agreement.objects.create(
        reference=reference,
        type=type,
        title=fields.pop("title", f"Agreement {reference}"),
        signed_on=signed_on,
        value=Decimal(value_usd),
        currency="USD",
        value_usd=Decimal(value_usd),
        amends=amends,
        **fields,
    )
    made.partners.set(partners or [PartnerFactory()])
    made.regions.set(regions(*region_codes))
    made.action_areas.set(areas(*area_names))
    made.countries.set(Country.objects.filter(alpha3__in=country_codes))
    return made
