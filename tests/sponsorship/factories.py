"""Factories of the sponsorship tests: events, activities, members in good standing and suspended ones."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from ponte.core.models import Organisation, OrganisationCategory, RoleKind, Sector, User
from ponte.membership.models import Invoice, InvoiceLine, InvoiceLineKind, InvoiceState, Membership
from ponte.sponsorship.models import Activity, ActivityKind, SponsoredEvent
from tests.factories import OrganisationFactory, country, with_role


class SponsoredEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsoredEvent

    code = factory.Sequence(lambda n: f"EVT-{n:03d}")
    title_en = factory.Sequence(lambda n: f"Global Symposium {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))
    ends_on = factory.LazyAttribute(lambda event: event.starts_on + datetime.timedelta(days=2))
    city = "Geneva"
    country = factory.LazyFunction(lambda: country("CHE"))
    currency = "USD"
    member_discount = Decimal("15")
    is_published = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    event = factory.SubFactory(SponsoredEventFactory)
    kind = ActivityKind.COFFEE_BREAK
    name_en = factory.Sequence(lambda n: f"Coffee break {n}")
    price = Decimal("5000.00")
    slots = 3


def member(name: str = "Member Telecom", *, since: int = 2020, **fields: Any) -> Organisation:
    """A Sector Member of ITU-T since ``since``, in good standing."""
    organisation: Organisation = OrganisationFactory(
        name=name, category=OrganisationCategory.SECTOR_MEMBER, employee_count=5000, **fields
    )
    Membership.objects.create(
        organisation=organisation,
        sector=Sector.objects.get(code="ITU-T"),
        category=OrganisationCategory.SECTOR_MEMBER,
        start_year=since,
    )
    return organisation


def suspend(organisation: Organisation) -> Invoice:
    """Leave the organisation's membership fee unpaid for more than six months: its rights are suspended."""
    today = timezone.localdate()
    invoice = Invoice.objects.create(
        number=f"INV-TEST-{organisation.pk}",
        organisation=organisation,
        issued_on=today - datetime.timedelta(days=240),
        due_on=today - datetime.timedelta(days=210),
        total=Decimal("31800.00"),
        state=InvoiceState.ISSUED,
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        kind=InvoiceLineKind.MEMBERSHIP_FEE,
        year=today.year,
        subject="ITU-T",
        unit_price=Decimal("31800.00"),
        amount=Decimal("31800.00"),
    )
    return invoice


@dataclass
class World:
    event: SponsoredEvent
    dinner: Activity  # one slot
    coffee: Activity  # three slots
    side_event: Activity  # two slots
    member: Organisation
    member_rep: User
    non_member: Organisation
    non_member_rep: User
    suspended: Organisation
    suspended_rep: User


def build_world() -> World:
    """An upcoming symposium (GSR-27) with three activities; a member, a non-member and a suspended member, each
    with its representative."""
    event = SponsoredEventFactory(
        code="GSR-27", title_en="Global Symposium for Regulators", title_ar="الندوة العالمية لمنظمي الاتصالات"
    )
    dinner = ActivityFactory(
        event=event, kind=ActivityKind.SOCIAL_EVENT, name_en="Regulators' dinner", name_ar="عشاء المنظمين",
        price=Decimal("40000.00"), slots=1, description_en="A seated dinner for 300 guests.",
    )  # fmt: skip
    coffee = ActivityFactory(event=event, name_en="Coffee break", name_ar="استراحة قهوة", price=Decimal("5000.00"))
    side_event = ActivityFactory(
        event=event, kind=ActivityKind.SIDE_EVENT, name_en="Side event, half day", name_ar="حدث جانبي، نصف يوم",
        price=Decimal("12345.67"), slots=2,
    )  # fmt: skip
    good = member("Andes Telecom")
    non_member = OrganisationFactory(name="Abe Devices KK")
    suspended = member("Late Payer Networks")
    suspend(suspended)
    return World(
        event=event,
        dinner=dinner,
        coffee=coffee,
        side_event=side_event,
        member=good,
        member_rep=with_role(RoleKind.REPRESENTATIVE, organisation=good),
        non_member=non_member,
        non_member_rep=with_role(RoleKind.REPRESENTATIVE, organisation=non_member),
        suspended=suspended,
        suspended_rep=with_role(RoleKind.REPRESENTATIVE, organisation=suspended),
    )
