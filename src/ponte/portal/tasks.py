"""Background jobs of the personal portal."""

from __future__ import annotations

from celery import shared_task

from ponte.portal import reminders


@shared_task(acks_late=True)
def send_deadline_reminders() -> int:
    """Email today's deadline reminders (see ``reminders``); safe to run twice: nothing is sent again."""
    return reminders.send_deadline_reminders()
