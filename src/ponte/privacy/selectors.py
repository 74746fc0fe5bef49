"""Reads of the privacy app: a person's preferences and requests, the secretariat's queue, the data download."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ponte.core.models import EmailKind, EmailPreference, User
from ponte.privacy.collectors import personal_data
from ponte.privacy.models import DeletionRequest, DeletionState


def wanted_kinds(user: User) -> list[str]:
    """The kinds of email the account gets (all of them until it changes something)."""
    preference = EmailPreference.objects.filter(user=user).first()
    return [kind.value for kind in EmailKind if preference is None or preference.wants(kind)]


def preference_of(user: User) -> EmailPreference | None:
    return EmailPreference.objects.filter(user=user).first()


def deletion_requests_of(user: User) -> QuerySet[DeletionRequest]:
    return DeletionRequest.objects.filter(user=user).order_by("-requested_at", "-pk")


def pending_deletion_request_of(user: User) -> DeletionRequest | None:
    return deletion_requests_of(user).filter(state=DeletionState.PENDING).first()


def deletion_requests(*, state: str | None = DeletionState.PENDING) -> QuerySet[DeletionRequest]:
    """The secretariat's list: oldest pending first, or the decided ones newest first."""
    found = DeletionRequest.objects.select_related("user__person", "decided_by")
    if state:
        found = found.filter(state=state)
    return found.order_by("requested_at", "pk") if state == DeletionState.PENDING else found.order_by("-requested_at")


def export_for(user: User) -> dict[str, Any]:
    """Everything Ponte holds about the account's person (see ``collectors``)."""
    return personal_data(user)
