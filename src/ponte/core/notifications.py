"""Email to people, always sent in the recipient's language by a background job."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def language_of(user: Any) -> str:
    """The reader's preferred language (on their person: the account has none), the site's default otherwise."""
    language = getattr(getattr(user, "person", None), "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site_url(path: str) -> str:
    """An absolute link for an email sent by a background job (no request to take the host from)."""
    return f"{settings.PONTE_SITE_URL.rstrip('/')}{path}"


def notify(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Queue an email built from ``template`` (``…_subject.txt`` and ``…_body.txt``).

    Call it from ``transaction.on_commit`` so nothing is sent for a change
    that was rolled back. ``context`` must be JSON-serialisable.
    """
    if not to:
        return
    from ponte.core.tasks import send_email

    send_email.delay(to=to, language=language, template=template, context=context)


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
