"""The privacy app owns what a person decides about their own data: which email they get (``EmailPreference``),
the download of everything Ponte holds about them, and their request that it be deleted, which the secretariat
approves (the person and the account are anonymised, their history too, while the records others count on stay)
or declines with a reason.

Every write is here: keyword-only arguments, permission through ``rules`` first, ``ValidationError`` (with a
field and a code) or ``PermissionDenied`` on refusal, nothing half-saved, history with the acting user and a
namespaced reason (``privacy.deletion.approved``), emails after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import EmailKind, EmailPreference, Person, Role, User
from ponte.core.notifications import language_of, notify, site_url
from ponte.privacy.models import DeletionRequest, DeletionState

DELETED_NAME = "Deleted person"

# Copies of the account's address that other apps keep beside it (model, the account's field, the address field).
ADDRESS_COPIES = (("outreach.Delivery", "recipient", "email"),)


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- Email preferences --------------------------------------------------------------------------------------------


@transaction.atomic
def set_email_preferences(*, actor: Any, wanted: Iterable[str]) -> EmailPreference:
    """The signed-in person chooses the kinds of email they get: those in ``wanted`` on, the others off."""
    _require(actor, "privacy.manage_own_privacy")
    chosen = set(wanted)
    unknown = chosen - set(EmailKind.values)
    if unknown:
        raise _invalid("wanted", _("Choose among the kinds of email listed."), "unknown_kind")
    preference = EmailPreference.objects.select_for_update().filter(user=actor).first()
    preference = preference or EmailPreference(user=actor)
    for kind in EmailKind:
        setattr(preference, kind.value, kind.value in chosen)
    _save(preference, "privacy.email_preferences.changed", actor)
    return preference


# --- Deletion requests --------------------------------------------------------------------------------------------


@transaction.atomic
def request_deletion(*, actor: Any, reason: str = "") -> DeletionRequest:
    """The signed-in person asks that their personal data be deleted; the secretariat decides."""
    _require(actor, "privacy.manage_own_privacy")
    User.objects.select_for_update().filter(pk=actor.pk).first()  # two requests at once wait for each other
    if DeletionRequest.objects.filter(user=actor, state=DeletionState.PENDING).exists():
        raise _invalid("reason", _("Your request is already with the secretariat."), "already_pending")
    request = DeletionRequest(user=actor, reason=reason.strip())
    try:
        with transaction.atomic():
            _save(request, "privacy.deletion.requested", actor)
    except IntegrityError as error:  # the same request sent twice at once
        raise _invalid("reason", _("Your request is already with the secretariat."), "already_pending") from error
    return request


@transaction.atomic
def withdraw_deletion_request(*, actor: Any, request: DeletionRequest) -> DeletionRequest:
    """The person takes back a request the secretariat has not decided yet."""
    request = _locked(request)
    _require(actor, "privacy.withdraw_deletion_request", request)
    _still_pending(request)
    request.state = DeletionState.WITHDRAWN
    request.decided_at = timezone.now()
    _save(request, "privacy.deletion.withdrawn", actor)
    return request


@transaction.atomic
def decline_deletion_request(*, actor: Any, request: DeletionRequest, note: str) -> DeletionRequest:
    """The secretariat declines a request, saying why; the person is told by email."""
    request = _locked(request)
    _require(actor, "privacy.decide_deletion_request", request)
    _still_pending(request)
    if not note.strip():
        raise _invalid("note", _("Say why: the person reads it."), "note_required")
    request.state = DeletionState.DECLINED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.decision_note = note.strip()
    _save(request, "privacy.deletion.declined", actor)
    _tell_the_person(request, to=request.user.email, language=language_of(request.user))
    return request


@transaction.atomic
def approve_deletion_request(*, actor: Any, request: DeletionRequest, note: str = "") -> DeletionRequest:
    """The secretariat approves a request: in one transaction the person and the account are anonymised, their
    history too, and the account can no longer be used; what others count on (attendance, contributions,
    payments, posts) stays, pointing at the anonymised person. The person is told at the address they had."""
    request = _locked(request)
    _require(actor, "privacy.decide_deletion_request", request)
    _still_pending(request)
    user = User.objects.select_for_update().get(pk=request.user_id)
    address, language = user.email, language_of(user)
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is not None:
        _anonymise_person(person, actor)
    _close_account(user, actor)
    request.state = DeletionState.APPROVED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.decision_note = note.strip()
    request.reason = ""
    _save(request, "privacy.deletion.approved", actor)
    DeletionRequest.history.filter(user_id=user.pk).update(reason="")
    _tell_the_person(request, to=address, language=language)
    return request


def _locked(request: DeletionRequest) -> DeletionRequest:
    return DeletionRequest.objects.select_for_update().select_related("user").get(pk=request.pk)


def _still_pending(request: DeletionRequest) -> None:
    if not request.is_pending:
        raise _invalid("request", _("This request was already decided or withdrawn."), "already_decided")


def _anonymise_person(person: Person, actor: Any) -> None:
    """Names become "Deleted person" and a number; the email, gender, birth year and language are cleared, in
    the person's row and in every history row of it. The country stays: it is no one's identity on its own and
    the participation statistics count it."""
    anonymous = {
        "given_name": DELETED_NAME,
        "family_name": f"#{person.pk}",
        "email": "",
        "gender": "",
        "birth_year": None,
        "language": "en",
    }
    for field, value in anonymous.items():
        setattr(person, field, value)
    _save(person, "privacy.deletion.approved", actor)
    Person.history.filter(id=person.pk).update(**anonymous)


def _close_account(user: User, actor: Any) -> None:
    """The account can no longer sign in or receive email: unusable password, replaced username and email, no
    email addresses, second factors, sessions, private calendar link or current roles."""
    from ponte.meetings.models import CalendarFeed

    user.set_unusable_password()
    user.username = f"deleted-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    _forget_address_copies(user)
    _end_sessions(user)
    for role in Role.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        role.revoked_at = timezone.now()
        _save(role, "privacy.deletion.approved", actor)


def _forget_address_copies(user: User) -> None:
    """Clear the copies of the address other apps keep (a newsletter's delivery list), and in their history."""
    for label, owner, field in ADDRESS_COPIES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if field not in {each.name for each in model._meta.concrete_fields}:
            continue
        model._default_manager.filter(**{owner: user}).update(**{field: ""})
        history = getattr(model, "history", None)
        if history is not None:
            history.filter(**{f"{owner}_id": user.pk}).update(**{field: ""})


def _end_sessions(user: User) -> None:
    """Sign the account out everywhere (sessions are stored in the database)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()


def _tell_the_person(request: DeletionRequest, *, to: str, language: str) -> None:
    """Account email (always sent): the secretariat's decision on the request, in the person's language."""
    with translation.override(language):
        context = {
            "approved": request.state == DeletionState.APPROVED,
            "state": str(request.get_state_display()),
            "note": request.decision_note,
            "url": site_url(reverse("privacy:index")),
        }
    transaction.on_commit(
        partial(
            notify,
            to=to,
            language=language,
            template="privacy/email/deletion_decision",
            context=context,
            kind=None,
            recipient=None,
        )
    )
