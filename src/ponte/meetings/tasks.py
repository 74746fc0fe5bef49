"""Background jobs of the meetings app."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from ponte.meetings.calendars import calendar_of
from ponte.meetings.models import Registration


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_email(*, registration_id: int, to: str, language: str) -> int:
    """Tell a participant their registration's state, in their language, with the meeting as iCalendar."""
    registration = Registration.objects.select_related(
        "meeting__group__sector", "meeting__country", "person", "invoice"
    ).get(pk=registration_id)
    with translation.override(language):
        context = {"registration": registration, "meeting": registration.meeting}
        subject = render_to_string("meetings/email/registration_subject.txt", context).strip()
        body = render_to_string("meetings/email/registration_body.txt", context)
        ics = calendar_of([registration.meeting], name=registration.meeting.code)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    if registration.state != "cancelled":
        message.attach(f"{registration.meeting.code}.ics", ics, "text/calendar")
    return message.send()
