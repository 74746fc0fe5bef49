"""Membership API: the SME programme's status report and the fee-policy simulator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from ponte.membership.fees import simulate
from ponte.membership.models import FeeSchedule
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


class SimulationOut(Schema):
    qualifying_members: int
    revenue_change_chf: str
    break_even_new_smes: int | None
    current_revenue_chf: str
    year: int


class SimulationQuery(Schema):
    threshold: int = Field(..., ge=1, description="The SME category is for fewer employees than this.")
    fee: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2, description="SME fee per year, CHF.")
    existing_may_switch: bool = True
    year: int | None = None


@router.get("/simulate", response=SimulationOut, auth=django_auth)
def get_simulation(request: HttpRequest, params: Query[SimulationQuery]) -> Any:
    """Try an SME fee policy against the year's members (secretariat only); money as exact decimal strings."""
    if not request.user.has_perm("membership.simulate_fees"):
        raise PermissionDenied
    schedule = FeeSchedule.objects.filter(year=params.year).first() if params.year else FeeSchedule.objects.first()
    if schedule is None:
        raise Http404
    result = simulate(
        schedule=schedule,
        threshold=params.threshold,
        sme_fee=params.fee,
        existing_may_switch=params.existing_may_switch,
    )
    return {
        "qualifying_members": result.qualifying_members,
        "revenue_change_chf": str(result.revenue_change),
        "break_even_new_smes": result.break_even_new_smes,
        "current_revenue_chf": str(result.current_revenue),
        "year": result.year,
    }
