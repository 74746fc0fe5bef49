"""Workshops, trained people and certificates for the tests, straight in the database (the services are tested on
their own)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from ponte.core.models import Person, RoleKind, User
from ponte.experts.models import Certificate, Participation, Workshop
from tests.factories import PersonFactory, UserFactory, country, with_role

_counter = {"certificate": 0}


def workshop(title: str = "Bridging the digital innovation divide", *, alpha3: str = "SVN", **fields: Any) -> Workshop:
    starts_on = fields.pop("starts_on", datetime.date(2017, 9, 12))
    return Workshop.objects.create(
        title_en=title,
        starts_on=starts_on,
        ends_on=fields.pop("ends_on", starts_on + datetime.timedelta(days=1)),
        city=fields.pop("city", "Ljubljana"),
        country=country(alpha3),
        created_by=fields.pop("created_by", None) or with_role(RoleKind.SECRETARIAT),
        **fields,
    )


def trained(person: Person, at: Workshop, *, alpha3: str | None = None, done: bool = True) -> Participation:
    came_from = country(alpha3) if alpha3 else person.country
    assert came_from is not None
    return Participation.objects.create(workshop=at, person=person, country=came_from, trained=done)


def certificate(
    person: Person,
    *,
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    revoked_on: datetime.date | None = None,
    at: Workshop | None = None,
) -> Certificate:
    """A certificate valid from a year ago for three years unless told otherwise."""
    today = timezone.localdate()
    issued_on = issued_on or today - datetime.timedelta(days=365)
    _counter["certificate"] += 1
    return Certificate.objects.create(
        person=person,
        number=f"ITU-INN-{issued_on.year}-{_counter['certificate']:04d}-TEST",
        issued_on=issued_on,
        expires_on=expires_on or issued_on + datetime.timedelta(days=3 * 365),
        revoked_on=revoked_on,
        revocation_reason="Withdrawn in a test." if revoked_on else "",
        workshop=at,
        issued_by=with_role(RoleKind.SECRETARIAT),
    )


def expert_account(alpha3: str = "MKD", **certificate_fields: Any) -> User:
    """A signed-up account whose person (of ``alpha3``) holds a certificate (valid today unless told otherwise)."""
    user: User = UserFactory()
    person = PersonFactory(user=user, country=country(alpha3), given_name="Ana", family_name=f"Expert {alpha3}")
    certificate(person, **certificate_fields)
    return user
