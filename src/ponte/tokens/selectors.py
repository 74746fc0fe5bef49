"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from ponte.core.models import Organisation
from ponte.tokens.models import ApiToken


def organisation_tokens(*, organisation: Organisation) -> QuerySet[ApiToken]:
    """The organisation's tokens, newest first, with who created them."""
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


def token_by_prefix(*, prefix: str) -> ApiToken | None:
    """The token with this public prefix, with its account and organisation, or None."""
    return ApiToken.objects.select_related("created_by", "organisation").filter(prefix=prefix).first()
