"""Values every page needs: the languages and what the header shows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_info


def ponte(request: HttpRequest) -> dict[str, Any]:
    current = get_language() or settings.LANGUAGE_CODE
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append({"code": code, "name_local": info["name_local"], "current": code == current})
    user = getattr(request, "user", None)
    return {
        "ponte_languages": languages,
        "ponte_can_admin": bool(user and user.is_authenticated and user.has_perm("core.access_admin")),
    }
