"""The yearly International MSME Day draft: once a year, six languages, for SMEs, waiting for staff."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ponte.core.models import OrganisationCategory
from ponte.outreach.models import Campaign, CampaignKind, CampaignState
from ponte.outreach.tasks import draft_msme_day_campaign

pytestmark = pytest.mark.django_db


def test_the_command_drafts_the_newsletter_once_per_year() -> None:
    out = StringIO()
    call_command("msme_day_campaign", "--year", "2027", stdout=out)
    call_command("msme_day_campaign", "--year", "2027", stdout=out)
    campaign = Campaign.objects.get(msme_day_year=2027)
    assert Campaign.objects.count() == 1
    assert "exists already" in out.getvalue()
    assert campaign.state == CampaignState.DRAFT and campaign.kind == CampaignKind.NEWSLETTER
    assert campaign.categories == [OrganisationCategory.SME]
    assert "27 June 2027" in campaign.body_en
    for code in ("en", "fr", "es", "ru", "ar", "zh_hans"):
        assert "2027" in getattr(campaign, f"title_{code}")
        assert getattr(campaign, f"body_{code}")


def test_the_yearly_job_makes_this_years_draft_and_is_safe_to_repeat() -> None:
    first = draft_msme_day_campaign()
    assert draft_msme_day_campaign() == first
    assert Campaign.objects.get(pk=first).msme_day_year == timezone.localdate().year
