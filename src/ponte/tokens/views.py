"""Pages where a representative manages its organisation's API tokens (the secretariat sees and revokes them).

Thin: ask ``rules``, call one service or selector, render. Refused input answers 400 with the errors at the form.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ponte.core.models import Organisation, User
from ponte.tokens import selectors, services
from ponte.tokens.forms import TokenForm
from ponte.tokens.models import ApiToken


def _organisation(request: HttpRequest, pk: int, perm: str) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET"])
def token_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's tokens: prefix, name, scopes, dates and state."""
    organisation = _organisation(request, pk, "tokens.view_tokens")
    context = {
        "organisation": organisation,
        "tokens": selectors.organisation_tokens(organisation=organisation),
        "may_create": request.user.has_perm("tokens.create_token", organisation),
    }
    return render(request, "tokens/token_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a token; its full text is shown once, on the answer to the form."""
    organisation = _organisation(request, pk, "tokens.create_token")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned()
        try:
            new = services.create_token(
                organisation=organisation,
                created_by=require_request_user(request),
                name=data["name"],
                scopes=data["scopes"],
                expires_at=data["expires_at"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return render(request, "tokens/token_created.html", {"organisation": organisation, "new": new})
    status = 400 if request.method == "POST" else 200
    return render(request, "tokens/token_form.html", {"organisation": organisation, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke a token for good."""
    token = get_object_or_404(ApiToken.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("tokens.revoke_token", token):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.revoke_token(token=token, revoked_by=require_request_user(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The token %(prefix)s is revoked.") % {"prefix": token.prefix})
        return redirect("tokens:list", token.organisation_id)
    return render(request, "tokens/token_revoke.html", {"token": token, "organisation": token.organisation})


def require_request_user(request: HttpRequest) -> User:
    """The signed-in account (``login_required`` ran first)."""
    return cast(User, request.user)
