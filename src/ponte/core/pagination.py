"""How the API pages its lists.

``LimitOffsetPagination`` is for small, bounded tables: the page size and start have bounds, so a client asking
for more than 100 items, or for a start beyond any table, gets 422 with the field's error rather than a database
overflow (found by schemathesis).

``KeysetPagination`` is for tables that grow without bound (organisations, Q&A questions, invoices): OFFSET would
read and throw away every earlier row, so a page starts after the last row of the previous one instead (keyset
pagination), served by an index on the ordering. The ``cursor`` is signed, so a tampered or stale one is a 422
in the reader's language, never a 500, and it carries only the ordering values of a row the client was shown.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import and_, or_
from typing import Any
from urllib import parse

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

# Far beyond any table Ponte holds, and inside every database's 64-bit OFFSET.
MAX_OFFSET = 2**31 - 1
# A position holds at most a few 255-character texts; JSON escapes and base64 make that at most a few KB.
MAX_CURSOR_LENGTH = 4096

Position = list[Any]


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class KeysetPagination(CursorPagination):
    """Pages through ``ordering`` (ending in a unique, non-null field) from the row a signed cursor names.

    Each page is one query of ``limit + 1`` rows from the cursor's position, whatever the page's depth; rows added
    between requests neither repeat nor shift a walk, and there is no total (counting would read every row).
    """

    items_attribute = "items"

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT)
        cursor: str | None = Field(
            None,
            max_length=MAX_CURSOR_LENGTH,
            description="Where the page starts: take it from the `next` or `previous` link of the page before.",
        )

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(
            ..., description="The address of the next page (same filters and limit); null on the last page."
        )
        previous: str | None = Field(..., description="The address of the page before; null on the first page.")

    def __init__(self, *, ordering: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(ordering=ordering, **kwargs)
        self._fields = tuple(field.removeprefix("-") for field in ordering)
        self._descending = tuple(field.startswith("-") for field in ordering)
        # A cursor made for another ordering (another list, or this one before a change) is refused, not misread.
        self._salt = "ponte.pagination.keyset:" + ",".join(ordering)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        if "offset" in request.GET:
            message = _("This list pages with a cursor: follow the next link instead of an offset.")
            raise _invalid("offset", message, kind="offset_not_supported")
        self._check_ordering(queryset.model)
        position, backwards = self._decode(pagination.cursor)
        limit: int = pagination.limit
        rows = queryset.order_by(*(self._reverse_order(self.ordering) if backwards else self.ordering))
        if position is not None:
            rows = rows.filter(self._beyond(position, backwards=backwards))
        found = list(rows[: limit + 1])
        more = len(found) > limit
        page = found[:limit]
        if backwards:
            page.reverse()
        has_next = more if not backwards else bool(page)
        has_previous = more if backwards else position is not None and bool(page)
        url = request.build_absolute_uri()
        return {
            self.items_attribute: page,
            "next": self._link(url, page[-1], backwards=False) if has_next else None,
            "previous": self._link(url, page[0], backwards=True) if has_previous else None,
        }

    async def apaginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        raise NotImplementedError("Ponte's API views are synchronous.")

    def _check_ordering(self, model: type[Model]) -> None:
        """Keyset comparisons skip NULLs and repeat ties: every field must be non-null, the last one unique."""
        fields = []
        for name in self._fields:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist as error:
                raise ImproperlyConfigured(f"{model.__name__} has no field {name} to page by.") from error
            if not isinstance(field, models.Field) or field.null:
                raise ImproperlyConfigured(f"{model.__name__}.{name} may be null: it cannot position a page.")
            fields.append(field)
        if not (fields[-1].primary_key or fields[-1].unique):
            raise ImproperlyConfigured(f"{model.__name__}.{fields[-1].name} is not unique: a page could repeat a row.")

    def _beyond(self, position: Position, *, backwards: bool) -> Q:
        """Rows after ``position`` in the ordering (before it when ``backwards``): (a, b) > (x, y) as a OR of ANDs.

        The first field's inclusive bound is repeated on its own so that the database seeks the index to it."""

        def lookup(index: int) -> str:
            after = self._descending[index] == backwards
            return "gt" if after else "lt"

        ties = [Q(**{name: value}) for name, value in zip(self._fields, position, strict=True)]
        beyond = reduce(
            or_,
            (
                reduce(and_, ties[:index], Q(**{f"{name}__{lookup(index)}": position[index]}))
                for index, name in enumerate(self._fields)
            ),
        )
        first = lookup(0) + "e"
        return Q(**{f"{self._fields[0]}__{first}": position[0]}) & beyond

    def _link(self, url: str, row: Any, *, backwards: bool) -> str:
        position = [_jsonable(getattr(row, name)) for name in self._fields]
        cursor = signing.dumps({"p": position, "b": backwards}, salt=self._salt, compress=True)
        scheme, netloc, path, query, fragment = parse.urlsplit(url)
        parameters = parse.parse_qs(query, keep_blank_values=True)
        parameters["cursor"] = [cursor]
        return parse.urlunsplit(
            (scheme, netloc, path, parse.urlencode(sorted(parameters.items()), doseq=True), fragment)
        )

    def _decode(self, cursor: str | None) -> tuple[Position | None, bool]:
        if not cursor:
            return None, False
        try:
            data = signing.loads(cursor, salt=self._salt)
        except signing.BadSignature:
            data = None
        if not (isinstance(data, dict) and isinstance(data.get("p"), list) and len(data["p"]) == len(self._fields)):
            message = _("This cursor is not valid here: start again from the first page.")
            raise _invalid("cursor", message, kind="invalid_cursor")
        return data["p"], bool(data.get("b"))


def _jsonable(value: Any) -> Any:
    """Dates and times as ISO 8601 (the field parses them back), numbers and texts as they are."""
    if isinstance(value, datetime.date):  # datetimes included
        return value.isoformat()
    return value


def _invalid(parameter: str, message: str, *, kind: str) -> ValidationError:
    """A 422 shaped like the one for a parameter out of bounds."""
    return ValidationError([{"type": kind, "loc": ["query", parameter], "msg": message}])
