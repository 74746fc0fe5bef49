"""Partnerships API: agreement statistics, the partner search, and the agreements and partners themselves.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from ninja import Router

from ponte.partnerships.api_records import router as records_router
from ponte.partnerships.api_search import router as search_router
from ponte.partnerships.api_stats import router as stats_router

router = Router(tags=["partnerships"])
router.add_router("", stats_router)
router.add_router("", search_router)
# Last: ``/agreements/{reference}`` and ``/partners/{partner_id}`` would otherwise take ``stats`` and ``match``.
router.add_router("", records_router)
