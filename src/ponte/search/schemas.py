"""Shapes of the search API (no ``from __future__ import annotations``: ninja reads the types at runtime)."""

import datetime
from typing import Any

from django.utils.translation import get_language
from ninja import Field, Schema

from ponte.search.models import Entry
from ponte.search.selectors import link_of


def _language() -> str:
    return get_language() or "en"


class SearchResultOut(Schema):
    """A public record found: its kind and id, code, title and snippet in the reader's language, its page."""

    kind: str
    id: int = Field(..., alias="object_id")
    label: str
    title: str
    title_language: str
    snippet: str
    url: str
    date: datetime.date | None

    @staticmethod
    def resolve_title(entry: Entry, context: Any) -> str:
        return entry.title_in(_language())[0]

    @staticmethod
    def resolve_title_language(entry: Entry, context: Any) -> str:
        return entry.title_in(_language())[1]

    @staticmethod
    def resolve_snippet(entry: Entry, context: Any) -> str:
        return entry.snippet_in(_language())[0]

    @staticmethod
    def resolve_url(entry: Entry, context: Any) -> str:
        return link_of(entry)


class SearchPageOut(Schema):
    """A page of results and how many there are in all."""

    items: list[SearchResultOut]
    count: int
