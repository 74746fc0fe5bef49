"""Factories for the core records (factory_boy): each test makes only what it needs."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from ponte.core.models import Affiliation, Country, Group, Organisation, OrganisationCategory, Person, Role, User


def country(alpha3: str) -> Country:
    """A reference country (loaded by migration)."""
    return Country.objects.get(alpha3=alpha3)


def group(sector: str, code: str) -> Group:
    return Group.objects.select_related("sector").get(sector__code=sector, code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = OrganisationCategory.SME
    country = factory.LazyFunction(lambda: country("JPN"))
    employee_count = 40


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = "Example"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    country = factory.LazyFunction(lambda: country("JPN"))


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def with_role(kind: str, **scope: Any) -> User:
    """A new verified account holding one role."""
    user = UserFactory()
    Role.objects.create(user=user, kind=kind, **scope)
    if kind == "secretariat":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def fund_bsg(
    amount: str = "100000.00", *, year: int | None = None, source: str = "partner_contribution", currency: str = "CHF"
) -> Any:
    """Money in the BSG fund (a receipt recorded by the secretariat), so that fellowships can be awarded from it.

    The receipt is in ``year`` (this year by default), booked on its 1 January: it pays for that year and later.
    """
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from ponte.funds.services import record_receipt

    today = timezone.localdate()
    year = today.year if year is None else year
    return record_receipt(
        actor=with_role("secretariat"),
        source=source,
        amount=Decimal(amount),
        currency=currency,
        year=year,
        booked_on=min(datetime.date(year, 1, 1), today),
        description="Contribution for the tests",
    )
