"""Background jobs of the membership app."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from ponte.membership.exports import invoice_pdf
from ponte.membership.models import Invoice


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invoice(*, invoice_id: int, to: str, language: str) -> int:
    """Email an invoice with its PDF, both in the recipient's language; retried if SMTP is unreachable."""
    if not to:
        return 0
    invoice = Invoice.objects.select_related("organisation__country").get(pk=invoice_id)
    with translation.override(language):
        context = {"invoice": invoice}
        subject = render_to_string("membership/email/invoice_subject.txt", context).strip()
        body = render_to_string("membership/email/invoice_body.txt", context)
        pdf = invoice_pdf(invoice)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach(f"{invoice.number}.pdf", pdf, "application/pdf")
    return message.send()
