"""What every write of every app does: ask ``rules`` first, validate the row, and keep its history with the
acting user and a namespaced reason (``membership.application.approved``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def require(actor: Any, perm: str, obj: Any = None) -> None:
    """Refuse (``PermissionDenied``) what ``rules`` does not allow the actor."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def save_with_history(instance: Any, reason: str, actor: Any = None) -> None:
    """Validate and save, leaving the acting user and ``reason`` on the history row."""
    instance.full_clean()
    instance._change_reason = reason
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    instance.save()


def require_request(request: Any, perm: str, obj: Any = None) -> None:
    """The same check for a view: the server refuses what the signed-in user may not do."""
    require(request.user, perm, obj)
