"""Pages of the portal app (being built: see the issue)."""

from django.http import HttpRequest, HttpResponse


def my_portal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
