"""API of the privacy app: the signed-in person's email preferences, their data download and their deletion request.

Only about oneself: every call needs a session (401 without), and answers for the signed-in account only.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from ponte.core.actions import require_request
from ponte.core.models import User
from ponte.privacy import selectors, services
from ponte.privacy.views import export_response
from ponte.tokens.auth import session_or_token

router = Router(tags=["privacy"])


class PreferencesIn(Schema):
    wanted: list[str]


class PreferencesOut(Schema):
    wanted: list[str]


class DeletionRequestIn(Schema):
    reason: str = ""


class DeletionRequestOut(Schema):
    id: int
    state: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str


def _user(request: HttpRequest) -> User:
    require_request(request, "privacy.manage_own_privacy")
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - session_or_token and the rule ran first
    return user


@router.get("/export", auth=session_or_token)
def export(request: HttpRequest) -> HttpResponse:
    """Everything Ponte holds about the signed-in person, as a JSON file (the same as ``/privacy/export.json``)."""
    return export_response(_user(request))


@router.get("/email-preferences", response=PreferencesOut, auth=session_or_token)
def email_preferences(request: HttpRequest) -> Any:
    """The kinds of email the signed-in person receives (account and security email is always sent)."""
    return {"wanted": selectors.wanted_kinds(_user(request))}


@router.put("/email-preferences", response=PreferencesOut, auth=session_or_token)
def set_email_preferences(request: HttpRequest, payload: PreferencesIn) -> Any:
    """Choose the kinds of email received: those listed are on, the others off (422 for an unknown kind)."""
    user = _user(request)
    services.set_email_preferences(actor=user, wanted=payload.wanted)
    return {"wanted": selectors.wanted_kinds(user)}


@router.get("/deletion-requests", response=list[DeletionRequestOut], auth=session_or_token)
def deletion_requests(request: HttpRequest) -> Any:
    """The signed-in person's deletion requests and their state, newest first."""
    return list(selectors.deletion_requests_of(_user(request)))


@router.post("/deletion-requests", response={201: DeletionRequestOut}, auth=session_or_token)
def request_deletion(request: HttpRequest, payload: DeletionRequestIn) -> Any:
    """Ask that the signed-in person's data be deleted (422 if a request is already waiting)."""
    return Status(201, services.request_deletion(actor=_user(request), reason=payload.reason))
