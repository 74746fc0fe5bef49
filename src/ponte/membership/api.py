"""Membership API: the SME programme's status report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ponte.membership.selectors import sme_report

router = Router(tags=["membership"])


class SectorCountsOut(Schema):
    approved: int
    pending: int
    interested: int


class SmeReportOut(Schema):
    total: int
    by_sector: dict[str, SectorCountsOut]
    in_both: int


@router.get("/sme-report", response=SmeReportOut)
def get_sme_report(request: HttpRequest) -> Any:
    """Approved, pending and interested SMEs per sector (public aggregates, no personal data)."""
    return sme_report().as_json()
