"""Public pages served to visitors who are not signed in come from a short-lived cache (``PONTE_PAGE_CACHE_SECONDS``,
60 s in production, off with ``DEBUG``): rendering a page costs 15 to 20 ms of CPU, a cached one almost nothing, so
two web workers answer many times more visitors (``make bench``, "Load").

Only what is the same for every anonymous visitor is shared: a GET or HEAD without a session cookie or an
``Authorization`` header (an API token), outside the admin, whose answer is a 200 that sets no cookie (a page with a
form carries the visitor's CSRF token: Django then stores it only under that visitor's cookie, or not at all).
Signed-in people always get a fresh page. The shared copy says ``Cache-Control: no-cache``, so a browser asks again
rather than showing a signed-out page after signing in. Built on Django's cache middleware, which keys by URL,
language and the headers the page varies on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

NOT_CACHED_PREFIXES = ("/admin/", "/i18n/", "/language/")


def seconds() -> int:
    return int(getattr(settings, "PONTE_PAGE_CACHE_SECONDS", 0))


def is_shared(request: HttpRequest) -> bool:
    """Whether the answer to ``request`` is the same for every visitor who is not signed in."""
    return (
        seconds() > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NOT_CACHED_PREFIXES)
    )


def _not_for_browsers(response: HttpResponseBase) -> HttpResponseBase:
    """Django marks a cached page ``max-age`` with ``Expires`` for browsers too; ours must ask again each time, or a
    browser would show the signed-out copy after signing in."""
    del response["Expires"]
    response["Cache-Control"] = "no-cache"
    return response


class StorePublicPageMiddleware(UpdateCacheMiddleware):
    """First in ``MIDDLEWARE``: keeps the finished page of an anonymous visitor for ``seconds()``."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase | str) -> Any:
        if not is_shared(request) or not isinstance(response, HttpResponseBase) or response.has_header("Expires"):
            return response
        self.cache_timeout = seconds()
        stored = super().process_response(request, response)
        return _not_for_browsers(response) if stored is response and response.has_header("Expires") else stored


class ServePublicPageMiddleware(FetchFromCacheMiddleware):
    """Last in ``MIDDLEWARE``: answers an anonymous visitor from the cache when the page is there."""

    def process_request(self, request: HttpRequest) -> Any:
        if not is_shared(request):
            request._cache_update_cache = False  # type: ignore[attr-defined]
            return None
        cached = super().process_request(request)
        return None if cached is None else _not_for_browsers(cached)
