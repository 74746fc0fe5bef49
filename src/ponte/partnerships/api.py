"""Partnerships API: agreement statistics and the partner search (aggregates and public profiles only).

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from ninja import Router

from ponte.partnerships.api_search import router as search_router
from ponte.partnerships.api_stats import router as stats_router

router = Router(tags=["partnerships"])
router.add_router("", stats_router)
router.add_router("", search_router)
