"""Tokens made through the service, as a representative would make them on the page."""

from __future__ import annotations

from datetime import datetime

from ponte.core.models import Organisation, User
from ponte.tokens import services


def token(
    user: User, organisation: Organisation, *scopes: str, expires_at: datetime | None = None
) -> services.NewToken:
    return services.create_token(
        organisation=organisation,
        created_by=user,
        name="ERP connector",
        scopes=list(scopes) or ["core:read"],
        expires_at=expires_at,
    )


def bearer(new: services.NewToken | str) -> dict[str, str]:
    plain = new if isinstance(new, str) else new.plain
    return {"Authorization": f"Bearer {plain}"}
