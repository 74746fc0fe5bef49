"""Who may do what with sponsorships: the one place that says it.

Published events, their activities and quotes are open to everyone. A representative requests a sponsorship
for the organisation it represents, sees that organisation's requests and withdraws them while they wait.
The secretariat sets events up, confirms or declines requests and reads the revenue.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.rules import is_representative, is_secretariat, represents_organisation, scopes_of
from ponte.sponsorship.models import SponsoredEvent, SponsorshipRequest


@rules.predicate
def is_published(user: Any, event: SponsoredEvent | None) -> bool:
    return event is not None and event.is_published


@rules.predicate
def represents_sponsor(user: Any, request: SponsorshipRequest | None) -> bool:
    """The request is of an organisation the account represents."""
    return request is not None and request.organisation_id in scopes_of(user).organisations


rules.add_perm("sponsorship.view_event", is_published | is_secretariat)
rules.add_perm("sponsorship.sponsor", is_representative)
# Asking a member's quote, or a sponsorship, for an organisation: only for one the account represents.
rules.add_perm("sponsorship.quote_for_organisation", represents_organisation)
rules.add_perm("sponsorship.request_for_organisation", represents_organisation)
rules.add_perm("sponsorship.view_request", represents_sponsor | is_secretariat)
rules.add_perm("sponsorship.withdraw_request", represents_sponsor)
rules.add_perm("sponsorship.decide_request", is_secretariat)
rules.add_perm("sponsorship.view_requests", is_secretariat)
rules.add_perm("sponsorship.view_revenue", is_secretariat)

# The admin asks for Django's model permissions: events and activities are set up by the secretariat; requests
# are only shown there (they move through the services).
for _model in ("sponsoredevent", "activity", "sponsorshiprequest"):
    for _action in ("add", "change", "view"):
        if not rules.perm_exists(f"sponsorship.{_action}_{_model}"):
            rules.add_perm(f"sponsorship.{_action}_{_model}", is_secretariat)
