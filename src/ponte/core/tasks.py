"""Background jobs of the core app."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to: str, language: str, template: str, context: dict[str, Any]) -> int:
    """Render the email in the recipient's language and send it; retried if SMTP is unreachable."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@shared_task
def publish_waiting_jobs() -> int:
    """Publish the jobs kept in the outbox while the broker was down (every minute, by beat)."""
    from ponte.core.jobs import publish_waiting_jobs as publish

    return publish()


@worker_ready.connect
def _publish_waiting_jobs_on_start(**kwargs: Any) -> None:
    """A worker that starts publishes at once what waited for a broker (beat does it every minute after)."""
    from ponte.core.jobs import publish_waiting_jobs as publish

    try:
        publish()
    finally:
        connection.close()  # the worker's main process runs no jobs: it keeps no connection open
