"""What meetings do when something happens elsewhere: a paid invoice confirms the registration waiting for it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ponte.membership.models import Invoice
from ponte.membership.services import invoice_paid


@receiver(invoice_paid, sender=Invoice, dispatch_uid="meetings.confirm_paid_registrations")
def confirm_paid_registrations(sender: Any, invoice: Invoice, actor: Any, **kwargs: Any) -> None:
    from ponte.meetings.services import confirm_paid_registrations as confirm

    confirm(invoice=invoice, actor=actor)
