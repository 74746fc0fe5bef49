"""API of the site search: the same entries, visibility and ranking as the page.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from ponte.core.pagination import MAX_OFFSET
from ponte.core.search_text import query_terms
from ponte.search import selectors
from ponte.search.models import EntryKind
from ponte.search.schemas import SearchPageOut

router = Router(tags=["search"])
MAX_LIMIT = 100


@router.get("/", response=SearchPageOut)
def search(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    limit: int = Query(selectors.PAGE_SIZE, ge=1, le=MAX_LIMIT),  # type: ignore[type-arg]
    offset: int = Query(0, ge=0, le=MAX_OFFSET),  # type: ignore[type-arg]
) -> Any:
    """Public records matching ``q`` in any of the six languages (meetings, groups, Recommendations, Q&A
    questions, opportunities, organisations), most terms in the title first, then the newest; ``kind`` keeps
    one kind (meeting, group, recommendation, question, opportunity, organisation). Limit and offset, not a
    cursor: every match is ranked before the first page anyway, so a cursor would save nothing."""
    if kind and kind not in EntryKind.values:
        message = _("Unknown kind: choose one of %(kinds)s.") % {"kinds": ", ".join(EntryKind.values)}
        raise ValidationError({"kind": ValidationError(message, code="unknown_kind")})
    terms = query_terms(selectors.clean_query(q))
    if not terms:
        return {"items": [], "count": 0}
    with selectors.planned_reads():
        found = selectors.counts_per_kind(terms)
        count = found.get(kind, 0) if kind else sum(found.values())
        items = list(selectors.ranked(terms, kind)[offset : offset + limit]) if offset < count else []
    return {"items": items, "count": count}
