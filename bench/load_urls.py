"""The site's URLs plus the throughput baseline: a bare view behind the same middleware (bench server only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from ponte.urls import urlpatterns as site_urlpatterns

BARE_PATH = "bench/bare/"


def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django page can cost here: every middleware, no query, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path(BARE_PATH, bare), *site_urlpatterns]
