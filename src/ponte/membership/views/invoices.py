"""Pages of billing: invoices, their PDF, payments, bank statements, pay-as-you-go charges."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.membership import selectors, services
from ponte.membership.exports import invoice_pdf
from ponte.membership.forms import (
    BankStatementForm,
    CancelInvoiceForm,
    IssueInvoicesForm,
    MatchEntryForm,
    MeetingDaysForm,
    PaymentForm,
)
from ponte.membership.importers import import_bank_statement
from ponte.membership.models import BankStatementEntry, Invoice, InvoiceState
from ponte.membership.views._common import _require


def _invoice(request: HttpRequest, number: str) -> Invoice:
    try:
        invoice = selectors.invoice_detail(number=number)
    except Invoice.DoesNotExist as exc:
        raise Http404 from exc
    _require(request, "membership.view_invoice", invoice)
    return invoice


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    """All invoices for the secretariat; an organisation's own for its representatives."""
    state = request.GET.get("state", "")
    state = state if state in InvoiceState.values else ""
    query = request.GET.get("q", "").strip()[:100]
    invoices = selectors.invoices_for(user=request.user, state=state, query=query)
    page = Paginator(invoices, 25).get_page(request.GET.get("page"))
    is_staff = request.user.has_perm("membership.issue_invoices")
    context = {
        "page": page,
        "state": state,
        "query": query,
        "states": InvoiceState.choices,
        "today": timezone.localdate(),
        "issue_form": IssueInvoicesForm(initial={"year": timezone.localdate().year}) if is_staff else None,
    }
    return render(request, "membership/invoice_list.html", context)


@login_required
def invoice_detail(request: HttpRequest, number: str) -> HttpResponse:
    invoice = _invoice(request, number)
    return render(request, "membership/invoice_detail.html", _detail_context(request, invoice))


def _detail_context(request: HttpRequest, invoice: Invoice, **extra: Any) -> dict[str, Any]:
    user = request.user
    is_due = invoice.state == InvoiceState.ISSUED
    can_pay = is_due and user.has_perm("membership.record_payment", invoice)
    can_cancel = is_due and not invoice.payments.all() and user.has_perm("membership.cancel_invoice", invoice)
    balance = invoice.total - invoice.paid  # type: ignore[attr-defined]
    return {
        "invoice": invoice,
        "balance": balance,
        "overdue": is_due and invoice.due_on < timezone.localdate(),
        "payment_form": PaymentForm(initial={"amount": balance, "received_on": timezone.localdate()})
        if can_pay
        else None,
        "cancel_form": CancelInvoiceForm() if can_cancel else None,
        "can_see_history": user.has_perm("core.view_history"),
        **extra,
    }


@login_required
def invoice_pdf_download(request: HttpRequest, number: str) -> HttpResponse:
    """The invoice as a PDF in the reader's language (the language of the page they came from)."""
    invoice = _invoice(request, number)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}-{get_language()}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def invoice_payment(request: HttpRequest, number: str) -> HttpResponse:
    invoice = _invoice(request, number)
    _require(request, "membership.record_payment", invoice)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.record_payment(actor=request.user, invoice=invoice, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = _detail_context(request, invoice, payment_form=form)
        return render(request, "membership/invoice_detail.html", context, status=400)
    messages.success(request, _("The payment was recorded."))
    return redirect(invoice)


@login_required
@require_POST
def invoice_cancel(request: HttpRequest, number: str) -> HttpResponse:
    invoice = _invoice(request, number)
    _require(request, "membership.cancel_invoice", invoice)
    form = CancelInvoiceForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_invoice(actor=request.user, invoice=invoice, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = _detail_context(request, invoice, cancel_form=form)
        return render(request, "membership/invoice_detail.html", context, status=400)
    messages.success(request, _("The invoice was cancelled."))
    return redirect(invoice)


@login_required
@require_POST
def invoices_issue(request: HttpRequest) -> HttpResponse:
    """Bill the year's memberships that have not been billed yet (secretariat)."""
    _require(request, "membership.issue_invoices")
    form = IssueInvoicesForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("year", []):
            messages.error(request, str(message))
        return redirect("membership:invoice_list")
    try:
        invoices = services.issue_annual_invoices(actor=request.user, year=form.cleaned_data["year"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(count)s invoices were issued for %(year)s.")
            % {"count": len(invoices), "year": form.cleaned_data["year"]},
        )
    return redirect("membership:invoice_list")


@login_required
def meeting_days_charge(request: HttpRequest) -> HttpResponse:
    """Bill an organisation's pay-as-you-go participation in a meeting (secretariat)."""
    _require(request, "membership.charge_meeting_days")
    form = MeetingDaysForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.charge_meeting_days(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invoice %(number)s was issued.") % {"number": invoice.number})
            return redirect(invoice)
    status = 400 if form.errors else 200
    return render(request, "membership/meeting_days_form.html", {"form": form}, status=status)


@login_required
def bank_statement(request: HttpRequest) -> HttpResponse:
    """Import a bank statement (all rows or none; the same statement twice changes nothing); match the rest."""
    _require(request, "membership.import_bank_statement")
    form = BankStatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_bank_statement(actor=request.user, file_name=upload.name, content=upload.read())
    status = 400 if (form.errors or (report and not report.ok)) else 200
    context = {
        "form": form,
        "report": report,
        "unmatched": selectors.unmatched_statement_entries()[:200],
        "match_form": MatchEntryForm(),
    }
    return render(request, "membership/bank_statement.html", context, status=status)


@login_required
@require_POST
def statement_entry_match(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "membership.import_bank_statement")
    entry = get_object_or_404(BankStatementEntry, pk=pk)
    form = MatchEntryForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["invoice"].strip().upper()
        invoice = Invoice.objects.filter(number=number).first()
        if invoice is None:
            messages.error(request, _("No invoice has the number %(number)s.") % {"number": number})
        else:
            try:
                services.match_statement_entry(actor=request.user, entry=entry, invoice=invoice)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("The entry paid invoice %(number)s.") % {"number": invoice.number})
    return redirect("membership:bank_statement")
