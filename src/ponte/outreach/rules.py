"""Who may write, send and read outreach campaigns: the one place that says it.

- Everyone reads a campaign once it is published (sent or being sent); drafts belong to their writers.
- The secretariat writes and sends campaigns for everyone, on behalf of anyone.
- An SME association (``OrganisationCategory.SME_ASSOCIATION``) writes through its representatives: they write,
  send and follow the association's own campaigns, for the association's own country only (the services refuse
  another country), and never another organisation's campaigns. An association without a country (a global one)
  asks the secretariat.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.models import Organisation, OrganisationCategory
from ponte.core.rules import is_secretariat, scopes_of
from ponte.outreach.models import Campaign


def writes_for(organisation: Organisation | None) -> bool:
    """Whether an organisation may author campaigns through its representatives: an active national association."""
    return (
        organisation is not None
        and organisation.category == OrganisationCategory.SME_ASSOCIATION
        and organisation.is_active
        and organisation.country_id is not None
    )


@rules.predicate
def represents_writing_association(user: Any, organisation: Organisation | None) -> bool:
    """The account represents this organisation, and it is a national SME association."""
    return writes_for(organisation) and organisation is not None and organisation.pk in scopes_of(user).organisations


@rules.predicate
def represents_an_association(user: Any) -> bool:
    """The account represents at least one national SME association (it may open the writing pages)."""
    organisations = scopes_of(user).organisations
    if not organisations:
        return False
    return Organisation.objects.filter(
        pk__in=organisations,
        category=OrganisationCategory.SME_ASSOCIATION,
        is_active=True,
        country__isnull=False,
    ).exists()


@rules.predicate
def is_campaign_of_represented_association(user: Any, campaign: Campaign | None) -> bool:
    return campaign is not None and bool(represents_writing_association(user, campaign.author_organisation))


@rules.predicate
def is_published(user: Any, campaign: Campaign | None) -> bool:
    """A published campaign (``None``: the public list as a whole)."""
    return campaign is None or campaign.is_published


can_write = is_secretariat | represents_an_association
can_manage_campaign = is_secretariat | is_campaign_of_represented_association

rules.add_perm("outreach.read_campaign", is_published | can_manage_campaign)
rules.add_perm("outreach.write_campaigns", can_write)
rules.add_perm("outreach.write_for_organisation", is_secretariat | represents_writing_association)
rules.add_perm("outreach.manage_campaign", can_manage_campaign)
rules.add_perm("outreach.target_anywhere", is_secretariat)
# The admin asks for Django's model permissions; here they are the secretariat's.
for _model in ("campaign", "delivery", "unsubscribe"):
    for _action in ("add", "change", "view"):
        rules.add_perm(f"outreach.{_action}_{_model}", is_secretariat)
