"""Reads of the site search: the entries matching a query, counted per kind, ranked, grouped or paged.

A query's words are cut into terms as the records were (``ponte.core.search_text.query_terms``); an entry
matches when it has every term (a term of four letters or more also finds the longer words it begins). Entries
with more of the terms in their title (or code) come first, then the newest. Every read is a fixed number of
queries whatever the number of results: the counts per kind, then the page (or the ids of the first few of
each kind, then those entries).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from ponte.core.search_text import QueryTerm, query_terms
from ponte.search.models import Entry, EntryKind, Term

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
PER_KIND = 5  # results of each kind on the page of all kinds

URL_NAMES = {
    EntryKind.MEETING: "meetings:meeting_detail",
    EntryKind.GROUP: "core:group_detail",
    EntryKind.RECOMMENDATION: "standards:recommendation_detail",
    EntryKind.QUESTION: "qa:question_detail",
    EntryKind.OPPORTUNITY: "opportunities:detail",
    EntryKind.ORGANISATION: "core:organisation_detail",
}


def clean_query(text: str | None) -> str:
    """The query as searched: at most ``MAX_QUERY_LENGTH`` characters, spaces trimmed."""
    return (text or "")[:MAX_QUERY_LENGTH].strip()


def link_of(entry: Entry) -> str:
    """The address of the record's page (in the active language)."""
    return reverse(URL_NAMES[EntryKind(entry.kind)], kwargs=entry.link)


def _term_filter(term: QueryTerm) -> Q:
    if term.exact:
        return Q(term=term.key)
    return Q(term__gte=term.key, term__lt=term.upper_bound())


def matching(terms: list[QueryTerm], kind: str = "") -> QuerySet[Entry]:
    """The entries holding every term, of one kind or all, with ``title_hits``: how many terms are in the title."""
    entries = Entry.objects.all()
    if kind:
        entries = entries.filter(kind=kind)
    title_hits: Any = Value(0, output_field=IntegerField())
    for term in terms:
        found = Term.objects.filter(_term_filter(term), entry_id=OuterRef("pk"))
        if kind:
            found = found.filter(kind=kind)
        entries = entries.filter(Exists(found))
        title_hits = title_hits + Case(When(Exists(found.filter(in_title=True)), then=1), default=0)
    return entries.annotate(title_hits=title_hits)


RANKING = [F("title_hits").desc(), F("date").desc(nulls_last=True), F("pk").asc()]


@dataclass(frozen=True)
class Hit:
    """A result as a reader sees it, in their language (or the one the record is written in)."""

    kind: str
    label: str
    title: str
    title_language: str
    snippet: str
    snippet_language: str
    url: str
    date: Any


def html_language(code: str) -> str:
    """A language code as HTML's ``lang`` spells it (zh-hans: zh-Hans)."""
    return "zh-Hans" if code == "zh-hans" else code


def hit(entry: Entry, language: str) -> Hit:
    title, title_language = entry.title_in(language)
    snippet, snippet_language = entry.snippet_in(language)
    return Hit(
        kind=entry.kind,
        label=entry.label,
        title=title or entry.label,
        title_language=html_language(title_language),
        snippet=snippet,
        snippet_language=html_language(snippet_language),
        url=link_of(entry),
        date=entry.date,
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    """A search: what was asked, the counts per kind, and either a page of one kind or the first of each."""

    query: str
    kind: str
    searched: bool  # the query had words to look for
    counts: tuple[KindCount, ...]
    total: int
    page: Page[Any] | None = None  # of ``Hit``
    groups: tuple[tuple[KindCount, tuple[Hit, ...]], ...] = ()


def counts_per_kind(terms: list[QueryTerm]) -> dict[str, int]:
    """How many entries of each kind hold every term (one query, on the terms' index alone: the kind is repeated
    there, and the entries' texts would be read for nothing; "SG16" has 5,000 entries)."""
    first, *others = terms
    rows = Term.objects.filter(_term_filter(first))
    for term in others:
        rows = rows.filter(Exists(Term.objects.filter(_term_filter(term), entry_id=OuterRef("entry_id"))))
    found = rows.order_by().values("kind").annotate(found=Count("entry_id", distinct=True))
    return dict(found.values_list("kind", "found"))


def _kind_counts(found: dict[str, int]) -> tuple[KindCount, ...]:
    return tuple(KindCount(kind, str(label), found.get(kind, 0)) for kind, label in EntryKind.choices)


def ranked(terms: list[QueryTerm], kind: str = "") -> QuerySet[Entry]:
    """The entries matching, best first."""
    return matching(terms, kind).order_by(*RANKING)


@contextmanager
def planned_reads() -> Iterator[None]:
    """PostgreSQL planning these reads as they run: without its JIT compiler (a broad term's estimate sets it off,
    and compiling takes a second where the search itself takes milliseconds), and with random reads priced as on
    an SSD or from memory (1.1, not 4: for a broad term, "SG16", the entries were read whole, 37 MB, rather than
    the 5,000 found through their primary key; 30 ms against 15)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield


def search(*, text: str, kind: str = "", page_number: Any = 1, language: str = "en") -> SearchResults:
    """Search every kind (the first ``PER_KIND`` of each) or one kind (a page of ``PAGE_SIZE``).

    Titles and snippets are given in ``language`` where the record has it.
    """
    with planned_reads():
        return _search(text=text, kind=kind, page_number=page_number, language=language)


def _search(*, text: str, kind: str, page_number: Any, language: str) -> SearchResults:
    query = clean_query(text)
    kind = kind if kind in EntryKind.values else ""
    terms = query_terms(query)
    if not terms:
        return SearchResults(query=query, kind=kind, searched=False, counts=_kind_counts({}), total=0)
    found = counts_per_kind(terms)
    counts = _kind_counts(found)
    total = sum(found.values())
    if kind:
        paginator = Paginator(ranked(terms, kind), PAGE_SIZE)
        paginator.__dict__["count"] = found.get(kind, 0)  # counted above: no second COUNT
        page: Page[Any] = paginator.get_page(page_number)
        page.object_list = [hit(entry, language) for entry in page.object_list]
        return SearchResults(query=query, kind=kind, searched=True, counts=counts, total=total, page=page)
    # The ranking reads ids only; the few entries shown are fetched afterwards, with their texts.
    first_ids = (
        matching(terms)
        .annotate(rank=Window(RowNumber(), partition_by=[F("kind")], order_by=RANKING))
        .filter(rank__lte=PER_KIND)
        .order_by("kind", "rank")
        .values_list("pk", flat=True)
    )
    ids = list(first_ids)
    entries = Entry.objects.in_bulk(ids)
    by_kind: dict[str, list[Hit]] = {}
    for pk in ids:
        entry = entries[pk]
        by_kind.setdefault(entry.kind, []).append(hit(entry, language))
    groups = tuple((count, tuple(by_kind[count.kind])) for count in counts if by_kind.get(count.kind))
    return SearchResults(query=query, kind=kind, searched=True, counts=counts, total=total, groups=groups)
