"""Pages of the outreach app (being built: see the issue)."""

from django.http import HttpRequest, HttpResponse


def announcement_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
