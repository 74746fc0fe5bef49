"""Background jobs of the indicators: keep the rollups up to date after the records change."""

from __future__ import annotations

from celery import shared_task

from ponte.stats.rollups import refresh_stale_rollups


@shared_task(acks_late=True)
def refresh_participation_rollups() -> int:
    """Recompute the rollups of the scopes marked stale; a no-op when another run took them already."""
    return refresh_stale_rollups()
