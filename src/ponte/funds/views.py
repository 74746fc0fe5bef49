"""Pages of the BSG fund: the public report (and its files), and the secretariat's ledger where entries are
recorded and reversed.

Invalid report year: the page answers 200 with the form's error and no figures, the files answer 400. Refused
entries answer 400 with the errors at the form, and save nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.core.actions import require_request
from ponte.funds import charts, exports, selectors, services
from ponte.funds.forms import DisbursementForm, EntryFilterForm, ReceiptForm, ReportYearForm, ReverseForm

# --- The public report -----------------------------------------------------------------------------------------


def _report_form(request: HttpRequest) -> tuple[ReportYearForm, int]:
    """The form to choose the year, and the year shown when none is chosen."""
    years = selectors.report_years()
    default = selectors.default_year(years)
    data = request.GET if "year" in request.GET else None
    return ReportYearForm(data, years=years, initial={"year": str(default)}), default


def _chosen_year(form: ReportYearForm, default: int) -> int | None:
    return form.chosen_year() if form.is_bound else default


def _sections(report: selectors.FundReport) -> list[dict[str, Any]]:
    """Per currency: its tables, and a chart for each of the first three."""
    sections = []
    for currency_report in report.currencies:
        tables = exports.currency_tables(currency_report, report.year)
        sections.append(
            {
                "currency": currency_report.currency,
                "total": currency_report.total,
                "tables": tables,
                "charts": {
                    key: charts.money_bars([(row.label, row.values[-1]) for row in tables[key].rows])
                    for key in ("balances", "receipts", "disbursements")
                },
            }
        )
    return sections


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The fund for everyone: balance per source, receipts by source, disbursements by purpose, year by year."""
    require_request(request, "funds.view_report")
    form, default = _report_form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_bound or form.is_valid():
        year = _chosen_year(form, default)
        fund = selectors.fund_report(year=year)
        context |= {
            "report": fund,
            "sections": _sections(fund),
            "period": exports.period_text(year),
            "query": f"year={year if year is not None else 'all'}",
            "can_see_entries": request.user.has_perm("funds.view_entries"),
        }
    return render(request, "funds/report.html", context)


REPORT_FORMATS = {
    "csv": (exports.report_csv, "text/csv; charset=utf-8"),
    "xlsx": (exports.report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (exports.report_pdf, "application/pdf"),
}


@require_GET
def report_download(request: HttpRequest, file_format: str) -> HttpResponse:
    """The report as CSV, XLSX or PDF, for the year of the page, in the page's language."""
    require_request(request, "funds.view_report")
    if file_format not in REPORT_FORMATS:
        raise Http404
    form, default = _report_form(request)
    if form.is_bound and not form.is_valid():
        errors = "\n".join(" ".join(map(str, messages)) for messages in form.errors.values())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    year = _chosen_year(form, default)
    render_file, content_type = REPORT_FORMATS[file_format]
    response = HttpResponse(render_file(selectors.fund_report(year=year)), content_type=content_type)
    name = f"bsg-fund-{year if year is not None else 'all-years'}-{get_language()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The secretariat's ledger ----------------------------------------------------------------------------------


def _ledger_page(
    request: HttpRequest,
    *,
    receipt: ReceiptForm | None = None,
    disbursement: DisbursementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    years = selectors.report_years()
    filters = EntryFilterForm(request.GET or None, years=years)
    page = Paginator(selectors.entries(**filters.filters()), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "receipt_form": receipt or ReceiptForm(prefix="receipt"),
        "disbursement_form": disbursement or DisbursementForm(prefix="disbursement"),
        "can_see_history": request.user.has_perm("core.view_history"),
    }
    return render(request, "funds/entries.html", context, status=status)


def _add_errors(form: Any, error: ValidationError) -> None:
    """A service's errors at the form's fields, the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def entries(request: HttpRequest) -> HttpResponse:
    """Every entry of the ledger, filtered, with the forms to record and reverse (secretariat)."""
    require_request(request, "funds.view_entries")
    return _ledger_page(request)


@login_required
@require_POST
def receipt_add(request: HttpRequest) -> HttpResponse:
    require_request(request, "funds.record_entry")
    form = ReceiptForm(request.POST, prefix="receipt")
    if form.is_valid():
        try:
            entry = services.record_receipt(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Receipt %(number)s was recorded.") % {"number": entry.number})
            return redirect("funds:entries")
    return _ledger_page(request, receipt=form, status=400)


@login_required
@require_POST
def disbursement_add(request: HttpRequest) -> HttpResponse:
    require_request(request, "funds.record_entry")
    form = DisbursementForm(request.POST, prefix="disbursement")
    if form.is_valid():
        try:
            entry = services.record_disbursement(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Disbursement %(number)s was recorded.") % {"number": entry.number})
            return redirect("funds:entries")
    return _ledger_page(request, disbursement=form, status=400)


@login_required
def entry_reverse(request: HttpRequest, number: str) -> HttpResponse:
    """Reverse an entry, saying why: the page shows the entry and asks for the reason (secretariat)."""
    require_request(request, "funds.reverse_entry")
    entry = get_object_or_404(selectors.entries(), number=number)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services.reverse_entry(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(number)s was reversed by %(reversal)s.") % {"number": entry.number, "reversal": reversal.number},
            )
            return redirect("funds:entries")
    status = 400 if form.errors else 200
    return render(request, "funds/entry_reverse.html", {"entry": entry, "form": form}, status=status)
