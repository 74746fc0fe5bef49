"""Background jobs of the outreach app: they only call services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from ponte.outreach import services


@shared_task(acks_late=True)
def deliver_campaign(*, campaign_id: int) -> int:
    """Email a queued campaign to its audience; safe to run again (each account gets it once)."""
    return services.deliver_campaign(campaign_id=campaign_id)


@shared_task
def draft_msme_day_campaign() -> int:
    """Early May: draft this year's International MSME Day newsletter for staff to review (once a year)."""
    campaign, _created = services.create_msme_day_campaign(year=timezone.localdate().year)
    return campaign.pk
