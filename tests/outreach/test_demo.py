"""The demo: an SME association and its representative, two sent campaigns and this year's MSME Day draft, once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ponte.core.demo import load_demo
from ponte.core.models import OrganisationCategory, User
from ponte.outreach.demo import ASSOCIATION_EMAIL, load_outreach_demo
from ponte.outreach.models import Campaign, CampaignState

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(django_capture_on_commit_callbacks: object) -> None:
    load_demo()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert load_outreach_demo() == 3
    assert load_outreach_demo() == 0
    sent = Campaign.objects.filter(state=CampaignState.SENT)
    assert sorted(sent.values_list("kind", flat=True)) == ["announcement", "newsletter"]
    newsletter = sent.get(kind="newsletter")
    assert newsletter.author_organisation is not None
    assert newsletter.author_organisation.category == OrganisationCategory.SME_ASSOCIATION
    representative = User.objects.get(email=ASSOCIATION_EMAIL)
    assert representative.has_perm("outreach.manage_campaign", newsletter)
    assert Campaign.objects.get(msme_day_year=timezone.localdate().year).state == CampaignState.DRAFT


def test_without_a_secretariat_account_the_demo_makes_nothing() -> None:
    assert load_outreach_demo() == 0
    assert not Campaign.objects.exists()
