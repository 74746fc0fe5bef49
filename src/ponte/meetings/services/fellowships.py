"""Meetings own fellowships: travel grants to delegates of developing countries, within a meeting's budget.

A country's focal point nominates candidates (``nominate_fellow``); the
secretariat awards a full or a partial fellowship, or declines
(``award_fellowship``, ``decline_fellowship``). The rules, in one place:

- Only developing countries are eligible (LDC, SIDS and LLDC are developing
  countries and come first on the secretariat's list, see
  ``selectors.fellowships``); a fully virtual meeting, or one without a
  fellowship budget, offers none.
- Nominations close after the meeting's registration deadline, or, without
  one, on the meeting's first day. A person is nominated once per meeting
  (whatever became of the nomination: the model's constraint).
- The amount is ticket + daily allowance x days, in CHF. A **full** fellowship
  pays a ticket and a daily allowance for every day of the meeting (more days
  allowed for travel, at most two); a **partial** one pays only the ticket, only
  the allowance, or the allowance for fewer days than the meeting lasts.
- Per country and meeting: one full fellowship, or at most two partial ones
  (checked when awarding, so a country may nominate more candidates than it
  can be granted).
- Awarding locks the meeting's row: the awarded amounts never exceed the
  meeting's fellowship budget, even when two staff members award at once.
- The BSG fund pays: an award records a disbursement of the fund in the same
  transaction (``ponte.funds.services.charge_fellowship``), charged to the
  source the secretariat chooses (by default the one with the most money), and
  is refused when that source cannot cover it.

Decisions are emailed, after commit, to the candidate and to the focal point
who nominated them, each in their own language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Country, Person
from ponte.funds.services import charge_fellowship
from ponte.meetings.models import Fellowship, FellowshipKind, FellowshipState, Meeting
from ponte.meetings.selectors.fellowships import awarded_total

CENT = Decimal("0.01")
TRAVEL_DAYS = 2
PARTIALS_PER_COUNTRY = 2


def _field_error(field: str, message: Any, code: str) -> ValidationError:
    """An error shown at a field of the form, with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def nominations_close_on(meeting: Meeting) -> datetime.date:
    """The last day a focal point may nominate: the registration deadline, or the day before the meeting."""
    return meeting.registration_deadline or meeting.starts_on - datetime.timedelta(days=1)


def is_eligible(country: Country) -> bool:
    """Fellowships go to developing countries (LDC, SIDS and LLDC included)."""
    return country.is_developing or country.is_ldc or country.is_sids or country.is_lldc


def _check_nomination(meeting: Meeting, person: Person, country: Country) -> None:
    if not is_eligible(country):
        message = _("%(country)s is not a developing country: it is not eligible for fellowships.")
        raise _field_error("country", message % {"country": country.name}, "not_eligible")
    if person.country_id is not None and person.country_id != country.pk:
        message = _("%(person)s is recorded as from another country than %(country)s.")
        raise _field_error("person", message % {"person": person.full_name, "country": country.name}, "other_country")
    if meeting.is_virtual:
        raise ValidationError(_("This meeting is fully virtual: it offers no travel fellowships."), code="virtual")
    if meeting.fellowship_budget <= 0:
        raise ValidationError(_("This meeting has no fellowship budget."), code="no_budget")
    if timezone.localdate() > nominations_close_on(meeting):
        raise ValidationError(_("Nominations for this meeting are closed."), code="closed")
    if Fellowship.objects.filter(meeting=meeting, person=person).exists():
        message = _("%(person)s is already nominated for this meeting.")
        raise _field_error("person", message % {"person": person.full_name}, "already_nominated")


@transaction.atomic
def nominate_fellow(
    *, actor: Any, meeting: Meeting, person: Person, country: Country, motivation: str = ""
) -> Fellowship:
    """A focal point nominates a person of its (developing) country for a fellowship to a meeting."""
    _require(actor, "meetings.nominate_fellow", country)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_nomination(meeting, person, country)
    fellowship = Fellowship(
        meeting=meeting,
        person=person,
        country=country,
        state=FellowshipState.NOMINATED,
        motivation=motivation.strip(),
        nominated_by=actor,
    )
    _save(fellowship, "meetings.fellowship.nominated", actor)
    return fellowship


def _amount(ticket: Decimal, daily_allowance: Decimal, days: int) -> Decimal:
    errors: dict[str, Any] = {}
    if ticket < 0:
        errors["ticket"] = ValidationError(_("The ticket cannot be negative."), code="negative")
    if daily_allowance < 0:
        errors["daily_allowance"] = ValidationError(_("The daily allowance cannot be negative."), code="negative")
    if days < 0:
        errors["days"] = ValidationError(_("The number of days cannot be negative."), code="negative")
    if errors:
        raise ValidationError(errors)
    if (daily_allowance > 0) != (days > 0):
        message = _("Give both the daily allowance and its number of days, or neither.")
        raise _field_error("days", message, "allowance_days")
    amount = (ticket + daily_allowance * days).quantize(CENT)
    if amount <= 0:
        raise _field_error("ticket", _("Award a ticket, a daily allowance, or both."), "nothing")
    return amount


def _check_kind(meeting: Meeting, kind: str, ticket: Decimal, daily_allowance: Decimal, days: int) -> None:
    if kind not in FellowshipKind.values:
        raise _field_error("kind", _("Choose a full or a partial fellowship."), "kind")
    if days > meeting.days + TRAVEL_DAYS:
        message = _("At most %(days)s days: the meeting's days and two days of travel.")
        raise _field_error("days", message % {"days": meeting.days + TRAVEL_DAYS}, "too_many_days")
    is_full = ticket > 0 and daily_allowance > 0 and days >= meeting.days
    if kind == FellowshipKind.FULL and not is_full:
        message = _("A full fellowship pays the ticket and the daily allowance for all %(days)s days of the meeting.")
        raise _field_error("kind", message % {"days": meeting.days}, "not_full")
    if kind == FellowshipKind.PARTIAL and is_full:
        raise _field_error(
            "kind", _("This pays the ticket and every day of the meeting: it is a full fellowship."), "not_partial"
        )


def _check_country_quota(fellowship: Fellowship, kind: str) -> None:
    """Per country and meeting: one full fellowship, or at most two partial ones."""
    awarded = list(
        Fellowship.objects.filter(
            meeting_id=fellowship.meeting_id, country_id=fellowship.country_id, state=FellowshipState.AWARDED
        )
        .exclude(pk=fellowship.pk)
        .values_list("kind", flat=True)
    )
    country = fellowship.country.name
    if FellowshipKind.FULL in awarded:
        message = _("%(country)s already has a full fellowship for this meeting.")
    elif kind == FellowshipKind.FULL and awarded:
        message = _("%(country)s already has a partial fellowship for this meeting: only another partial one fits.")
    elif len(awarded) >= PARTIALS_PER_COUNTRY:
        message = _("%(country)s already has two partial fellowships for this meeting.")
    else:
        return
    raise _field_error("kind", message % {"country": country}, "country_quota")


def _check_budget(meeting: Meeting, amount: Decimal) -> None:
    left = meeting.fellowship_budget - awarded_total(meeting)
    if amount > left:
        message = _("This fellowship (CHF %(amount)s) exceeds what is left of the budget: CHF %(left)s.")
        raise ValidationError(message % {"amount": amount, "left": max(left, Decimal(0))}, code="over_budget")


def _locked_nomination(fellowship: Fellowship) -> Fellowship:
    locked = Fellowship.objects.select_for_update().select_related("country", "person").get(pk=fellowship.pk)
    if locked.state != FellowshipState.NOMINATED:
        raise ValidationError(_("This nomination has already been decided."), code="already_decided")
    return locked


@transaction.atomic
def award_fellowship(
    *,
    actor: Any,
    fellowship: Fellowship,
    kind: str,
    ticket: Decimal,
    daily_allowance: Decimal,
    days: int,
    note: str = "",
    source: str | None = None,
) -> Fellowship:
    """The secretariat awards a full or partial fellowship, within the meeting's budget, paid by the BSG fund from
    ``source`` (by default the source with the most money available)."""
    _require(actor, "meetings.decide_fellowship", fellowship.meeting)
    # The meeting's row first: awards of one meeting queue here, so the budget check sees every earlier award.
    meeting = Meeting.objects.select_for_update().get(pk=fellowship.meeting_id)
    fellowship = _locked_nomination(fellowship)
    amount = _amount(Decimal(ticket), Decimal(daily_allowance), int(days))
    _check_kind(meeting, kind, Decimal(ticket), Decimal(daily_allowance), int(days))
    _check_country_quota(fellowship, kind)
    _check_budget(meeting, amount)
    fellowship.state = FellowshipState.AWARDED
    fellowship.kind = kind
    fellowship.ticket = Decimal(ticket).quantize(CENT)
    fellowship.daily_allowance = Decimal(daily_allowance).quantize(CENT)
    fellowship.days = int(days)
    fellowship.amount = amount
    _decided(fellowship, actor, note)
    charge_fellowship(actor=actor, fellowship=fellowship, source=source or None)
    _save(fellowship, "meetings.fellowship.awarded", actor)
    _notify(fellowship)
    return fellowship


@transaction.atomic
def decline_fellowship(*, actor: Any, fellowship: Fellowship, note: str) -> Fellowship:
    """The secretariat declines a nomination, saying why."""
    _require(actor, "meetings.decide_fellowship", fellowship.meeting)
    if not note.strip():
        raise _field_error("note", _("Say why: the candidate and the focal point read it."), "note")
    fellowship = _locked_nomination(fellowship)
    fellowship.state = FellowshipState.DECLINED
    _decided(fellowship, actor, note)
    _save(fellowship, "meetings.fellowship.declined", actor)
    _notify(fellowship)
    return fellowship


def _decided(fellowship: Fellowship, actor: Any, note: str) -> None:
    fellowship.decided_by = actor
    fellowship.decided_at = timezone.now()
    fellowship.decision_note = note.strip()


def _notify(fellowship: Fellowship) -> None:
    """The candidate and the nominating focal point, each in their language, once the decision is committed."""
    from ponte.core.models import EmailKind
    from ponte.core.notifications import queue
    from ponte.meetings.fellowship_tasks import send_fellowship_decision_email

    person = fellowship.person
    # lower-case address: (address, language, the account it belongs to or None)
    recipients: dict[str, tuple[str, str, Any]] = {}
    candidate = person.email or (person.user.email if person.user is not None else "")
    if candidate:
        recipients[candidate.lower()] = (candidate, person.language, person.user)
    focal_point = fellowship.nominated_by
    if focal_point.email and focal_point.email.lower() not in recipients:
        language = Person.objects.filter(user=focal_point).values_list("language", flat=True).first()
        recipients[focal_point.email.lower()] = (focal_point.email, language or settings.LANGUAGE_CODE, focal_point)
    for to, language, account in recipients.values():
        transaction.on_commit(
            partial(
                queue,
                send_fellowship_decision_email,
                recipient=account,
                kind=EmailKind.DECISIONS,
                fellowship_id=fellowship.pk,
                to=to,
                language=language,
            )
        )
