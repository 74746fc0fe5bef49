"""The personal portal owns what a person follows (groups, Recommendations, partner opportunities); every other
item "My portal" shows belongs to its own app and is only read here (``selectors.py``).

Following and stopping are idempotent: following twice keeps one row, stopping what is not followed changes
nothing. Permission through ``rules`` first; history with the acting user and a namespaced reason.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Group, User
from ponte.opportunities.models import Opportunity
from ponte.portal.models import Follow, FollowKind
from ponte.standards.models import Recommendation

TARGET_TYPES: dict[FollowKind, type[Any]] = {
    FollowKind.GROUP: Group,
    FollowKind.RECOMMENDATION: Recommendation,
    FollowKind.OPPORTUNITY: Opportunity,
}


def kind_of(target: Any) -> FollowKind:
    """The kind of follow a target takes (``ValueError`` for anything that cannot be followed)."""
    for kind, model in TARGET_TYPES.items():
        if isinstance(target, model):
            return kind
    raise ValueError(f"{type(target).__name__} cannot be followed")


def _existing(actor: User, target: Any) -> Follow | None:
    kind = kind_of(target)
    return Follow.objects.filter(user=actor, **{kind.value: target}).first()


@transaction.atomic
def follow(*, actor: User, target: Any) -> Follow:
    """Follow a group, a Recommendation or an opportunity; following it again returns the same follow."""
    _require(actor, "portal.follow", target)
    existing = _existing(actor, target)
    if existing is not None:
        return existing
    made = Follow(user=actor, **{kind_of(target).value: target})
    try:
        # A second request at the same moment meets the unique constraint: the follow exists, which is the aim.
        with transaction.atomic():
            _save(made, f"portal.follow.{made.kind.value}.started", actor)
    except IntegrityError:
        found = _existing(actor, target)
        if found is None:
            raise
        return found
    return made


@transaction.atomic
def unfollow(*, actor: User, target: Any) -> bool:
    """Stop following; ``False`` when it was not followed (nothing changes)."""
    _require(actor, "portal.unfollow", target)
    existing = _existing(actor, target)
    if existing is None:
        return False
    existing._change_reason = f"portal.follow.{existing.kind.value}.stopped"  # type: ignore[attr-defined]
    existing._history_user = actor  # type: ignore[attr-defined]
    existing.delete()
    return True
