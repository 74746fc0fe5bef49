"""Shared steps of the privacy tests."""

from __future__ import annotations

from ponte.core.models import EmailKind, User
from ponte.privacy import services


def turn_off(user: User, *kinds: str) -> None:
    """The person unticks ``kinds`` on their email preferences (the other kinds stay on)."""
    services.set_email_preferences(actor=user, wanted=[kind for kind in EmailKind.values if kind not in kinds])


def turn_everything_off(user: User) -> None:
    services.set_email_preferences(actor=user, wanted=[])
