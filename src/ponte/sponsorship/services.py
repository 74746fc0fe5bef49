"""The sponsorship platform owns sponsored events, their activities and the requests of sponsors.

The rules, in one place:

- A representative requests an activity for the organisation it represents, at the price of
  ``selectors.quote_for`` (the member discount included); the request keeps that price.
- An activity is never sold beyond its slots: requests waiting for the secretariat and confirmed ones hold a
  slot. Every request and confirmation locks the activity's row first, so requests at the same time take
  turns there and the last slot goes to one sponsor only.
- The secretariat confirms (re-checking the slots) or declines (saying why) a waiting request; the sponsor
  is emailed the decision. A sponsor withdraws its request while it waits.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require, save_with_history
from ponte.core.models import EmailKind, Organisation
from ponte.core.notifications import notify
from ponte.sponsorship.models import (
    Activity,
    RequestState,
    SponsorshipRequest,
    SponsorshipSequence,
)
from ponte.sponsorship.selectors import quote_for

REFERENCE_PREFIX = "SP"
MESSAGE_MAX = 2000


def _lock(activity: Activity) -> Activity:
    """The activity's row, held until the transaction ends: requests and confirmations for it take turns."""
    return Activity.objects.select_for_update().select_related("event").get(pk=activity.pk)


def _next_reference() -> str:
    year = timezone.localdate().year
    return f"{REFERENCE_PREFIX}-{year}-{SponsorshipSequence.take_next(year):04d}"


def _sold_out(activity: Activity) -> ValidationError:
    return ValidationError(
        _("%(activity)s is sold out: every slot is taken.") % {"activity": activity.name}, code="sold_out"
    )


@transaction.atomic
def request_sponsorship(
    *, activity: Activity, organisation: Organisation, requested_by: Any, message: str = ""
) -> SponsorshipRequest:
    """Ask for an activity for one's organisation at the quoted price; it holds a slot until decided."""
    require(requested_by, "sponsorship.request_for_organisation", organisation)
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Keep the message under %(max)s characters.") % {"max": MESSAGE_MAX}}, code="too_long"
        )
    activity = _lock(activity)
    quote = quote_for(activity, organisation)
    if not quote.is_open:
        raise ValidationError(_("This event no longer takes sponsorship requests."), code="closed")
    if SponsorshipRequest.objects.filter(
        activity=activity, organisation=organisation, state=RequestState.REQUESTED
    ).exists():
        raise ValidationError(
            _("%(organisation)s has already requested this activity: the secretariat will answer soon.")
            % {"organisation": organisation.name},
            code="already_requested",
        )
    if quote.sold_out:
        raise _sold_out(activity)
    request = SponsorshipRequest(
        reference=_next_reference(),
        activity=activity,
        organisation=organisation,
        requested_by=requested_by,
        list_price=quote.list_price,
        discount_percent=quote.discount_percent,
        price=quote.total,
        currency=quote.currency,
        state=RequestState.REQUESTED,
        message=message.strip(),
    )
    save_with_history(request, "sponsorship.request.requested", requested_by)
    return request


NOT_WAITING = {
    RequestState.CONFIRMED: _("%(reference)s cannot be confirmed: it no longer waits for a decision (%(state)s)."),
    RequestState.DECLINED: _("%(reference)s cannot be declined: it no longer waits for a decision (%(state)s)."),
    RequestState.WITHDRAWN: _("%(reference)s cannot be withdrawn: it no longer waits for a decision (%(state)s)."),
}


def _waiting(request: SponsorshipRequest, to: RequestState) -> SponsorshipRequest:
    """The request again, locked; refused unless it still waits for a decision."""
    request = SponsorshipRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.REQUESTED:
        raise ValidationError(
            NOT_WAITING[to] % {"reference": request.reference, "state": request.get_state_display()},
            code="not_waiting",
        )
    return request


@transaction.atomic
def confirm_request(*, request: SponsorshipRequest, decided_by: Any, note: str = "") -> SponsorshipRequest:
    """The secretariat confirms a waiting request, if the activity still has a slot for it."""
    require(decided_by, "sponsorship.decide_request", request)
    activity = _lock(request.activity)
    request = _waiting(request, RequestState.CONFIRMED)
    confirmed = activity.requests.filter(state=RequestState.CONFIRMED).count()
    if confirmed >= activity.slots:
        raise _sold_out(activity)
    return _decide(request, RequestState.CONFIRMED, decided_by, note, "sponsorship.request.confirmed")


@transaction.atomic
def decline_request(*, request: SponsorshipRequest, decided_by: Any, note: str) -> SponsorshipRequest:
    """The secretariat declines a waiting request, saying why; its slot is free again."""
    require(decided_by, "sponsorship.decide_request", request)
    request = _waiting(request, RequestState.DECLINED)
    return _decide(request, RequestState.DECLINED, decided_by, note, "sponsorship.request.declined")


@transaction.atomic
def withdraw_request(*, request: SponsorshipRequest, actor: Any) -> SponsorshipRequest:
    """The sponsor takes back its request while it waits; its slot is free again."""
    require(actor, "sponsorship.withdraw_request", request)
    request = _waiting(request, RequestState.WITHDRAWN)
    request.state = RequestState.WITHDRAWN
    save_with_history(request, "sponsorship.request.withdrawn", actor)
    return request


def _decide(
    request: SponsorshipRequest, state: RequestState, decided_by: Any, note: str, reason: str
) -> SponsorshipRequest:
    request.state = state
    request.note = note.strip()
    request.decided_by = decided_by
    request.decided_at = timezone.now()
    save_with_history(request, reason, decided_by)
    _tell_requester(request)
    return request


def _tell_requester(request: SponsorshipRequest) -> None:
    """Email the decision to whoever asked, in their language, once the decision is saved."""
    user = request.requested_by
    language = getattr(getattr(user, "person", None), "language", "") or "en"
    with translation.override(language):
        activity = request.activity
        context = {
            "reference": request.reference,
            "confirmed": request.state == RequestState.CONFIRMED,
            "state": str(request.get_state_display()),
            "activity": activity.name,
            "event": f"{activity.event.code} — {activity.event.title}",
            "organisation": request.organisation.name,
            "price": f"{request.currency} {number_format(request.price, 2, force_grouping=True)}",
            "note": request.note,
        }
    transaction.on_commit(
        partial(
            notify,
            to=user.email,
            language=language,
            template="sponsorship/email/decision",
            context=context,
            kind=EmailKind.DECISIONS,
            recipient=user,
        )
    )
