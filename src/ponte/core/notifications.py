"""Email to people, always sent in the recipient's language by a background job."""

from __future__ import annotations

from typing import Any


def notify(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Queue an email built from ``template`` (``…_subject.txt`` and ``…_body.txt``).

    Call it from ``transaction.on_commit`` so nothing is sent for a change
    that was rolled back. ``context`` must be JSON-serialisable.
    """
    if not to:
        return
    from ponte.core.tasks import send_email

    send_email.delay(to=to, language=language, template=template, context=context)
