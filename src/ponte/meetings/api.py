"""Meetings API: the public list and pages of meetings, and the caller's own registrations.

No ``from __future__ import annotations``: ninja reads the parameter types at
runtime, and a paginated view's string annotations would not resolve.
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ponte.core.pagination import LimitOffsetPagination
from ponte.meetings import selectors
from ponte.meetings.models import Meeting, Registration
from ponte.tokens.auth import session_or_token

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    code: str
    sector: str
    group: str
    title: str = Field(..., description="In the language of the request.")
    starts_on: datetime.date
    ends_on: datetime.date
    country: str | None = Field(None, description="ISO 3166 alpha-3, none when fully virtual.")
    city: str
    is_virtual: bool
    is_hybrid: bool
    registration_deadline: datetime.date | None
    capacity: int | None
    interpretation_languages: list[str]

    @staticmethod
    def resolve_sector(meeting: Meeting) -> str:
        return meeting.group.sector.code

    @staticmethod
    def resolve_group(meeting: Meeting) -> str:
        return meeting.group.code

    @staticmethod
    def resolve_country(meeting: Meeting) -> str | None:
        return meeting.country.alpha3 if meeting.country else None


class MeetingDetailOut(MeetingOut):
    registered_in_person: int
    registered_remote: int

    @staticmethod
    def resolve_registered_in_person(meeting: Meeting) -> int:
        return int(meeting.in_person)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_registered_remote(meeting: Meeting) -> int:
        return int(meeting.remote)  # type: ignore[attr-defined]


class MeetingFilter(Schema):
    sector: str = Field("", max_length=16)
    group: str = Field("", max_length=32)
    year: int | None = Field(None, ge=1865, le=2200, description="Year the meeting starts (ITU: since 1865).")
    past: bool = False


@router.get("/", response=list[MeetingOut])
@paginate(LimitOffsetPagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> Any:
    """Upcoming meetings (or past ones with ``past=true``), filtered by sector, group code and year. Limit and
    offset: a few hundred meetings a year."""
    return selectors.meetings(**filters.dict())


@router.get("/{code}", response=MeetingDetailOut)
def get_meeting(request: HttpRequest, code: str) -> Any:
    try:
        return selectors.meeting_detail(code=code)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


class RegistrationOut(Schema):
    id: int
    meeting: str
    person: str
    organisation: str | None
    delegation: str | None
    basis: str
    mode: str
    interpretation_language: str
    state: str
    invoice: str | None

    @staticmethod
    def resolve_meeting(registration: Registration) -> str:
        return registration.meeting.code

    @staticmethod
    def resolve_person(registration: Registration) -> str:
        return registration.person.full_name

    @staticmethod
    def resolve_organisation(registration: Registration) -> str | None:
        return registration.organisation.name if registration.organisation else None

    @staticmethod
    def resolve_delegation(registration: Registration) -> str | None:
        return registration.delegation.alpha3 if registration.delegation else None

    @staticmethod
    def resolve_invoice(registration: Registration) -> str | None:
        return registration.invoice.number if registration.invoice else None


@router.get("/registrations/mine", response=list[RegistrationOut], auth=session_or_token)
@paginate(LimitOffsetPagination)
def my_registrations(request: HttpRequest) -> Any:
    """The caller's own registrations and those they made for others. Limit and offset: one account's."""
    return selectors.registrations_of(user=request.user)
