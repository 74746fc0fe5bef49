"""Signals of the meetings app, for what bulk writes do without ``post_save``."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of a bulk import of person-days, with ``meeting_ids`` (the meetings whose attendance
# was recorded) and ``person_ids`` (people whose recorded details the import completed).
attendance_recorded = Signal()
