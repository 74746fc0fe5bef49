"""The API's authentication: a signed-in browser session, or an organisation's token with its scopes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from ponte.tokens import services
from ponte.tokens.scopes import scope_needed


class SessionOrToken(HttpBearer):
    """Either ``Authorization: Bearer ponte_<prefix>_<secret>`` or Django's session (CSRF checked, as
    ``ninja.security.django_auth`` does). A token makes the request act as the account that created it."""

    def __call__(self, request: HttpRequest) -> Any | None:
        scheme, _space, credential = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and credential.strip():
            return self.authenticate(request, credential.strip())
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check Failed")
        return request.user if request.user.is_authenticated else None

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = services.token_for(token)
        if found is None:
            return None
        needed = scope_needed(path=request.path, method=request.method or "GET", api_root=reverse("api:api-root"))
        if needed not in found.scopes:
            raise HttpError(403, _("This token lacks the scope %(scope)s.") % {"scope": needed})
        services.note_use(found)
        request.user = found.created_by
        return found.created_by


session_or_token = SessionOrToken()
