"""API of the outreach app: the published news (announcements and newsletters), the same as the public pages.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from ponte.core.pagination import LimitOffsetPagination
from ponte.outreach import selectors
from ponte.outreach.schemas import CampaignDetailOut, CampaignOut

router = Router(tags=["outreach"])


@router.get("/campaigns", response=list[CampaignOut])
@paginate(LimitOffsetPagination)
def list_campaigns(request: HttpRequest) -> Any:
    """Published announcements and sent newsletters, newest first (drafts never). Limit and offset: a few a
    month."""
    return selectors.published_campaigns()


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut)
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    """One published campaign; a draft is "not found" (its writers read it on their pages)."""
    campaign = selectors.published_campaigns().filter(pk=campaign_id).first()
    if campaign is None or not request.user.has_perm("outreach.read_campaign", campaign):
        raise Http404
    return campaign
