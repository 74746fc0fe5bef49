"""Membership API: applications (SME programme and membership), the SME programme's status report, the
fee-policy simulator, invoices.

Permissions are the pages' (``ponte.membership.rules``, ``selectors.applications_for``): lists hold only what the
caller may see, and an application the caller may not see is "not found" (404), whether it exists or not.

No ``from __future__ import annotations``: ninja reads the parameter types at
runtime, and a paginated view's string annotations would not resolve.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ponte.core.pagination import KeysetPagination
from ponte.membership.fees import simulate
from ponte.membership.models import Application, FeeSchedule, Invoice, InvoiceState
from ponte.membership.schemas import ApplicationDetailOut, ApplicationFilter, ApplicationOut
from ponte.membership.selectors import (
    INVOICE_ORDER,
    application_detail,
    applications_for,
    invoice_detail,
    invoices_for,
    sme_report,
)
from ponte.tokens.auth import session_or_token

router = Router(tags=["membership"])

# The page's order (``selectors.applications_for``), by ``id`` for the cursor: ``pk`` is no field to page by.
APPLICATION_ORDER = ("-created_at", "-id")


@router.get("/applications", response=list[ApplicationOut], auth=session_or_token)
@paginate(KeysetPagination, ordering=APPLICATION_ORDER)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilter]) -> Any:
    """The applications the caller may see, newest first, as on the applications page: all for the secretariat,
    its country's applicants' for a focal point, its organisations' own for a representative (none for others).
    Filtered by state. In pages from a cursor: follow ``next`` until it is null."""
    return applications_for(user=request.user, state=filters.state or "")


@router.get("/applications/{application_id}", response=ApplicationDetailOut, auth=session_or_token)
def get_application(request: HttpRequest, application_id: int) -> Any:
    """One application as its page shows it: state, organisation, groups, endorsements, the check against the
    national SME definition, decision, rights and supporting documents; the history of its states for the
    secretariat. For the secretariat, the focal point of the applicant's country, the applicant's representatives
    and those of an endorsing SME association; "not found" for anyone else."""
    try:
        application = application_detail(pk=application_id)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("membership.view_application", application):
        raise Http404
    return application


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


@router.get("/simulate", response=SimulationOut, auth=session_or_token)
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


class InvoiceOut(Schema):
    number: str
    organisation_id: int
    organisation: str
    issued_on: datetime.date
    due_on: datetime.date
    currency: str
    total: str = Field(..., description="Exact decimal string.")
    paid: str
    state: str

    @staticmethod
    def resolve_organisation(invoice: Invoice) -> str:
        return invoice.organisation.name

    @staticmethod
    def resolve_total(invoice: Invoice) -> str:
        return str(invoice.total)

    @staticmethod
    def resolve_paid(invoice: Invoice) -> str:
        return str(invoice.paid)  # type: ignore[attr-defined]


class InvoiceLineOut(Schema):
    description: str = Field(..., description="In the language of the request (Accept-Language or /ar/… pages).")
    quantity: str
    unit_price: str
    amount: str


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_lines(invoice: Invoice) -> list[dict[str, str]]:
        return [
            {
                "description": line.description,
                "quantity": str(line.quantity.normalize()),
                "unit_price": str(line.unit_price),
                "amount": str(line.amount),
            }
            for line in invoice.lines.all()
        ]


@router.get("/invoices", response=list[InvoiceOut], auth=session_or_token)
@paginate(KeysetPagination, ordering=INVOICE_ORDER)
def list_invoices(request: HttpRequest, state: InvoiceState | None = None) -> Any:
    """Invoices the caller may see, latest first: all for the secretariat, its organisations' own for a
    representative. In pages from a cursor (every member is billed every year): follow ``next`` until it is null."""
    return invoices_for(user=request.user, state=state or "")


@router.get("/invoices/{number}", response=InvoiceDetailOut, auth=session_or_token)
def get_invoice(request: HttpRequest, number: str) -> Any:
    """One invoice with its lines described in the caller's language and what was paid: for the secretariat and
    the billed organisation's representatives (403 for others, as on the invoice's page)."""
    try:
        invoice = invoice_detail(number=number)
    except Invoice.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("membership.view_invoice", invoice):
        raise PermissionDenied
    return invoice
