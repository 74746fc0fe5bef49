"""Changing the language from the header: a GET form, so a page carries no CSRF token and is the same for every
visitor who is not signed in (``core.page_cache``). Choosing a language only redirects to the same page under the
chosen prefix and remembers the choice in the language cookie, as Django's ``set_language`` does."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language


def switch_language(request: HttpRequest) -> HttpResponse:
    """Go to ``next`` (a path of this site, else the home page) in ``language``."""
    language = request.GET.get("language", "")
    target = request.GET.get("next", "") or reverse("core:home")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe:
        target = reverse("core:home")
    if not (language and check_for_language(language)):
        return HttpResponseRedirect(target)
    response = HttpResponseRedirect(translate_url(target, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
