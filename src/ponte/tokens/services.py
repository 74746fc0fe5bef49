"""API tokens own the access of organisations' systems to the API: creating, revoking and checking tokens.

A token is ``ponte_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the secret is compared in
constant time. The token acts as the representative who created it, and only within its scopes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.models import Organisation, Role, RoleKind, User
from ponte.tokens.models import TOKEN_PREFIX, ApiToken
from ponte.tokens.scopes import SCOPES
from ponte.tokens.selectors import token_by_prefix

PREFIX_ALPHABET = string.ascii_lowercase + string.digits
PREFIX_LENGTH = 8
# A token's last use is written at most this often, so a busy system does not write on every call.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created and its full text, which is shown once and never stored."""

    token: ApiToken
    plain: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = "".join(secrets.choice(PREFIX_ALPHABET) for _i in range(PREFIX_LENGTH))
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


def _checked_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - SCOPES)
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)}}, code="unknown_scope"
        )
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")}, code="no_scope")
    return sorted(set(scopes))


@transaction.atomic
def create_token(
    *, organisation: Organisation, created_by: User, name: str, scopes: list[str], expires_at: datetime | None
) -> NewToken:
    """A new token of the organisation, acting as ``created_by``; its full text is in the result only."""
    if not created_by.has_perm("tokens.create_token", organisation):
        raise PermissionDenied
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")}, code="expiry_past")
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        created_by=created_by,
        name=name.strip(),
        scopes=_checked_scopes(scopes),
        prefix=_new_prefix(),
        secret_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    token._history_user = created_by  # type: ignore[attr-defined]
    token.full_clean()
    token.save()
    return NewToken(token=token, plain=f"{TOKEN_PREFIX}_{token.prefix}_{secret}")


@transaction.atomic
def revoke_token(*, token: ApiToken, revoked_by: User) -> ApiToken:
    """Revoke the token for good: the API refuses it from now on."""
    if not revoked_by.has_perm("tokens.revoke_token", token):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."), code="already_revoked")
    token.revoked_at = timezone.now()
    token._history_user = revoked_by  # type: ignore[attr-defined]
    token.save(update_fields=["revoked_at"])
    return token


def token_for(plain: str) -> ApiToken | None:
    """The usable token this text stands for, or None (malformed, unknown, wrong secret, revoked, expired,
    account inactive or staff, or no longer a representative of the token's organisation)."""
    parts = plain.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != PREFIX_LENGTH:
        return None
    token = token_by_prefix(prefix=parts[1])
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(parts[2])):
        return None
    account = token.created_by
    if not token.is_usable or not account.is_active or account.is_staff or account.is_superuser:
        return None
    still_representative = Role.objects.filter(
        user=account, kind=RoleKind.REPRESENTATIVE, organisation=token.organisation, revoked_at__isnull=True
    ).exists()
    return token if still_representative else None


def note_use(token: ApiToken) -> None:
    """Record that the token was used, at most once a minute (no history row: it is not a change)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
