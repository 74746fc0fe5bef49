"""Email to people, always sent in the recipient's language by a background job.

Every email leaves through :func:`notify` (or, for an app's own job that attaches files, :func:`queue`): both
say what kind of email it is (``EmailKind``, or ``None`` for account, security and billing email, which is always
sent) and to which account it goes, and skip it when that account turned the kind off (``wants``). An address
with no account behind it (a contact address, a person without an account) only gets the email it asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from celery import Task


def language_of(user: Any) -> str:
    """The reader's preferred language (on their person: the account has none), the site's default otherwise."""
    language = getattr(getattr(user, "person", None), "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site_url(path: str) -> str:
    """An absolute link for an email sent by a background job (no request to take the host from)."""
    return f"{settings.PONTE_SITE_URL.rstrip('/')}{path}"


def wants(user: Any, kind: str) -> bool:
    """Whether ``user`` (an account, or None for an address with no account) wants email of ``kind``.

    The one test every sender applies before queueing an email of a kind a person can turn off
    (``EmailKind``); an address with no account only gets the email it asked for.
    """
    from ponte.core.models import EmailPreference

    if user is None or not getattr(user, "pk", None):
        return True
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or preference.wants(kind)


def may_email(recipient: Any, kind: str | None) -> bool:
    """Whether an email of ``kind`` may go to ``recipient`` (``None`` kind: account email, always sent)."""
    return kind is None or wants(recipient, kind)


def queue(job: Task[Any, Any], *, recipient: Any, kind: str | None, to: str, **arguments: Any) -> bool:
    """Queue an app's own email job (``enqueue(job, to=…, **arguments)``) under the same rule as :func:`notify`.

    ``recipient`` is the account the address belongs to (None for an address with no account). Returns whether
    the email was queued. Call it from ``transaction.on_commit``.
    """
    if not to or not may_email(recipient, kind):
        return False
    from ponte.core.jobs import enqueue

    enqueue(job, to=to, **arguments)
    return True


def notify(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any],
    kind: str | None,
    recipient: Any,
) -> bool:
    """Queue an email built from ``template`` (``…_subject.txt`` and ``…_body.txt``), unless ``recipient`` (the
    account behind ``to``, None for an address with no account) turned ``kind`` off; returns whether it was queued.

    ``kind`` is an ``EmailKind``, or None for account and security email, which is always sent. Call it from
    ``transaction.on_commit`` so nothing is sent for a change that was rolled back. ``context`` must be
    JSON-serialisable.
    """
    from ponte.core.tasks import send_email

    return queue(
        send_email, recipient=recipient, kind=kind, to=to, language=language, template=template, context=context
    )
