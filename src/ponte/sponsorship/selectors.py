"""Reads of the sponsorship platform: events and their activities, the quote, requests and revenue.

``quote_for`` is the one rule that prices a sponsorship: the quote page, its PDF, the API and the request
service all call it, so a sponsor is asked exactly what it was quoted.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.models import Organisation
from ponte.core.rules import scopes_of
from ponte.membership.fees import active_memberships
from ponte.membership.rights import dues_unpaid_for_six_months
from ponte.sponsorship.models import (
    HOLDING_STATES,
    Activity,
    RequestState,
    SponsoredEvent,
    SponsorshipRequest,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
QUOTE_VALID_DAYS = 30  # a quote holds its price this long, and never past the eve of the event


class DiscountReason(StrEnum):
    """Why a quote has the member discount, or has not."""

    MEMBER = "member"
    NO_ORGANISATION = "no_organisation"
    NOT_MEMBER = "not_member"
    SUSPENDED = "suspended"
    NO_DISCOUNT = "no_discount"


@dataclass(frozen=True)
class Discount:
    percent: Decimal
    reason: DiscountReason


def discount_for(event: SponsoredEvent, organisation: Organisation | None) -> Discount:
    """The member discount an organisation gets at an event: a member in the event's year whose rights are not
    suspended (membership fee unpaid for six months, ``membership.rights``) gets the event's discount."""
    none = Decimal(0)
    if event.member_discount <= 0:
        return Discount(none, DiscountReason.NO_DISCOUNT)
    if organisation is None:
        return Discount(none, DiscountReason.NO_ORGANISATION)
    year = event.starts_on.year
    if not organisation.is_active or not active_memberships(year).filter(organisation=organisation).exists():
        return Discount(none, DiscountReason.NOT_MEMBER)
    if dues_unpaid_for_six_months(organisation):
        return Discount(none, DiscountReason.SUSPENDED)
    return Discount(event.member_discount, DiscountReason.MEMBER)


def discounted(list_price: Decimal, percent: Decimal) -> tuple[Decimal, Decimal]:
    """The discount's amount and what is left to pay, to the cent (half up)."""
    amount = (list_price * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return amount, (list_price - amount).quantize(CENT)


def quotes_open(event: SponsoredEvent, today: datetime.date | None = None) -> bool:
    """A published event is quoted and takes requests until the eve of its first day."""
    today = today or timezone.localdate()
    return event.is_published and today < event.starts_on


@dataclass(frozen=True)
class Quote:
    """An initial quote: what an activity costs a sponsor today, and why with or without the member discount."""

    activity: Activity
    organisation: Organisation | None
    list_price: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    total: Decimal
    currency: str
    slots: int
    slots_left: int
    issued_on: datetime.date
    valid_until: datetime.date
    is_open: bool
    reason: DiscountReason

    @property
    def event(self) -> SponsoredEvent:
        return self.activity.event

    @property
    def member_discount_applies(self) -> bool:
        return self.reason == DiscountReason.MEMBER

    @property
    def sold_out(self) -> bool:
        return self.slots_left <= 0

    @property
    def explanation(self) -> str:
        """Why the quote has the member discount or not, in the active language."""
        values = {
            "organisation": self.organisation.name if self.organisation else "",
            "year": self.event.starts_on.year,
            "percent": f"{self.event.member_discount.normalize():f}",
        }
        texts = {
            DiscountReason.MEMBER: _(
                "%(organisation)s is a member in %(year)s: the member discount of %(percent)s%% applies."
            ),
            DiscountReason.NO_ORGANISATION: _(
                "This is the price for sponsors who are not members. Members whose rights are not suspended get "
                "%(percent)s%% off: sign in as the representative of a member to see its price."
            ),
            DiscountReason.NOT_MEMBER: _(
                "%(organisation)s holds no membership in %(year)s, the year of the event: the member discount "
                "does not apply."
            ),
            DiscountReason.SUSPENDED: _(
                "The rights of %(organisation)s are suspended (its membership fee is unpaid for six months): the "
                "member discount applies again once it pays."
            ),
            DiscountReason.NO_DISCOUNT: _("This event has no member discount."),
        }
        return texts[self.reason] % values


def taken_slots(activity: Activity) -> int:
    """Slots held by requests waiting for the secretariat or confirmed."""
    return activity.requests.filter(state__in=HOLDING_STATES).count()


def quote_for(activity: Activity, organisation: Organisation | None = None) -> Quote:
    """The quote of an activity for an organisation (``None``: a sponsor that is not known to be a member)."""
    event = activity.event
    discount = discount_for(event, organisation)
    amount, total = discounted(activity.price, discount.percent)
    today = timezone.localdate()
    valid_until = min(today + datetime.timedelta(days=QUOTE_VALID_DAYS), event.starts_on - datetime.timedelta(days=1))
    return Quote(
        activity=activity,
        organisation=organisation,
        list_price=activity.price,
        discount_percent=discount.percent,
        discount_amount=amount,
        total=total,
        currency=event.currency,
        slots=activity.slots,
        slots_left=max(activity.slots - taken_slots(activity), 0),
        issued_on=today,
        valid_until=max(valid_until, today),
        is_open=quotes_open(event, today),
        reason=discount.reason,
    )


@dataclass(frozen=True)
class SponsorChoice:
    organisation: Organisation
    discount: Discount


def sponsor_choices(user: Any, event: SponsoredEvent) -> list[SponsorChoice]:
    """The organisations the account represents, members first (the first is the default)."""
    organisations = Organisation.objects.filter(pk__in=scopes_of(user).organisations).order_by("name")
    choices = [SponsorChoice(organisation, discount_for(event, organisation)) for organisation in organisations]
    return sorted(choices, key=lambda choice: choice.discount.reason != DiscountReason.MEMBER)


# --- Lists --------------------------------------------------------------------------------------------------------


def upcoming_events() -> QuerySet[SponsoredEvent]:
    """Published events not yet over, soonest first, with how many activities they offer."""
    return (
        SponsoredEvent.objects.filter(is_published=True, ends_on__gte=timezone.localdate())
        .select_related("country")
        .annotate(activity_count=Count("activities"))
        .order_by("starts_on", "code")
    )


def event_detail(code: str) -> SponsoredEvent:
    """One event by its code (raises ``SponsoredEvent.DoesNotExist``); the caller checks who may see it."""
    return SponsoredEvent.objects.select_related("country", "meeting").get(code=code)


def with_taken(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("event").annotate(
        taken=Count("requests", filter=Q(requests__state__in=HOLDING_STATES))
    )


def activities_of(event: SponsoredEvent) -> QuerySet[Activity]:
    """The event's activities with the slots already taken (``taken``), in one query."""
    return with_taken(Activity.objects.filter(event=event)).order_by("kind", "price", "pk")


def activity_of(event: SponsoredEvent, pk: int) -> Activity:
    """An activity of the event (raises ``Activity.DoesNotExist``)."""
    return Activity.objects.select_related("event__country").get(event=event, pk=pk)


def _requests() -> QuerySet[SponsorshipRequest]:
    return SponsorshipRequest.objects.select_related("activity__event", "organisation", "requested_by", "decided_by")


def requests_of(user: Any) -> QuerySet[SponsorshipRequest]:
    """The requests of the organisations the account represents, newest first."""
    return _requests().filter(organisation_id__in=scopes_of(user).organisations)


def event_requests(event: SponsoredEvent, *, state: str = "") -> QuerySet[SponsorshipRequest]:
    """An event's requests for the secretariat: waiting ones first, then by date."""
    requests = _requests().filter(activity__event=event)
    if state:
        requests = requests.filter(state=state)
    waiting_first = Case(
        When(state=RequestState.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return requests.order_by(waiting_first, "-requested_at", "-pk")


def events_for_staff() -> QuerySet[SponsoredEvent]:
    """Every event, the latest first, with its waiting and confirmed requests counted."""
    return (
        SponsoredEvent.objects.annotate(
            waiting=Count("activities__requests", filter=Q(activities__requests__state=RequestState.REQUESTED)),
            confirmed=Count("activities__requests", filter=Q(activities__requests__state=RequestState.CONFIRMED)),
        )
        .select_related("country")
        .order_by("-starts_on", "code")
    )


# --- Revenue ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevenueLine:
    label: str
    year: int
    sponsorships: int
    amount: Decimal


@dataclass(frozen=True)
class CurrencyRevenue:
    currency: str
    total: Decimal
    sponsorships: int
    by_year: tuple[RevenueLine, ...]
    by_event: tuple[RevenueLine, ...]


@dataclass(frozen=True)
class Revenue:
    """Confirmed sponsorships counted by the year their event starts, per currency (never added across)."""

    year_from: int | None
    year_to: int | None
    currencies: tuple[CurrencyRevenue, ...]


def revenue_years() -> tuple[int, int] | None:
    """The first and last years of events with a confirmed sponsorship."""
    years = SponsorshipRequest.objects.filter(state=RequestState.CONFIRMED).aggregate(
        first=Min("activity__event__starts_on"), last=Max("activity__event__starts_on")
    )
    return (years["first"].year, years["last"].year) if years["first"] is not None else None


def revenue(*, year_from: int | None = None, year_to: int | None = None) -> Revenue:
    """Confirmed sponsorship revenue per event and per year, in each currency, in two queries and a third for
    the events' titles."""
    confirmed = SponsorshipRequest.objects.filter(state=RequestState.CONFIRMED).annotate(
        year=ExtractYear("activity__event__starts_on")
    )
    if year_from is not None:
        confirmed = confirmed.filter(year__gte=year_from)
    if year_to is not None:
        confirmed = confirmed.filter(year__lte=year_to)
    sums = {"sponsorships": Count("pk"), "amount": Sum("price")}
    per_year = confirmed.values("currency", "year").annotate(**sums).order_by("currency", "year")
    per_event = (
        confirmed.values("currency", "year", "activity__event_id")
        .annotate(**sums)
        .order_by("currency", "year", "activity__event__starts_on", "activity__event__code")
    )
    per_event_rows = list(per_event)
    events = SponsoredEvent.objects.in_bulk({row["activity__event_id"] for row in per_event_rows})
    years: dict[str, list[RevenueLine]] = defaultdict(list)
    by_event: dict[str, list[RevenueLine]] = defaultdict(list)
    for row in per_year:
        amount = Decimal(row["amount"]).quantize(CENT)
        years[row["currency"]].append(RevenueLine(str(row["year"]), row["year"], row["sponsorships"], amount))
    for row in per_event_rows:
        event = events[row["activity__event_id"]]
        label = f"{event.code} — {event.title}"
        amount = Decimal(row["amount"]).quantize(CENT)
        by_event[row["currency"]].append(RevenueLine(label, row["year"], row["sponsorships"], amount))
    currencies = tuple(
        CurrencyRevenue(
            currency=currency,
            total=sum((line.amount for line in lines), Decimal(0)),
            sponsorships=sum(line.sponsorships for line in lines),
            by_year=tuple(lines),
            by_event=tuple(by_event[currency]),
        )
        for currency, lines in sorted(years.items())
    )
    return Revenue(year_from=year_from, year_to=year_to, currencies=currencies)
