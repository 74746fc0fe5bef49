"""API output shapes of the outreach app.

No ``from __future__ import annotations``: ninja and pydantic read the types at runtime.
"""

import datetime

from ninja import Field, Schema

from ponte.core.text import render_user_text
from ponte.outreach.models import Campaign


class CampaignOut(Schema):
    id: int
    kind: str = Field(description="announcement or newsletter.")
    title: str = Field(description="In the language of the request (English when not translated).")
    published_at: datetime.datetime | None
    author: str = Field(description="The association that wrote it; empty for the secretariat.")
    url: str = Field(description="The campaign's page.")

    @staticmethod
    def resolve_author(campaign: Campaign) -> str:
        return campaign.author_organisation.name if campaign.author_organisation else ""

    @staticmethod
    def resolve_url(campaign: Campaign) -> str:
        return campaign.get_absolute_url()


class CampaignDetailOut(CampaignOut):
    body: str = Field(description="The text as written (Markdown), in the language of the request.")
    body_html: str = Field(description="The text as sanitised HTML.")

    @staticmethod
    def resolve_body_html(campaign: Campaign) -> str:
        return str(render_user_text(campaign.body))
