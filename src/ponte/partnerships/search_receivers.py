"""Keep the partner search fresh: mark the partners a change touches, re-index them once it is committed.

What the search's tables hold, and what changes it:

- a partner's name, mandate and strategy (its texts): the partner is saved;
- its agreements' titles, dates, values and amended agreement: an agreement is
  saved or deleted (its partners, and the partners of its amendments, which may
  take its areas and regions);
- which partners an agreement has, and its areas, regions and countries: the
  many-to-many relations change, from either side.

- a partner's declared areas, regions, countries and mechanisms (indexed as
  reserved keys): those many-to-many relations change, from either side.

Marks are rows inserted
with the change (``StalePartnerSearch``); the job ``refresh_partner_search``
re-indexes the marked partners after the commit and deletes the marks, so a
lost job is made up by the next one. Bulk loads that bypass signals call
``ponte.partnerships.search.rebuild_partner_search`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from celery import shared_task
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from ponte.core.jobs import enqueue
from ponte.partnerships.models import Agreement, Partner
from ponte.partnerships.search_models import StalePartnerSearch


@shared_task(acks_late=True)
def refresh_partner_search() -> int:
    """Re-index the partners marked stale (a no-op when another run took the marks already)."""
    from ponte.partnerships.search import refresh_partner_search as refresh

    return refresh()


def _refresh_after_commit() -> None:
    enqueue(refresh_partner_search)


def mark_stale(partner_ids: Iterable[int]) -> None:
    """Record the partners to re-index with the change, and ask for one refresh when it is committed."""
    ids = set(partner_ids)
    if not ids:
        return
    if connection.vendor == "postgresql":  # one statement, no model instances: an import marks thousands
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(StalePartnerSearch._meta.db_table)} (partner_id, marked_at) "
                "SELECT unnest(%s::bigint[]), %s",
                [sorted(ids), timezone.now()],
            )
    else:
        StalePartnerSearch.objects.bulk_create(StalePartnerSearch(partner_id=partner_id) for partner_id in sorted(ids))
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(callback[1] is _refresh_after_commit for callback in pending):
        transaction.on_commit(_refresh_after_commit)


def partners_of_agreements(agreement_ids: Iterable[int]) -> set[int]:
    """The partners of these agreements and of the amendments to them."""
    ids = list(agreement_ids)
    if not ids:
        return set()
    links = Agreement.partners.through.objects
    own = links.filter(agreement_id__in=ids).values_list("partner_id", flat=True)
    of_amendments = links.filter(agreement__amends_id__in=ids).values_list("partner_id", flat=True)
    return set(own.union(of_amendments))  # two index lookups; an OR across the join would scan


def _partner_saved(sender: type[Model], instance: Partner, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_stale([instance.pk])


def _agreement_saved(sender: type[Model], instance: Agreement, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_stale(partners_of_agreements([instance.pk]))


def _agreement_deleted(sender: type[Model], instance: Agreement, **kwargs: Any) -> None:
    mark_stale(partners_of_agreements([instance.pk]))  # before the delete: its links are still there


def _partners_changed(
    sender: Any, instance: Model, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """An agreement's partners changed: those added or removed (for a clear, those it had) are stale."""
    if isinstance(instance, Partner):  # partner.agreements.add(…)
        if action.startswith("post_"):
            mark_stale([instance.pk])
    elif action == "pre_clear":
        mark_stale(partners_of_agreements([instance.pk]))
    elif action in ("post_add", "post_remove"):
        mark_stale(pk_set or ())


def _lists_changed(
    sender: Any, instance: Model, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """An agreement's areas, regions or countries changed: its partners and its amendments' are stale."""
    if isinstance(instance, Agreement):
        if action.startswith("post_"):
            mark_stale(partners_of_agreements([instance.pk]))
    elif action == "pre_clear":  # area.agreements.clear(): every agreement it had
        other = next(f for f in sender._meta.concrete_fields if f.is_relation and f.name != "agreement")
        agreements = sender.objects.filter(**{other.attname: instance.pk}).values_list("agreement_id", flat=True)
        mark_stale(partners_of_agreements(agreements))
    elif action in ("post_add", "post_remove"):
        mark_stale(partners_of_agreements(pk_set or ()))


def _profile_changed(
    sender: Any, instance: Model, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A partner's declared areas, regions, countries or mechanisms changed (``area.partners.add(…)`` too)."""
    if isinstance(instance, Partner):
        if action.startswith("post_"):
            mark_stale([instance.pk])
    elif action == "pre_clear":
        other = next(f for f in sender._meta.concrete_fields if f.is_relation and f.name != "partner")
        mark_stale(sender.objects.filter(**{other.attname: instance.pk}).values_list("partner_id", flat=True))
    elif action in ("post_add", "post_remove"):
        mark_stale(pk_set or ())


def connect() -> None:
    """Called once by the app's ``ready``."""
    post_save.connect(_partner_saved, sender=Partner, dispatch_uid="partnerships.search.partner_saved")
    post_save.connect(_agreement_saved, sender=Agreement, dispatch_uid="partnerships.search.agreement_saved")
    pre_delete.connect(_agreement_deleted, sender=Agreement, dispatch_uid="partnerships.search.agreement_deleted")
    m2m_changed.connect(
        _partners_changed, sender=Agreement.partners.through, dispatch_uid="partnerships.search.partners"
    )
    for name in ("action_areas", "regions", "countries"):
        m2m_changed.connect(
            _lists_changed, sender=getattr(Agreement, name).through, dispatch_uid=f"partnerships.search.{name}"
        )
    for name in ("action_areas", "regions", "countries", "mechanisms"):
        m2m_changed.connect(
            _profile_changed, sender=getattr(Partner, name).through, dispatch_uid=f"partnerships.search.partner_{name}"
        )
