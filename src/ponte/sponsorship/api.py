"""Sponsorship API: published events, one event with its activities and the slots left, quotes; the sponsors'
own requests, and the secretariat's requests per event.

Permissions are the pages' (``ponte.sponsorship.rules``): an unpublished event, and a request the caller may not
see, are "not found"; the requests of an event are for the secretariat (403 for anyone else).

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.models import Organisation
from ponte.core.pagination import KeysetPagination, LimitOffsetPagination
from ponte.sponsorship import selectors
from ponte.sponsorship.models import Activity, RequestState, SponsoredEvent, SponsorshipRequest
from ponte.sponsorship.schemas import (
    ActivityOut,
    EventDetailOut,
    EventOut,
    QuoteOut,
    SponsorshipRequestDetailOut,
    SponsorshipRequestOut,
)
from ponte.tokens.auth import session_or_token

router = Router(tags=["sponsorship"])

# "My sponsorships": newest first, as the model orders them; the id breaks ties (a cursor needs a unique last field).
MINE_ORDER = ("-requested_at", "-id")


def _event_fields(event: SponsoredEvent) -> dict[str, Any]:
    """What the list and the detail both say of an event."""
    return {
        "code": event.code,
        "title": event.title,
        "description": event.description,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "city": event.city,
        "country": event.country_id,
        "currency": event.currency,
        "member_discount": str(event.member_discount),
    }


@router.get("/events", response=list[EventOut])
def list_events(request: HttpRequest) -> Any:
    """Published events not yet over, soonest first."""
    return [
        {**_event_fields(event), "activities": event.activity_count}  # type: ignore[attr-defined]
        for event in selectors.upcoming_events()
    ]


def _event(request: HttpRequest, code: str) -> SponsoredEvent:
    """The event, if the caller may see it (unpublished ones exist only for the secretariat), as on the pages."""
    try:
        event = selectors.event_detail(code)
    except SponsoredEvent.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("sponsorship.view_event", event):
        raise Http404
    return event


def _activities(event: SponsoredEvent) -> list[dict[str, Any]]:
    rows = []
    for activity in selectors.activities_of(event):
        left = max(activity.slots - activity.taken, 0)  # type: ignore[attr-defined]
        rows.append(
            {
                "id": activity.pk,
                "kind": activity.kind,
                "kind_label": str(activity.get_kind_display()),
                "name": activity.name,
                "description": activity.description,
                "price": str(activity.price),
                "currency": event.currency,
                "slots": activity.slots,
                "slots_left": left,
                "sold_out": left == 0,
            }
        )
    return rows


@router.get("/events/{code}", response=EventDetailOut)
def get_event(request: HttpRequest, code: str) -> Any:
    """One event as its public page shows it: dates, place, the meeting it is held with, the member discount,
    whether it still takes requests, and its activities with list price and slots left. Open to everyone once
    published; an unpublished one is found by the secretariat only (404 for anyone else)."""
    event = _event(request, code)
    return {
        **_event_fields(event),
        "published": event.is_published,
        "open": selectors.quotes_open(event),
        "meeting": {"code": event.meeting.code, "title": event.meeting.title} if event.meeting else None,
        "activities": _activities(event),
    }


@router.get("/events/{code}/activities", response=list[ActivityOut])
def list_activities(request: HttpRequest, code: str) -> Any:
    """The activities of a published event, with their list price and the slots left."""
    return _activities(_event(request, code))


@router.get("/events/{code}/requests", response=list[SponsorshipRequestDetailOut], auth=session_or_token)
@paginate(LimitOffsetPagination)
def list_event_requests(request: HttpRequest, code: str, state: RequestState | None = None) -> Any:
    """For the secretariat (403 for anyone else): an event's sponsorship requests, waiting ones first, then the
    newest, optionally in one ``state``, as on its requests page. Limit and offset: an event has a few slots."""
    require_request(request, "sponsorship.view_requests")
    try:
        event = selectors.event_detail(code)
    except SponsoredEvent.DoesNotExist as exc:
        raise Http404 from exc
    return selectors.event_requests(event, state=state or "")


@router.get("/requests/mine", response=list[SponsorshipRequestOut], auth=session_or_token)
@paginate(KeysetPagination, ordering=MINE_ORDER)
def list_my_requests(request: HttpRequest) -> Any:
    """Your "My sponsorships": the requests of the organisations you represent, newest first (none without that
    role), each with its price and state and the secretariat's note. In pages from a cursor: follow ``next`` until
    it is null."""
    return selectors.requests_of(request.user)


@router.get("/requests/{reference}", response=SponsorshipRequestDetailOut, auth=session_or_token)
def get_request(request: HttpRequest, reference: str) -> Any:
    """One sponsorship request, for the representatives of its sponsor and the secretariat (404 for anyone
    else); who asked and their message are the secretariat's, as on its page."""
    found = (
        SponsorshipRequest.objects.select_related("activity__event", "organisation", "requested_by", "decided_by")
        .filter(reference=reference)
        .first()
    )
    if found is None or not request.user.has_perm("sponsorship.view_request", found):
        raise Http404
    return found


def _quoted_activity(request: HttpRequest, pk: int) -> Activity:
    activity = Activity.objects.select_related("event").filter(pk=pk).first()
    if activity is None or not request.user.has_perm("sponsorship.view_event", activity.event):
        raise ValidationError({"activity": _("No activity of a published event has this number.")})
    return activity


def _quoted_organisation(request: HttpRequest, pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ValidationError({"organisation": _("No organisation has this number.")})
    if not request.user.has_perm("sponsorship.quote_for_organisation", organisation):
        raise PermissionDenied("sponsorship.quote_for_organisation")
    return organisation


@router.get("/quote", response=QuoteOut)
def get_quote(request: HttpRequest, activity: int, organisation: int | None = None) -> Any:
    """The quote of an activity; with ``organisation`` (one you represent), its member discount if it has one."""
    quote = selectors.quote_for(_quoted_activity(request, activity), _quoted_organisation(request, organisation))
    return {
        "activity": quote.activity.pk,
        "event": quote.event.code,
        "organisation": quote.organisation.pk if quote.organisation else None,
        "list_price": str(quote.list_price),
        "discount_percent": str(quote.discount_percent),
        "discount_amount": str(quote.discount_amount),
        "total": str(quote.total),
        "currency": quote.currency,
        "slots": quote.slots,
        "slots_left": quote.slots_left,
        "sold_out": quote.sold_out,
        "issued_on": quote.issued_on,
        "valid_until": quote.valid_until,
        "open": quote.is_open,
        "member_discount_applies": quote.member_discount_applies,
        "discount_reason": str(quote.reason),
        "explanation": quote.explanation,
    }
