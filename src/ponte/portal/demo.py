"""Demo follows: the demo SME representative (sme@astem.example) follows ITU-T SG16, H.702 and a partner
opportunity, so that "My portal" shows meetings and news at once. Idempotent: following again changes nothing."""

from __future__ import annotations

from django.db import transaction

from ponte.core.models import Group, User
from ponte.opportunities.models import Opportunity, OpportunityState
from ponte.portal import services
from ponte.standards.models import Recommendation

REPRESENTATIVE = "sme@astem.example"


@transaction.atomic
def load_portal_demo(*, email: str = REPRESENTATIVE) -> int:
    """Give the demo account its follows; return how many targets it follows afterwards."""
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return 0
    targets = [
        Group.objects.filter(sector__code="ITU-T", code="SG16", is_active=True).first(),
        Group.objects.filter(sector__code="ITU-T", code="SG20", is_active=True).first(),
        Recommendation.objects.filter(sector__code="ITU-T", identifier="H.702").first(),
        Opportunity.objects.filter(state=OpportunityState.PUBLISHED).order_by("-published_at", "-pk").first(),
    ]
    followed = 0
    for target in targets:
        if target is not None:
            services.follow(actor=user, target=target)
            followed += 1
    return followed
