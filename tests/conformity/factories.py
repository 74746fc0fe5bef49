"""Conformity records for the tests: Recommendations of the catalogue, labs with their accreditation and scope,
manufacturers, products and declarations, each made in one call with sensible defaults."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from ponte.conformity.models import Declaration, Manufacturer, Product
from ponte.conformity.models import TestLab as Lab
from ponte.core.models import Sector
from ponte.standards.models import Recommendation
from tests.factories import OrganisationFactory, country


def today() -> datetime.date:
    return timezone.localdate()


def days(count: int) -> datetime.date:
    """``count`` days from today (before today when negative)."""
    return today() + datetime.timedelta(days=count)


def recommendation(identifier: str, sector: str = "ITU-T", title: str = "") -> Recommendation:
    """The catalogue's Recommendation, made the first time it is asked for."""
    found, _created = Recommendation.objects.get_or_create(
        sector=Sector.objects.get(code=sector),
        identifier=identifier,
        defaults={
            "title": title or f"Recommendation {identifier}",
            "title_en": title or f"Recommendation {identifier}",
        },
    )
    return found


class LabFactory(factory.django.DjangoModelFactory):
    """A lab accredited from two years ago to two years ahead, acting through an organisation of its own."""

    class Meta:
        model = Lab
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test lab {n}")
    country = factory.LazyFunction(lambda: country("KOR"))
    organisation = factory.SubFactory(OrganisationFactory, country=factory.SelfAttribute("..country"))
    accreditation_body = "KOLAS"
    accreditation_number = factory.Sequence(lambda n: f"KT-{n:04}")
    accredited_from = factory.LazyFunction(lambda: days(-730))
    accredited_until = factory.LazyFunction(lambda: days(730))
    is_itu_recognised = False

    @factory.post_generation
    def scope(obj: Lab, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            obj.scope.set(extracted)


class ManufacturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Manufacturer

    name = factory.Sequence(lambda n: f"Manufacturer {n}")
    country = factory.LazyFunction(lambda: country("CHN"))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    manufacturer = factory.SubFactory(ManufacturerFactory)
    model = factory.Sequence(lambda n: f"MODEL-{n:04}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = "iptv_terminal"


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A valid declaration: a report of a month ago, valid for three years."""

    class Meta:
        model = Declaration
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    lab = factory.SubFactory(LabFactory)
    report_reference = factory.Sequence(lambda n: f"REP-{n:05}")
    report_date = factory.LazyFunction(lambda: days(-30))
    valid_until = factory.LazyFunction(lambda: days(3 * 365))

    @factory.post_generation
    def recommendations(obj: Declaration, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            obj.recommendations.set(extracted)
