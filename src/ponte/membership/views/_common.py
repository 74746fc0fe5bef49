"""What every view of the app does: ask ``rules`` on the server, for every request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)
