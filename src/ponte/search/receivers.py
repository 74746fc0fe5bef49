"""Keep the search index fresh: every save or delete of an indexed record re-indexes it after the commit.

Changes that bypass ``save()`` (``QuerySet.update``, ``bulk_create``) are not seen; the Q&A's counters are the
only such writes and the index does not hold them. ``manage.py rebuild_search_index`` mends anything else.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from ponte.search.indexing import KIND_OF_MODEL, index_after_commit


def _reindex(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures
        return
    index_after_commit(KIND_OF_MODEL[sender], instance.pk)


def connect() -> None:
    """Listen to the indexed models (called once, from the app's ``ready``)."""
    for model in KIND_OF_MODEL:
        post_save.connect(_reindex, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(_reindex, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
