"""Mark the rollups a change makes stale, and have the job recompute them once the change is committed.

Every record the indicators count is covered: person-days (one by one, or in
bulk through ``attendance_recorded``), the people, organisations, countries and
groups they refer to, contributions and their sources, fellowships, leadership
posts and fee waivers. Updates mark the scope the record had before as well as
the one it has now (a person-day moved to another meeting changes both).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.functions import ExtractYear
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from ponte.core.jobs import enqueue
from ponte.core.models import Country, Group, Organisation, Person
from ponte.meetings.models import Attendance, Contribution, Fellowship, LeadershipPost
from ponte.meetings.signals import attendance_recorded
from ponte.membership.models import FeeWaiver
from ponte.stats.models import ALL_YEARS, StaleScope

Scope = tuple[int, int | None]  # (year or ALL_YEARS, group id or None for every group)
EVERYTHING: set[Scope] = {(ALL_YEARS, None)}
IDS_PER_QUERY = 900  # below SQLite's 999 bound parameters


def _days_scopes(days: QuerySet[Attendance]) -> set[Scope]:
    """The (year, group) of some person-days, in one query."""
    pairs = days.annotate(year=ExtractYear("day")).values_list("year", "meeting__group_id").distinct().order_by()
    return set(pairs)


def _refresh_after_commit() -> None:
    from ponte.stats.tasks import refresh_participation_rollups

    enqueue(refresh_participation_rollups)


def mark_stale(scopes: Iterable[Scope]) -> None:
    """Record the stale scopes with the change, and ask for one refresh when the change is committed."""
    rows = [StaleScope(year=year, group_id=group_id) for year, group_id in set(scopes)]
    if not rows:
        return
    StaleScope.objects.bulk_create(rows)
    connection = transaction.get_connection()
    pending = getattr(connection, "run_on_commit", [])
    if not any(callback[1] is _refresh_after_commit for callback in pending):
        transaction.on_commit(_refresh_after_commit)


def scopes_of(record: Model) -> set[Scope]:
    """The scopes a record counts in, as it is saved now."""
    if isinstance(record, Attendance):
        return {(record.day.year, record.meeting.group_id)} if record.day and record.meeting_id else set()
    if isinstance(record, Contribution):
        year = (record.submitted_at or datetime.datetime.now(datetime.UTC)).year
        return {(year, record.group_id)}
    if isinstance(record, Fellowship):
        return {(record.meeting.starts_on.year, record.meeting.group_id)}
    if isinstance(record, LeadershipPost):
        return {(ALL_YEARS, record.group_id)}  # a post spans years
    if isinstance(record, FeeWaiver):
        return {(record.first_year, None)}  # waivers count in every group's figures of their year
    if isinstance(record, Person):
        return _days_scopes(Attendance.objects.filter(person=record))
    if isinstance(record, Organisation):
        return _days_scopes(Attendance.objects.filter(organisation=record))
    if isinstance(record, Country | Group):
        return EVERYTHING  # reference data: flags, regions, parents and sectors count everywhere
    return set()


COUNTED: tuple[type[Model], ...] = (Attendance, Contribution, Fellowship, LeadershipPost, FeeWaiver)
# What of a referred record the indicators read: a change elsewhere (a name, a title) marks nothing.
REFERRED: dict[type[Model], tuple[str, ...]] = {
    Person: ("gender", "birth_year", "country_id"),
    Organisation: ("category", "country_id"),
    Country: ("region", "is_developing", "is_ldc", "is_sids", "is_lldc"),
    Group: ("code", "sector_id", "parent_id"),
}


def _before(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._stale_before = scopes_of(previous) if previous is not None else set()  # type: ignore[attr-defined]


def _after(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    mark_stale(scopes_of(instance) | getattr(instance, "_stale_before", set()))


def _referred_before(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    fields = REFERRED[sender]
    instance._counted_before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()  # type: ignore[attr-defined]


def _referred_saved(sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A new person, organisation, country or group has no person-days yet; a changed one matters only if what
    the indicators read changed."""
    if raw or created:
        return
    now = tuple(getattr(instance, field) for field in REFERRED[sender])
    if getattr(instance, "_counted_before", None) != now:
        mark_stale(scopes_of(instance))


def _sources_changed(sender: Any, instance: Contribution, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Contribution):
        mark_stale(scopes_of(instance))


def _bulk_attendance(
    sender: Any, meeting_ids: Iterable[int] = (), person_ids: Iterable[int] = (), **kwargs: Any
) -> None:
    scopes: set[Scope] = set()
    for field, ids in (("meeting_id__in", sorted(meeting_ids)), ("person_id__in", sorted(person_ids))):
        for start in range(0, len(ids), IDS_PER_QUERY):
            scopes |= _days_scopes(Attendance.objects.filter(**{field: ids[start : start + IDS_PER_QUERY]}))
    mark_stale(scopes)


def connect() -> None:
    """Called once by the app's ``ready``."""
    for model in COUNTED:
        uid = f"stats.rollups.{model._meta.label}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}.before")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}.after")
        post_delete.connect(_after, sender=model, dispatch_uid=f"{uid}.deleted")
    for model in REFERRED:
        uid = f"stats.rollups.{model._meta.label}"
        pre_save.connect(_referred_before, sender=model, dispatch_uid=f"{uid}.before")
        post_save.connect(_referred_saved, sender=model, dispatch_uid=f"{uid}.after")
    m2m_changed.connect(_sources_changed, sender=Contribution.sources.through, dispatch_uid="stats.rollups.sources")
    attendance_recorded.connect(_bulk_attendance, dispatch_uid="stats.rollups.bulk_attendance")
