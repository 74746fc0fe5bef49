"""Records "My portal" gathers, straight in the database (each app's services are tested on their own)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ponte.core.models import Group, Organisation, Person, RoleKind, User
from ponte.meetings.models import Contribution, Fellowship, Meeting, Registration
from ponte.membership.models import Application, Invoice
from tests.factories import PersonFactory, country, group, with_role

_numbers = itertools.count(1)


def person_of(user: User) -> Person:
    """The account's person (made once)."""
    found = Person.objects.filter(user=user).first()
    return found or PersonFactory(user=user, email=user.email)


def meeting(target: Group | None = None, *, weeks_ahead: int = 4, title: str = "", **fields: Any) -> Meeting:
    number = next(_numbers)
    starts = timezone.localdate() + datetime.timedelta(weeks=weeks_ahead)
    target = target or group("ITU-T", "SG16")
    return Meeting.objects.create(
        code=f"T-{target.code}-{number}",
        group=target,
        title_en=title or f"{target.code} meeting {number}",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=2),
        country=country("CHE"),
        city="Geneva",
        **fields,
    )


def registration(user: User, at: Meeting, organisation: Organisation, *, state: str = "confirmed") -> Registration:
    return Registration.objects.create(
        meeting=at,
        person=person_of(user),
        organisation=organisation,
        basis="sme_programme",
        mode="remote",
        state=state,
        registered_by=user,
    )


def invoice(organisation: Organisation, *, state: str = "issued", total: str = "1500.00", days: int = 30) -> Invoice:
    today = timezone.localdate()
    return Invoice.objects.create(
        number=f"PON-{today.year}-{next(_numbers):05d}",
        organisation=organisation,
        issued_on=today,
        due_on=today + datetime.timedelta(days=days),
        total=Decimal(total),
        state=state,
    )


def application(organisation: Organisation, *, state: str = "draft") -> Application:
    submitted = timezone.now() if state == "submitted" else None
    return Application.objects.create(
        organisation=organisation, kind="participation", state=state, submitted_at=submitted
    )


def contribution(organisation: Organisation, *, by: User, target: Group | None = None) -> Contribution:
    made = Contribution.objects.create(
        number=f"SG16-C{next(_numbers)}",
        title="Accessibility of IPTV remote controls",
        group=target or group("ITU-T", "SG16"),
        file="contributions/test.pdf",
        size=100,
        content_type="application/pdf",
        submitted_by=by,
    )
    made.sources.add(organisation)
    return made


def fellowship(person: Person, at: Meeting, *, alpha3: str = "SEN", state: str = "nominated") -> Fellowship:
    return Fellowship.objects.create(
        meeting=at,
        person=person,
        country=country(alpha3),
        state=state,
        nominated_by=with_role(RoleKind.FOCAL_POINT, country=country(alpha3)),
    )
