"""Background jobs of the partner-opportunity platform."""

from __future__ import annotations

from celery import shared_task

from ponte.opportunities import services


@shared_task(acks_late=True)
def send_opportunity_digests() -> int:
    """Mail the daily digest of newly published matching opportunities (see the service); safe to run twice."""
    return services.send_opportunity_digests()
