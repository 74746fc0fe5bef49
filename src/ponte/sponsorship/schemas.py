"""Shapes of the sponsorship API (django-ninja). Money is an exact decimal string, with its currency."""

import datetime

from ninja import Field, Schema


class EventOut(Schema):
    code: str
    title: str = Field(..., description="In the language of the request (Accept-Language).")
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code.")
    currency: str
    member_discount: str = Field(..., description="Percent taken off for members, exact decimal string.")
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
