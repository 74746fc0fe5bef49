"""Meetings own registrations: who takes part in which meeting, as what, in the room or remotely.

Registering locks the meeting's row, so the deadline and the room's seats hold
when many register at once: the last seat goes to one person, the next is told
the room is full. As what a person takes part comes from
``membership.rights.meeting_basis``; a pay-as-you-go registration gets an
invoice and stays pending until it is paid (``confirm_paid_registrations``,
called when the invoice is paid). Confirmations are emailed after commit with
the meeting as an iCalendar attachment.
"""

from __future__ import annotations

import datetime
import secrets
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Affiliation, Country, Organisation, OrganisationCategory, Person
from ponte.meetings.models import (
    Attendance,
    CalendarFeed,
    DelegateCategory,
    Meeting,
    Registration,
    RegistrationMode,
    RegistrationState,
)
from ponte.membership import services as billing
from ponte.membership.models import Invoice
from ponte.membership.rights import ParticipationBasis, meeting_basis

ACTIVE_STATES = (RegistrationState.PENDING_PAYMENT, RegistrationState.CONFIRMED)


def _check_meeting(meeting: Meeting, mode: str, interpretation_language: str) -> None:
    today = timezone.localdate()
    closes = meeting.registration_deadline or meeting.ends_on
    if today > closes:
        raise ValidationError(_("Registration for this meeting is closed."), code="closed")
    if mode == RegistrationMode.IN_PERSON and not meeting.has_room:
        raise ValidationError({"mode": _("This meeting is fully virtual: take part remotely.")}, code="virtual")
    if mode == RegistrationMode.REMOTE and not meeting.offers_remote:
        raise ValidationError({"mode": _("This meeting offers no remote participation.")}, code="no_remote")
    if interpretation_language and interpretation_language not in meeting.interpretation_languages:
        raise ValidationError(
            {"interpretation_language": _("Interpretation is not offered in this language at this meeting.")},
            code="no_interpretation",
        )


def _check_seat(meeting: Meeting, mode: str) -> None:
    if mode != RegistrationMode.IN_PERSON or not meeting.capacity:
        return
    taken = meeting.registrations.filter(mode=RegistrationMode.IN_PERSON, state__in=ACTIVE_STATES).count()
    if taken >= meeting.capacity:
        raise ValidationError(
            {"mode": _("The room is full. You may still take part remotely.")}
            if meeting.offers_remote
            else _("The room is full."),
            code="full",
        )


def _check_person(actor: Any, person: Person, organisation: Organisation | None) -> None:
    """On behalf of an organisation, a representative registers its own people (or themself)."""
    if organisation is None or person.user_id == actor.pk:
        return
    affiliated = Affiliation.objects.filter(person=person, organisation=organisation, ended_on__isnull=True).exists()
    if not affiliated:
        message = _("%(person)s is not recorded as working for %(organisation)s.") % {
            "person": person.full_name,
            "organisation": organisation.name,
        }
        raise ValidationError({"person": message}, code="not_affiliated")


@transaction.atomic
def register(
    *,
    actor: Any,
    meeting: Meeting,
    person: Person,
    mode: str,
    interpretation_language: str = "",
    organisation: Organisation | None = None,
    delegation: Country | None = None,
) -> Registration:
    """Register a person for a meeting on behalf of an organisation, or in a Member State's national delegation."""
    if (organisation is None) == (delegation is None):
        raise ValidationError(_("Register either for an organisation or in a national delegation."), code="basis")
    if organisation is not None:
        _require(actor, "meetings.register_for_organisation", organisation)
        _check_person(actor, person, organisation)
        basis = meeting_basis(organisation, meeting.group, meeting.starts_on.year)
    else:
        _require(actor, "meetings.register_in_delegation", delegation)
        basis = ParticipationBasis.DELEGATION
    meeting = Meeting.objects.select_for_update().select_related("group__sector").get(pk=meeting.pk)
    _check_meeting(meeting, mode, interpretation_language)
    if Registration.objects.filter(meeting=meeting, person=person, state__in=ACTIVE_STATES).exists():
        raise ValidationError(
            _("%(person)s is already registered for this meeting.") % {"person": person.full_name},
            code="already_registered",
        )
    _check_seat(meeting, mode)
    registration = Registration(
        meeting=meeting,
        person=person,
        organisation=organisation,
        delegation=delegation,
        basis=basis,
        mode=mode,
        interpretation_language=interpretation_language,
        state=RegistrationState.CONFIRMED,
        registered_by=actor,
    )
    if basis == ParticipationBasis.PAY_AS_YOU_GO and organisation is not None:
        registration.invoice = billing.bill_meeting_days(
            actor=actor,
            organisation=organisation,
            subject=f"{meeting.code}, {meeting.group}",
            days=meeting.days,
            held_on=meeting.starts_on,
        )
        if registration.invoice.state != "paid":
            registration.state = RegistrationState.PENDING_PAYMENT
    _save(registration, "meetings.registration.created", actor)
    _notify(registration)
    return registration


@transaction.atomic
def cancel_registration(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration: its seat is free again and an unpaid pay-as-you-go invoice is withdrawn."""
    registration = Registration.objects.select_for_update().select_related("person", "meeting").get(pk=registration.pk)
    _require(actor, "meetings.cancel_registration", registration)
    if registration.state == RegistrationState.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="already_cancelled")
    registration.state = RegistrationState.CANCELLED
    registration.cancelled_at = timezone.now()
    _save(registration, "meetings.registration.cancelled", actor)
    if registration.invoice is not None:
        billing.withdraw_invoice(
            actor=actor, invoice=registration.invoice, reason=f"Registration for {registration.meeting.code} cancelled"
        )
    return registration


def confirm_paid_registrations(*, invoice: Invoice, actor: Any) -> list[Registration]:
    """Confirm the registrations that waited for this invoice (called inside the payment's transaction)."""
    confirmed = []
    pending = Registration.objects.select_for_update().filter(invoice=invoice, state=RegistrationState.PENDING_PAYMENT)
    for registration in pending.select_related("person", "meeting"):
        registration.state = RegistrationState.CONFIRMED
        _save(registration, "meetings.registration.confirmed", actor)
        _notify(registration)
        confirmed.append(registration)
    return confirmed


def _notify(registration: Registration) -> None:
    from ponte.core.models import EmailKind
    from ponte.core.notifications import queue
    from ponte.meetings.tasks import send_registration_email

    person = registration.person
    email = person.email or (person.user.email if person.user is not None else "")
    if email:
        transaction.on_commit(
            partial(
                queue,
                send_registration_email,
                recipient=person.user,
                kind=EmailKind.DECISIONS,
                registration_id=registration.pk,
                to=email,
                language=person.language,
            )
        )


CATEGORY_OF_ORGANISATION = {
    OrganisationCategory.ADMINISTRATION: DelegateCategory.MEMBER_STATE,
    OrganisationCategory.SECTOR_MEMBER: DelegateCategory.SECTOR_MEMBER,
    OrganisationCategory.ASSOCIATE: DelegateCategory.ASSOCIATE,
    OrganisationCategory.ACADEMIA: DelegateCategory.ACADEMIA,
    OrganisationCategory.SME: DelegateCategory.SME,
    OrganisationCategory.SME_ASSOCIATION: DelegateCategory.SME_ASSOCIATION,
}


def delegate_category(registration: Registration) -> str:
    """The category attendance lists record: a national delegation counts as its Member State."""
    if registration.delegation_id is not None or registration.organisation is None:
        return DelegateCategory.MEMBER_STATE
    return CATEGORY_OF_ORGANISATION.get(
        OrganisationCategory(registration.organisation.category), DelegateCategory.OTHER
    )


@transaction.atomic
def record_attendance(*, actor: Any, registration: Registration, day: datetime.date, mode: str) -> Attendance:
    """The secretariat's check-in: a registered person is present on a day, in the room or remotely."""
    _require(actor, "meetings.record_attendance", registration.meeting)
    if registration.state != RegistrationState.CONFIRMED:
        raise ValidationError(_("Only a confirmed registration can be checked in."), code="not_confirmed")
    attendance = Attendance.objects.filter(meeting=registration.meeting, person=registration.person, day=day).first()
    if attendance is not None and attendance.mode == mode:
        return attendance
    organisation = registration.organisation
    attendance = attendance or Attendance(
        meeting=registration.meeting,
        person=registration.person,
        day=day,
        organisation=organisation,
        delegation=registration.delegation or (organisation.country if organisation else None),
        category=delegate_category(registration),
        recorded_by=actor,
    )
    attendance.mode = mode
    _save(attendance, "meetings.attendance.recorded", actor)
    return attendance


def reset_calendar_feed(*, actor: Any) -> CalendarFeed:
    """Give the account a new secret calendar address (the previous one stops working)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("meetings.calendar_feed")
    feed, _created = CalendarFeed.objects.update_or_create(user=actor, defaults={"token": secrets.token_urlsafe(32)})
    return feed
