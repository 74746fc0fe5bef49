"""Pages of the privacy app (being built: see the issue)."""

from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
