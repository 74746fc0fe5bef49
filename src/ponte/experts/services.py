"""The experts app owns innovation capacity building: workshops and forums, who took part and was trained, and the
certificates of the experts certified after them (issued, and revoked with a reason).

Every write is here: keyword-only arguments, permission through ``rules`` first, ``ValidationError`` (with the
argument's name as field, and a code) or ``PermissionDenied`` on refusal, nothing half-saved, history with the
acting user and a namespaced reason (``experts.certificate.revoked``).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core import services as core_services
from ponte.core import translated
from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Country, Person
from ponte.experts.models import (
    CERTIFICATE_PREFIX,
    Certificate,
    CertificateSequence,
    Participation,
    Workshop,
    WorkshopKind,
)
from ponte.experts.rules import forget_certification
from ponte.partnerships.models import Partner

TRANSLATED_FIELDS = ("title", "description")
TEXT_LIMITS = {"title": 300, "description": 5000}
# Readable and unambiguous on paper: no 0/O, 1/I/L.
CHECK_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECK_LENGTH = 4
DEFAULT_VALIDITY_YEARS = 3
MAX_VALIDITY_YEARS = 10


_invalid = translated.invalid


def text_field_names() -> list[str]:
    """``title_en``, ``title_fr``…: the keys ``texts`` may hold."""
    return translated.text_field_names(TRANSLATED_FIELDS)


# --- Workshops --------------------------------------------------------------------------------------------------


def _clean_texts(texts: Mapping[str, str | None]) -> dict[str, str]:
    return translated.clean_texts(
        texts, limits=TEXT_LIMITS, required=("title",), unknown=_("This is not a text of a workshop.")
    )


def _apply_workshop(
    workshop: Workshop,
    *,
    kind: str,
    texts: Mapping[str, str | None],
    starts_on: datetime.date,
    ends_on: datetime.date,
    city: str,
    country: Country,
    other_partners: str,
) -> None:
    if kind not in WorkshopKind.values:
        raise _invalid("kind", _("Choose a workshop or a forum."), "kind")
    for name, value in _clean_texts(texts).items():
        setattr(workshop, name, value)
    if not (city or "").strip():
        raise _invalid("city", _("Say in which city it takes place."), "required")
    workshop.kind = kind
    workshop.starts_on, workshop.ends_on = starts_on, ends_on
    workshop.city = city.strip()
    workshop.country = country
    workshop.other_partners = "; ".join(name.strip() for name in (other_partners or "").split(";") if name.strip())


@transaction.atomic
def create_workshop(
    *,
    actor: Any,
    kind: str,
    texts: Mapping[str, str | None],
    starts_on: datetime.date,
    ends_on: datetime.date,
    city: str,
    country: Country,
    partners: Iterable[Partner] = (),
    other_partners: str = "",
) -> Workshop:
    """Record a workshop or forum (titles in up to six languages, English required)."""
    _require(actor, "experts.manage_workshops")
    workshop = Workshop(created_by=actor)
    _apply_workshop(
        workshop, kind=kind, texts=texts, starts_on=starts_on, ends_on=ends_on, city=city, country=country,
        other_partners=other_partners,
    )  # fmt: skip
    _save(workshop, "experts.workshop.created", actor)
    workshop.partners.set(list(partners))
    return workshop


@transaction.atomic
def update_workshop(
    *,
    actor: Any,
    workshop: Workshop,
    kind: str,
    texts: Mapping[str, str | None],
    starts_on: datetime.date,
    ends_on: datetime.date,
    city: str,
    country: Country,
    partners: Iterable[Partner] = (),
    other_partners: str = "",
) -> Workshop:
    """Correct a workshop's texts, dates, place or partners."""
    _require(actor, "experts.manage_workshops")
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _apply_workshop(
        workshop, kind=kind, texts=texts, starts_on=starts_on, ends_on=ends_on, city=city, country=country,
        other_partners=other_partners,
    )  # fmt: skip
    _save(workshop, "experts.workshop.changed", actor)
    workshop.partners.set(list(partners))
    return workshop


# --- Participants -----------------------------------------------------------------------------------------------


@transaction.atomic
def add_participant(
    *, actor: Any, workshop: Workshop, person: Person, country: Country | None = None, trained: bool = False
) -> Participation:
    """Record that a person took part (for their own country unless another is given), trained or not yet."""
    _require(actor, "experts.manage_workshops")
    country = country or person.country
    if country is None:
        raise _invalid("country", _("Say which country the participant came from."), "required")
    if Participation.objects.filter(workshop=workshop, person=person).exists():
        raise _invalid("person", _("This person is already recorded as a participant."), "duplicate")
    participation = Participation(workshop=workshop, person=person, country=country, trained=trained)
    _save(participation, "experts.participation.added", actor)
    return participation


@transaction.atomic
def add_new_participant(
    *,
    actor: Any,
    workshop: Workshop,
    given_name: str,
    family_name: str,
    country: Country,
    email: str = "",
    trained: bool = False,
) -> Participation:
    """Record a participant who is not known to the platform yet: the person first, then the participation."""
    _require(actor, "experts.manage_workshops")
    email = (email or "").strip().lower()
    if not (given_name or "").strip():
        raise _invalid("given_name", _("Write the participant's given name."), "required")
    if email and Person.objects.filter(email__iexact=email).exists():
        raise _invalid(
            "email", _("A person with this email is already known: choose them in the list instead."), "duplicate"
        )
    person = core_services.create_person(
        actor=actor, given_name=given_name.strip(), family_name=(family_name or "").strip(), email=email,
        country=country,
    )  # fmt: skip
    return add_participant(actor=actor, workshop=workshop, person=person, country=country, trained=trained)


@transaction.atomic
def set_trained(*, actor: Any, participation: Participation, trained: bool) -> Participation:
    """Mark a participant as having completed the training (or correct it)."""
    _require(actor, "experts.manage_workshops")
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.trained != trained:
        if (
            not trained
            and Certificate.objects.filter(
                workshop=participation.workshop, person=participation.person, revoked_on__isnull=True
            ).exists()
        ):
            raise _invalid(
                "trained",
                _("A certificate was issued after this training: revoke it before undoing the training."),
                "certified",
            )
        participation.trained = trained
        _save(participation, "experts.participation.trained" if trained else "experts.participation.untrained", actor)
    return participation


# --- Certificates -----------------------------------------------------------------------------------------------


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_expiry(issued_on: datetime.date) -> datetime.date:
    """The last valid day of a certificate issued on ``issued_on`` (three years, the day before the anniversary)."""
    return _add_years(issued_on, DEFAULT_VALIDITY_YEARS) - datetime.timedelta(days=1)


def _new_number(year: int) -> str:
    check = "".join(secrets.choice(CHECK_ALPHABET) for _ in range(CHECK_LENGTH))
    return f"{CERTIFICATE_PREFIX}-{year}-{CertificateSequence.take_next(year):04d}-{check}"


def normalise_number(number: str) -> str:
    """A number as typed (spaces, lower case, en dashes) in the form it is stored."""
    cleaned = "".join((number or "").split()).upper()
    return cleaned.replace("\u2013", "-").replace("\u2014", "-")[:40]  # en and em dashes


@transaction.atomic
def issue_certificate(
    *,
    actor: Any,
    person: Person,
    issued_on: datetime.date,
    expires_on: datetime.date | None = None,
    workshop: Workshop | None = None,
) -> Certificate:
    """Certify a person trained at a workshop: a new number, valid from ``issued_on`` to ``expires_on`` (three
    years by default). A person may hold several certificates over time (a renewal is a new one)."""
    _require(actor, "experts.manage_certificates")
    trained = Participation.objects.filter(person=person, trained=True)
    if workshop is not None:
        trained = trained.filter(workshop=workshop)
    if not trained.exists():
        message = (
            _("This person did not complete the training of this workshop.")
            if workshop is not None
            else _("Only a person who completed the training of a workshop can be certified.")
        )
        raise _invalid("person", message, "not_trained")
    if workshop is not None and issued_on < workshop.ends_on:
        raise _invalid("issued_on", _("A certificate is issued after the workshop ends."), "before_workshop")
    if issued_on > timezone.localdate():
        raise _invalid("issued_on", _("A certificate cannot be issued in the future."), "future")
    expires_on = expires_on or default_expiry(issued_on)
    if expires_on < issued_on:
        raise _invalid("expires_on", _("A certificate cannot expire before it is issued."), "dates")
    if expires_on > _add_years(issued_on, MAX_VALIDITY_YEARS):
        limit = _("A certificate is valid for at most %(years)s years.") % {"years": MAX_VALIDITY_YEARS}
        raise _invalid("expires_on", limit, "too_long")
    certificate = Certificate(
        person=person,
        number=_new_number(issued_on.year),
        issued_on=issued_on,
        expires_on=expires_on,
        workshop=workshop,
        issued_by=actor,
    )
    _save(certificate, "experts.certificate.issued", actor)
    if person.user is not None:
        forget_certification(person.user)
    return certificate


@transaction.atomic
def revoke_certificate(
    *, actor: Any, certificate: Certificate, reason: str, revoked_on: datetime.date | None = None
) -> Certificate:
    """Withdraw a certificate, saying why; from ``revoked_on`` (today by default) it is no longer valid."""
    _require(actor, "experts.manage_certificates")
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related("person").get(pk=certificate.pk)
    if certificate.revoked_on is not None:
        raise _invalid("reason", _("This certificate is already revoked."), "already_revoked")
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the certificate is revoked."), "required")
    today = timezone.localdate()
    revoked_on = revoked_on or today
    if revoked_on > today:
        raise _invalid("revoked_on", _("A revocation cannot be dated in the future."), "future")
    if revoked_on < certificate.issued_on:
        raise _invalid("revoked_on", _("A certificate cannot be revoked before it was issued."), "before_issue")
    certificate.revoked_on = revoked_on
    certificate.revocation_reason = reason
    certificate.revoked_by = actor
    _save(certificate, "experts.certificate.revoked", actor)
    if certificate.person.user is not None:
        forget_certification(certificate.person.user)
    return certificate
