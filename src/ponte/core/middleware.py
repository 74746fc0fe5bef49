"""Staff must sign in with a second factor before they can do anything else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Pages a staff member without a second factor may still open: signing in and
# out, setting up the factor, and switching language.
_EXEMPT_PREFIXES = ("account_", "mfa_")
_EXEMPT_NAMES = {"set_language"}
SET_UP_SECOND_FACTOR = gettext_noop("Staff accounts must use two-factor sign-in. Set it up to continue.")


def staff_needs_second_factor(user: Any) -> bool:
    """True for a staff account that has not set up TOTP yet (while 2FA is required)."""
    return bool(
        settings.PONTE_STAFF_REQUIRE_2FA
        and user.is_authenticated
        and user.is_staff
        and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
    )


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        name = match.url_name or "" if match else ""
        if name.startswith(_EXEMPT_PREFIXES) or name in _EXEMPT_NAMES:
            return None
        if not staff_needs_second_factor(request.user):
            return None
        if match and match.namespace == "api":
            # No redirect for a program: the API refuses a staff session without a second factor outright.
            return JsonResponse(
                {"detail": _("Staff accounts must use two-factor sign-in. Set it up to continue.")}, status=403
            )
        messages.warning(request, _("Staff accounts must use two-factor sign-in. Set it up to continue."))
        return redirect("mfa_activate_totp")


NUL_REFUSED = gettext_noop("Text may not contain the NUL character (code 0).")


def _carries_nul(request: HttpRequest) -> bool:
    """A NUL in the path, the query or a JSON body (forms refuse it themselves: Django's CharField validator)."""
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
        return True
    if request.content_type == "application/json" and request.method not in ("GET", "HEAD"):
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


class NulCharacterMiddleware:
    """No text in Ponte has a use for the NUL character, and PostgreSQL cannot store or compare it: a request
    carrying one is refused before any view reads it (422 in the API, 400 on pages), never a server error.
    Found by schemathesis."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _carries_nul(request):
            return self.get_response(request)
        message = _(NUL_REFUSED)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": [{"loc": ["request"], "msg": message}]}, status=422)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
