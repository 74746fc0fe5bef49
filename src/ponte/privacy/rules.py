"""Who may do what with email preferences, personal-data exports and deletion requests: the one place that says it.

- A signed-in person manages their own email preferences, downloads their own data, asks for the deletion of
  their own data and withdraws their own pending request. Nobody acts for another person here.
- The secretariat reads the deletion requests and decides them, but never its own.
- Anonymous visitors do none of it.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.rules import is_secretariat
from ponte.privacy.models import DeletionRequest


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def asked_for_it(user: Any, request: DeletionRequest | None) -> bool:
    return request is not None and request.user_id == user.pk


@rules.predicate
def is_someone_elses(user: Any, request: DeletionRequest | None) -> bool:
    return request is None or request.user_id != user.pk


rules.add_perm("privacy.manage_own_privacy", is_signed_in)
rules.add_perm("privacy.withdraw_deletion_request", is_signed_in & asked_for_it)
rules.add_perm("privacy.view_deletion_requests", is_secretariat)
rules.add_perm("privacy.decide_deletion_request", is_secretariat & is_someone_elses)
