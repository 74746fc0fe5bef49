"""Pages of the search app (being built: see the issue)."""

from django.http import HttpRequest, HttpResponse


def results(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
