"""Background jobs of fellowships: telling the candidate and the focal point the secretariat's decision."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from ponte.meetings.models import Fellowship


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_fellowship_decision_email(*, fellowship_id: int, to: str, language: str) -> int:
    """Tell one recipient a fellowship's decision (awarded or not), in their language."""
    fellowship = Fellowship.objects.select_related("meeting__group__sector", "person", "country").get(pk=fellowship_id)
    with translation.override(language):
        context = {"fellowship": fellowship, "meeting": fellowship.meeting}
        subject = render_to_string("meetings/email/fellowship_subject.txt", context).strip()
        body = render_to_string("meetings/email/fellowship_body.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
