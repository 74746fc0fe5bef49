"""The API's page size and page start have bounds: a client asking for more than 100 items, or for a start
beyond any table, gets 422 with the field's error rather than a database overflow (found by schemathesis)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

# Far beyond any table Ponte holds, and inside every database's 64-bit OFFSET.
MAX_OFFSET = 2**31 - 1


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
