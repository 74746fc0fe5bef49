"""Who may follow what, and who sees a personal portal: the one place that says it.

- "My portal" is for signed-in accounts; each sees only their own items and follows.
- A signed-in account follows what is public: an active group, any Recommendation of the catalogue, a published
  opportunity (not a draft, not a closed one). Stopping to follow is always allowed, even once the target closed.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.models import Group
from ponte.opportunities.models import Opportunity, OpportunityState
from ponte.standards.models import Recommendation


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_followable(user: Any, target: Any) -> bool:
    """An active group, a Recommendation, or a published opportunity."""
    if isinstance(target, Group):
        return target.is_active
    if isinstance(target, Recommendation):
        return True
    if isinstance(target, Opportunity):
        return target.state == OpportunityState.PUBLISHED
    return False


rules.add_perm("portal.view_portal", is_signed_in)
rules.add_perm("portal.follow", is_signed_in & is_followable)
rules.add_perm("portal.unfollow", is_signed_in)
