"""Sponsorship API: published events, their activities with the slots left, and quotes.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from ponte.core.models import Organisation
from ponte.sponsorship import selectors
from ponte.sponsorship.models import Activity, SponsoredEvent
from ponte.sponsorship.schemas import ActivityOut, EventOut, QuoteOut

router = Router(tags=["sponsorship"])


@router.get("/events", response=list[EventOut])
def list_events(request: HttpRequest) -> Any:
    """Published events not yet over, soonest first."""
    return [
        {
            "code": event.code,
            "title": event.title,
            "description": event.description,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "city": event.city,
            "country": event.country_id,
            "currency": event.currency,
            "member_discount": str(event.member_discount),
            "activities": event.activity_count,  # type: ignore[attr-defined]
        }
        for event in selectors.upcoming_events()
    ]


@router.get("/events/{code}/activities", response=list[ActivityOut])
def list_activities(request: HttpRequest, code: str) -> Any:
    """The activities of a published event, with their list price and the slots left."""
    try:
        event = selectors.event_detail(code)
    except SponsoredEvent.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("sponsorship.view_event", event):
        raise Http404
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
