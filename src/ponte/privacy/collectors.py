"""Everything Ponte holds about one person, for their data download: one collector per app, in a registry.

A collector takes the signed-in account and its person (None when the account has no person yet) and returns
that app's part: only rows about this person, as plain JSON values (dates ISO 8601, decimals as strings, foreign
keys as ids beside a readable label). An app that stores something new about people adds a collector here (or
registers one with :func:`collector` from its own module) so that the download stays complete.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile

from ponte.core.models import Person, User

Collector = Callable[[User, Person | None], Any]
COLLECTORS: dict[str, Collector] = {}

# Secrets and internal bookkeeping: never part of a download.
_NEVER = {"password", "token", "secret", "data"}


def collector(name: str) -> Callable[[Collector], Collector]:
    """Register ``function`` as the part ``name`` of every person's data download."""

    def register(function: Collector) -> Collector:
        COLLECTORS[name] = function
        return function

    return register


def plain(value: Any) -> Any:
    """A JSON value for a field's value."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(instance: models.Model, *, labels: Iterable[str] = (), exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A row as a dict of its fields; ``labels`` (foreign keys, loaded with ``select_related``) also as text."""
    left_out = _NEVER | set(exclude)
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in left_out:
            continue
        data[field.name] = plain(field.value_from_object(instance))
        if field.choices and data[field.name]:
            data[f"{field.name}_display"] = str(getattr(instance, f"get_{field.name}_display")())
    for name in labels:
        related = getattr(instance, name)
        data[f"{name}_label"] = str(related) if related is not None else None
    return data


def records(queryset: Iterable[models.Model], **options: Any) -> list[dict[str, Any]]:
    return [record(instance, **options) for instance in queryset]


def _optional_model(label: str) -> type[models.Model] | None:
    """A model another app may or may not have yet (``portal.Follow``, ``outreach.Delivery``)."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def personal_data(user: User) -> dict[str, Any]:
    """The whole download for ``user``: every collector's part under its name."""
    person = Person.objects.filter(user=user).select_related("country").first()
    return {name: function(user, person) for name, function in COLLECTORS.items()}


# --- core ---------------------------------------------------------------------------------------------------------


@collector("account")
def account(user: User, person: Person | None) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data = record(user, exclude={"is_superuser", "user_permissions", "groups"})
    data["email_addresses"] = records(EmailAddress.objects.filter(user=user), exclude={"user"})
    data["second_factors"] = [
        {"type": row.type, "created_at": plain(row.created_at), "last_used_at": plain(row.last_used_at)}
        for row in Authenticator.objects.filter(user=user)
    ]
    return data


@collector("person")
def person_record(user: User, person: Person | None) -> dict[str, Any] | None:
    return None if person is None else record(person, labels=["country"], exclude={"user"})


@collector("affiliations")
def affiliations(user: User, person: Person | None) -> list[dict[str, Any]]:
    if person is None:
        return []
    rows = person.affiliations.select_related("organisation").order_by("pk")
    return records(rows, labels=["organisation"], exclude={"person"})


@collector("roles")
def roles(user: User, person: Person | None) -> list[dict[str, Any]]:
    rows = user.roles.select_related("country", "organisation", "group__sector").order_by("pk")
    return records(rows, labels=["country", "organisation", "group"], exclude={"user"})


@collector("email_preferences")
def email_preferences(user: User, person: Person | None) -> dict[str, Any]:
    from ponte.core.models import EmailKind, EmailPreference

    preference = EmailPreference.objects.filter(user=user).first()
    return {kind.value: preference is None or preference.wants(kind) for kind in EmailKind}


# --- membership ---------------------------------------------------------------------------------------------------


@collector("membership_applications")
def membership_applications(user: User, person: Person | None) -> list[dict[str, Any]]:
    """The applications this account created (its history says who made each)."""
    from ponte.membership.models import Application

    created = Application.history.filter(history_type="+", history_user=user).values("id")
    rows = Application.objects.filter(pk__in=created).select_related("organisation").order_by("pk")
    return records(rows, labels=["organisation"], exclude={"decided_by"})


# --- meetings -----------------------------------------------------------------------------------------------------


@collector("meetings")
def meetings(user: User, person: Person | None) -> dict[str, Any]:
    from ponte.meetings.models import Attendance, CalendarFeed, Contribution, Fellowship, LeadershipPost, Registration

    mine: dict[str, Any] = {"person": person} if person is not None else {"pk__in": []}
    return {
        "registrations": records(
            Registration.objects.filter(**mine).select_related("meeting", "organisation").order_by("pk"),
            labels=["meeting", "organisation"],
            exclude={"person", "registered_by"},
        ),
        "attendance": records(
            Attendance.objects.filter(**mine).select_related("meeting").order_by("day", "pk"),
            labels=["meeting"],
            exclude={"person", "recorded_by"},
        ),
        "fellowships": records(
            Fellowship.objects.filter(**mine).select_related("meeting", "country").order_by("pk"),
            labels=["meeting", "country"],
            exclude={"person", "nominated_by", "decided_by"},
        ),
        "contributions": records(
            Contribution.objects.filter(submitted_by=user).select_related("group__sector", "meeting").order_by("pk"),
            labels=["group", "meeting"],
            exclude={"submitted_by"},
        ),
        "leadership_posts": records(
            LeadershipPost.objects.filter(**mine).select_related("group__sector").order_by("pk"),
            labels=["group"],
            exclude={"person"},
        ),
        "has_private_calendar": CalendarFeed.objects.filter(user=user).exists(),
    }


# --- Standards Q&A ------------------------------------------------------------------------------------------------


@collector("questions_and_answers")
def questions_and_answers(user: User, person: Person | None) -> dict[str, Any]:
    from ponte.qa.models import Answer, FollowUp, Question, Vote

    moderation = {"hidden_by"}
    return {
        "questions": records(
            Question.objects.filter(asked_by=user).order_by("pk"),
            exclude=moderation | {"asked_by", "accepted_answer", "experts_notified_at", "experts_notified"},
        ),
        "answers": records(Answer.objects.filter(author=user).order_by("pk"), exclude=moderation | {"author"}),
        "follow_ups": records(FollowUp.objects.filter(author=user).order_by("pk"), exclude=moderation | {"author"}),
        "votes": records(Vote.objects.filter(user=user).order_by("pk"), exclude={"user"}),
    }


# --- opportunities, sponsorship -----------------------------------------------------------------------------------


@collector("opportunity_interests")
def opportunity_interests(user: User, person: Person | None) -> list[dict[str, Any]]:
    from ponte.opportunities.models import Interest

    rows = Interest.objects.filter(expressed_by=user).select_related("opportunity", "organisation").order_by("pk")
    return records(rows, labels=["opportunity", "organisation"], exclude={"expressed_by", "withdrawn_by"})


@collector("sponsorship_requests")
def sponsorship_requests(user: User, person: Person | None) -> list[dict[str, Any]]:
    from ponte.sponsorship.models import SponsorshipRequest

    rows = (
        SponsorshipRequest.objects.filter(requested_by=user).select_related("activity", "organisation").order_by("pk")
    )
    return records(rows, labels=["activity", "organisation"], exclude={"requested_by", "decided_by"})


# --- experts ------------------------------------------------------------------------------------------------------


@collector("certificates")
def certificates(user: User, person: Person | None) -> dict[str, Any]:
    from ponte.experts.models import Certificate, Participation

    mine: dict[str, Any] = {"person": person} if person is not None else {"pk__in": []}
    return {
        "certificates": records(
            Certificate.objects.filter(**mine).select_related("workshop").order_by("pk"),
            labels=["workshop"],
            exclude={"person", "issued_by", "revoked_by"},
        ),
        "workshops": records(
            Participation.objects.filter(**mine).select_related("workshop").order_by("pk"),
            labels=["workshop"],
            exclude={"person"},
        ),
    }


# --- portal, outreach, privacy ------------------------------------------------------------------------------------


@collector("follows")
def follows(user: User, person: Person | None) -> list[dict[str, Any]]:
    model = _optional_model("portal.Follow")
    if model is None:
        return []
    return records(model._default_manager.filter(user=user).order_by("pk"), exclude={"user"})


@collector("newsletters")
def newsletters(user: User, person: Person | None) -> dict[str, Any]:
    """The campaigns emailed to this account and those it unsubscribed from (if the outreach app keeps them)."""
    parts: dict[str, Any] = {}
    for name, label, field in (
        ("deliveries", "outreach.Delivery", "recipient"),
        ("unsubscribes", "outreach.Unsubscribe", "user"),
    ):
        model = _optional_model(label)
        if model is not None and any(f.name == field for f in model._meta.concrete_fields):
            rows = model._default_manager.filter(**{field: user}).order_by("pk")
            parts[name] = records(rows, exclude={field})
    return parts


@collector("deletion_requests")
def deletion_requests(user: User, person: Person | None) -> list[dict[str, Any]]:
    from ponte.privacy.models import DeletionRequest

    return records(DeletionRequest.objects.filter(user=user).order_by("pk"), exclude={"user", "decided_by"})
