"""Reads of the meetings app: lists, a meeting's page, a person's registrations, interpretation requested."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ponte.core.models import Country, Organisation
from ponte.core.rules import scopes_of
from ponte.meetings.models import Attendance, Meeting, Registration, RegistrationMode, RegistrationState

ACTIVE = (RegistrationState.PENDING_PAYMENT, RegistrationState.CONFIRMED)


def meetings(*, sector: str = "", group: str = "", year: int | None = None, past: bool = False) -> QuerySet[Meeting]:
    """Meetings, upcoming first (or past ones, latest first), filtered by sector, group code and year."""
    today = timezone.localdate()
    result = Meeting.objects.select_related("group__sector", "country")
    if sector:
        result = result.filter(group__sector__code=sector)
    if group:
        result = result.filter(Q(group__code=group) | Q(group__parent__code=group))
    if year:
        result = result.filter(starts_on__year=year)
    if past:
        return result.filter(ends_on__lt=today).order_by("-starts_on", "code")
    return result.filter(ends_on__gte=today).order_by("starts_on", "code")


def meeting_detail(*, code: str) -> Meeting:
    return (
        Meeting.objects.select_related("group__sector", "country")
        .annotate(
            in_person=Count(
                "registrations",
                filter=Q(registrations__state__in=ACTIVE, registrations__mode=RegistrationMode.IN_PERSON),
            ),
            remote=Count(
                "registrations", filter=Q(registrations__state__in=ACTIVE, registrations__mode=RegistrationMode.REMOTE)
            ),
        )
        .get(code=code)
    )


@dataclass(frozen=True)
class InterpretationRequest:
    language: str
    offered: bool
    requested: int


def interpretation_requests(meeting: Meeting) -> list[InterpretationRequest]:
    """Participants asking for interpretation, per language: offered languages first, then others asked for."""
    counts = dict(
        meeting.registrations.filter(state__in=ACTIVE)
        .exclude(interpretation_language="")
        .values_list("interpretation_language")
        .annotate(count=Count("pk"))
        .values_list("interpretation_language", "count")
    )
    offered = list(meeting.interpretation_languages or [])
    languages = offered + sorted(code for code in counts if code not in offered)
    return [InterpretationRequest(code, code in offered, counts.get(code, 0)) for code in languages]


def registrations_of(*, user: Any) -> QuerySet[Registration]:
    """The user's own registrations and those they made for others."""
    return (
        Registration.objects.filter(Q(person__user=user) | Q(registered_by=user))
        .select_related("meeting__group__sector", "meeting__country", "person", "organisation", "delegation", "invoice")
        .order_by("-meeting__starts_on", "pk")
    )


@dataclass(frozen=True)
class RegistrationChoices:
    """On whose behalf a user may register people: organisations they represent, delegations they lead."""

    organisations: list[Organisation]
    delegations: list[Country]

    @property
    def any(self) -> bool:
        return bool(self.organisations or self.delegations)


def registration_choices(*, user: Any) -> RegistrationChoices:
    scopes = scopes_of(user)
    return RegistrationChoices(
        organisations=list(Organisation.objects.filter(pk__in=scopes.organisations, is_active=True).order_by("name")),
        delegations=list(Country.objects.filter(pk__in=scopes.countries).order_by("code")),
    )


def check_in_list(*, meeting: Meeting, day: Any, query: str = "") -> QuerySet[Registration]:
    """Confirmed registrations of a meeting with how each person is checked in on ``day`` (``present_as``)."""
    present = Attendance.objects.filter(meeting=meeting, person=OuterRef("person"), day=day).values("mode")[:1]
    registrations = (
        meeting.registrations.filter(state=RegistrationState.CONFIRMED)
        .select_related("person", "organisation", "delegation")
        .annotate(present_as=Subquery(present))
        .order_by("person__family_name", "person__given_name", "pk")
    )
    if query:
        registrations = registrations.filter(
            Q(person__family_name__icontains=query)
            | Q(person__given_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return registrations
