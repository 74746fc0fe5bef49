"""Who may see and do what on the partner-opportunity platform: the one place that says it.

- Everyone reads published opportunities (and closed ones, marked closed); drafts are the secretariat's.
- Pitch documents are for signed-in readers of a published or closed opportunity, and for the secretariat.
- An organisation's focus, its recommendations and its interests belong to its representatives: they set the
  focus, read the recommendations, express and withdraw interest. Nobody else acts for the organisation.
- The secretariat writes opportunities, uploads their documents, and reads who is interested in what.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.models import Organisation
from ponte.core.rules import is_secretariat, represents_organisation
from ponte.opportunities.models import Interest, Opportunity, OpportunityState


@rules.predicate
def is_public(user: Any, opportunity: Opportunity | None) -> bool:
    """A published or closed opportunity (``None``: the public list as a whole)."""
    return opportunity is None or opportunity.state != OpportunityState.DRAFT


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def represents_interest_organisation(user: Any, interest: Interest | None) -> bool:
    return interest is not None and represents_organisation(user, interest.organisation)


@rules.predicate
def is_active_organisation(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.is_active


rules.add_perm("opportunities.view_opportunity", is_public | is_secretariat)
rules.add_perm("opportunities.view_pitch_documents", (is_signed_in & is_public) | is_secretariat)
rules.add_perm("opportunities.manage_opportunities", is_secretariat)
rules.add_perm("opportunities.view_interests", is_secretariat)
rules.add_perm("opportunities.act_for_organisation", represents_organisation & is_active_organisation)
rules.add_perm("opportunities.withdraw_interest", represents_interest_organisation)

# The admin asks for Django's model permissions; here they are the secretariat's (what it may do there is
# narrowed further in admin.py: nothing added or deleted, documents, foci and interests only shown).
for _model in ("opportunity", "pitchdocument", "organisationfocus", "interest"):
    for _action in ("add", "change", "view"):
        _name = f"opportunities.{_action}_{_model}"
        if not rules.perm_exists(_name):
            rules.add_perm(_name, is_secretariat)
