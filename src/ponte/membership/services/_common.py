"""What every write of the app does: ask ``rules``, validate, keep history with a namespaced reason."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _save(instance: Any, reason: str, actor: Any) -> None:
    instance.full_clean()
    instance._change_reason = reason
    if getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    instance.save()
