"""The page for an error no view handled: 503 with ``Retry-After`` while the database cannot be reached (a restart,
a failover), so browsers, clients of the API and load balancers know to come back; Django's 500 otherwise.

Like Django's own 500 page, the 503 page is rendered without the request's context: nothing on it may need the
database that just failed.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the database being unreachable is a 503, every other failure Django's 500."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
