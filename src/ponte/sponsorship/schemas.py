"""Shapes of the sponsorship API (django-ninja). Money is an exact decimal string, with its currency.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime
from typing import Any

from ninja import Field, Schema

from ponte.sponsorship.models import SponsorshipRequest


class EventFields(Schema):
    code: str
    title: str = Field(..., description="In the language of the request (Accept-Language).")
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code.")
    currency: str
    member_discount: str = Field(..., description="Percent taken off for members, exact decimal string.")


class EventOut(EventFields):
    activities: int


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    description: str
    price: str = Field(..., description="Before any member discount, exact decimal string.")
    currency: str
    slots: int
    slots_left: int
    sold_out: bool


class MeetingRefOut(Schema):
    code: str
    title: str = Field(..., description="In the language of the request.")


class EventDetailOut(EventFields):
    published: bool = Field(..., description="Unpublished events are shown to the secretariat only.")
    open: bool = Field(..., description="Whether the event still takes sponsorship requests (until its eve).")
    meeting: MeetingRefOut | None = Field(None, description="The meeting the event is held with, if any.")
    activities: list[ActivityOut] = Field(..., description="Cheapest first within each kind, as on the page.")


class QuoteOut(Schema):
    activity: int
    event: str
    organisation: int | None
    list_price: str
    discount_percent: str
    discount_amount: str
    total: str = Field(..., description="What the sponsor pays, exact decimal string.")
    currency: str
    slots: int
    slots_left: int
    sold_out: bool
    issued_on: datetime.date
    valid_until: datetime.date
    open: bool = Field(..., description="Whether the event still takes sponsorship requests.")
    member_discount_applies: bool
    discount_reason: str = Field(..., description="member, no_organisation, not_member, suspended or no_discount.")
    explanation: str


class SponsorshipRequestOut(Schema):
    """A request as its sponsor follows it on "My sponsorships"."""

    reference: str
    state: str = Field(..., description="requested, confirmed, declined or withdrawn.")
    state_label: str = Field(..., description="In the language of the request.")
    event: str = Field(..., description="The event's code.")
    event_title: str = Field(..., description="In the language of the request.")
    activity: int = Field(..., description="The activity's number.")
    activity_name: str = Field(..., description="In the language of the request.")
    organisation: int = Field(..., description="The sponsor's number.")
    organisation_name: str
    requested_at: datetime.datetime
    list_price: str = Field(..., description="Quoted when it was requested, exact decimal string.")
    discount_percent: str = Field(..., description="Member discount granted, exact decimal string.")
    price: str = Field(..., description="What the sponsor owes, exact decimal string.")
    currency: str
    decided_at: datetime.datetime | None = Field(None, description="When the secretariat confirmed or declined it.")
    note: str = Field(..., description="The secretariat's note to the sponsor (empty when none).")

    @staticmethod
    def resolve_state_label(request: SponsorshipRequest) -> str:
        return str(request.get_state_display())

    @staticmethod
    def resolve_event(request: SponsorshipRequest) -> str:
        return request.activity.event.code

    @staticmethod
    def resolve_event_title(request: SponsorshipRequest) -> str:
        return request.activity.event.title

    @staticmethod
    def resolve_activity(request: SponsorshipRequest) -> int:
        return request.activity_id

    @staticmethod
    def resolve_activity_name(request: SponsorshipRequest) -> str:
        return request.activity.name

    @staticmethod
    def resolve_organisation(request: SponsorshipRequest) -> int:
        return request.organisation_id

    @staticmethod
    def resolve_organisation_name(request: SponsorshipRequest) -> str:
        return request.organisation.name

    @staticmethod
    def resolve_list_price(request: SponsorshipRequest) -> str:
        return str(request.list_price)

    @staticmethod
    def resolve_discount_percent(request: SponsorshipRequest) -> str:
        return str(request.discount_percent)

    @staticmethod
    def resolve_price(request: SponsorshipRequest) -> str:
        return str(request.price)


def _for_the_secretariat(context: Any) -> bool:
    return bool(context["request"].user.has_perm("sponsorship.view_requests"))


class SponsorshipRequestDetailOut(SponsorshipRequestOut):
    """A request with what the secretariat's page adds: who asked and their message."""

    requested_by: str | None = Field(
        None, description="Name (or email) of who asked: for the secretariat, null for the sponsor, as on the pages."
    )
    message: str | None = Field(
        None, description="The sponsor's message to the secretariat: for the secretariat, null for the sponsor."
    )

    @staticmethod
    def resolve_requested_by(request: SponsorshipRequest, context: Any) -> str | None:
        if not _for_the_secretariat(context):
            return None
        return request.requested_by.get_full_name() or request.requested_by.email

    @staticmethod
    def resolve_message(request: SponsorshipRequest, context: Any) -> str | None:
        return request.message if _for_the_secretariat(context) else None
