"""The admin shows campaigns with their history, and deliveries and unsubscribes read-only, to the secretariat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ponte.core.models import User
from ponte.outreach import services
from tests.conftest import signed_in
from tests.outreach.conftest import draft

pytestmark = pytest.mark.django_db


def test_the_secretariat_reads_campaigns_and_their_history_in_the_admin(secretariat: User) -> None:
    campaign = services.send_campaign(actor=secretariat, campaign=draft(secretariat))
    client = signed_in(secretariat)
    for name in ("outreach_campaign_changelist", "outreach_delivery_changelist", "outreach_unsubscribe_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    history = client.get(reverse("admin:outreach_campaign_history", args=[campaign.pk]))
    assert history.status_code == 200
    reasons = list(campaign.history.values_list("history_change_reason", flat=True))
    assert "outreach.campaign.created" in reasons and "outreach.campaign.sent" in reasons


def test_a_representative_has_no_admin(representative: User) -> None:
    answer = signed_in(representative).get(reverse("admin:outreach_campaign_changelist"))
    assert answer.status_code in (302, 403)
