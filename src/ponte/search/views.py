"""The site search's page: everything the public may read, grouped by kind, or one kind page by page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from ponte.search import selectors
from ponte.search.models import EntryKind


def results(request: HttpRequest) -> HttpResponse:
    found = selectors.search(
        text=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        page_number=request.GET.get("page"),
        language=get_language() or "en",
    )
    return render(
        request,
        "search/results.html",
        {"results": found, "kinds": EntryKind.choices, "max_length": selectors.MAX_QUERY_LENGTH},
    )
