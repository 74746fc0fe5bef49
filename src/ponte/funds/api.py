"""BSG fund API: the public report (balances per source, receipts by source, disbursements by purpose, per
currency), and the ledger's entries for the secretariat.

Permissions are the pages' (``ponte.funds.rules``): the report is everyone's; the entries are the secretariat's
only (401 without an account, 403 for every other account, as the ledger page answers: a fellowship's entry
names a person). Filters are checked by the pages' forms: an invalid one answers 422 with the form's error.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.errors import ValidationError
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.pagination import KeysetPagination
from ponte.funds import selectors
from ponte.funds.forms import EntryFilterForm, ReportYearForm
from ponte.funds.schemas import EntryFilter, FundReportOut, LedgerEntryOut, ReportQuery, report_out
from ponte.tokens.auth import session_or_token

router = Router(tags=["funds"])

# The ledger page's order (``selectors.entries``): the number is unique, so a page never repeats an entry.
ENTRY_ORDER = ("-year", "-number")


def _invalid(form: forms.Form) -> ValidationError:
    """A 422 with the form's errors at the query parameters, like ninja's own for a parameter out of bounds."""
    return ValidationError(
        [
            {"type": "invalid", "loc": ["query", field], "msg": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
    )


@router.get("/report", response=FundReportOut)
def get_report(request: HttpRequest, params: Query[ReportQuery]) -> Any:
    """The fund for everyone, as on its page: per currency, the balance of each source (opening, receipts,
    disbursements, closing), disbursements by purpose and the balance year by year; totals only, nobody named.
    For one financial year (with the balance carried over from the earlier ones; by default the latest year with
    entries) or for all years. A year without entries answers 422."""
    require_request(request, "funds.view_report")
    years = selectors.report_years()
    year: int | None = selectors.default_year(years)
    if params.year is not None:
        form = ReportYearForm({"year": params.year}, years=years)
        if not form.is_valid():
            raise _invalid(form)
        year = form.chosen_year()
    return report_out(selectors.fund_report(year=year))


def _entry_filters(filters: EntryFilter) -> dict[str, Any]:
    """The selector's arguments, checked by the ledger page's filter form (a year must have entries)."""
    data = filters.form_data()
    form = EntryFilterForm(data, years=selectors.report_years() if "year" in data else [])
    if not form.is_valid():
        raise _invalid(form)
    return form.filters()


@router.get("/entries", response=list[LedgerEntryOut], auth=session_or_token)
@paginate(KeysetPagination, ordering=ENTRY_ORDER)
def list_entries(request: HttpRequest, filters: Query[EntryFilter]) -> Any:
    """For the secretariat (403 for anyone else): the ledger's receipts and disbursements, reversals included,
    latest financial year first, filtered as on the ledger page by year, kind, source and purpose. In pages from
    a cursor (the ledger only grows): follow ``next`` until it is null."""
    require_request(request, "funds.view_entries")
    return selectors.entries(**_entry_filters(filters))


@router.get("/entries/{number}", response=LedgerEntryOut, auth=session_or_token)
def get_entry(request: HttpRequest, number: str) -> Any:
    """For the secretariat (403 for anyone else): one entry of the ledger by its number, with the entry it
    reverses or the one that reversed it; 404 when no entry has that number."""
    require_request(request, "funds.view_entries")
    entry = selectors.entries().filter(number=number).first()
    if entry is None:
        raise Http404
    return entry
