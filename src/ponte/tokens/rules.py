"""Who may see, create and revoke an organisation's API tokens: the one place that says it.

- A current representative of the organisation sees its tokens, creates them (acting as itself) and revokes them.
- The secretariat sees and revokes any organisation's tokens, but creates none: a token never bypasses the staff
  second factor, so staff accounts hold no tokens.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.models import Organisation
from ponte.core.rules import is_secretariat, represents_organisation
from ponte.tokens.models import ApiToken


@rules.predicate
def is_staff_account(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


@rules.predicate
def is_active_organisation(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.is_active


@rules.predicate
def represents_token_organisation(user: Any, token: ApiToken | None) -> bool:
    return token is not None and represents_organisation(user, token.organisation)


rules.add_perm("tokens.view_tokens", represents_organisation | is_secretariat)
rules.add_perm("tokens.create_token", represents_organisation & is_active_organisation & ~is_staff_account)
rules.add_perm("tokens.revoke_token", represents_token_organisation | is_secretariat)
