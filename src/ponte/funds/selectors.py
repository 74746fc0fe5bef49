"""Reads of the BSG fund: balances per source and year (carried over from year to year), receipts by source,
disbursements by purpose, per currency; and the ledger's entries.

Every figure is summed from the entries (net of reversals: a reversal has the same year, source and purpose as
the entry it reverses and the opposite amount), so the report, the files and the checks of the services never
disagree. A report is one grouped query, whatever the number of entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from ponte.funds.models import DisbursementPurpose, EntryKind, FundSource, LedgerEntry

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Balance:
    """A period's movements of one source (or of all, ``source=""``), or of one year (``year``)."""

    opening: Decimal
    receipts: Decimal
    disbursements: Decimal
    source: str = ""
    year: int | None = None

    @property
    def closing(self) -> Decimal:
        return self.opening + self.receipts - self.disbursements

    @property
    def is_empty(self) -> bool:
        return not (self.opening or self.receipts or self.disbursements)


@dataclass(frozen=True)
class CurrencyReport:
    """The fund in one currency, for the chosen year (or every year)."""

    currency: str
    by_source: tuple[Balance, ...]  # every source, in the order of ``FundSource``
    total: Balance
    by_purpose: tuple[tuple[str, Decimal], ...]  # every purpose, in the order of ``DisbursementPurpose``
    by_year: tuple[Balance, ...]  # every year from the first entry to the last, all sources together


@dataclass(frozen=True)
class FundReport:
    year: int | None  # None: every year
    years: tuple[int, ...]  # the years with entries, latest first
    currencies: tuple[CurrencyReport, ...]  # the currencies with figures, CHF first


@dataclass(frozen=True)
class _Total:
    currency: str
    year: int
    source: str
    kind: str
    purpose: str
    amount: Decimal


def _totals(**filters: object) -> list[_Total]:
    rows = (
        LedgerEntry.objects.filter(**filters)
        .values("currency", "year", "source", "kind", "purpose")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    return [_Total(**row) for row in rows]


def _effect(total: _Total) -> Decimal:
    return total.amount if total.kind == EntryKind.RECEIPT else -total.amount


def _balance(totals: Iterable[_Total], year: int | None, *, source: str = "", of_year: bool = False) -> Balance:
    """Opening balance (every earlier year), receipts and disbursements of ``year`` (or of every year)."""
    opening = receipts = disbursements = ZERO
    for total in totals:
        if year is not None and total.year < year:
            opening += _effect(total)
        elif year is None or total.year == year:
            if total.kind == EntryKind.RECEIPT:
                receipts += total.amount
            else:
                disbursements += total.amount
    return Balance(opening, receipts, disbursements, source=source, year=year if of_year else None)


def _currency_report(currency: str, totals: list[_Total], year: int | None) -> CurrencyReport:
    by_source = tuple(
        _balance([t for t in totals if t.source == source], year, source=source) for source in FundSource.values
    )
    in_period = [t for t in totals if t.kind == EntryKind.DISBURSEMENT and (year is None or t.year == year)]
    by_purpose = tuple(
        (purpose, sum((t.amount for t in in_period if t.purpose == purpose), ZERO))
        for purpose in DisbursementPurpose.values
    )
    years = [t.year for t in totals]
    by_year = tuple(_balance(totals, each, of_year=True) for each in range(min(years), max(years) + 1)) if years else ()
    return CurrencyReport(
        currency=currency,
        by_source=by_source,
        total=_balance(totals, year),
        by_purpose=by_purpose,
        by_year=by_year,
    )


def fund_report(*, year: int | None = None) -> FundReport:
    """The fund's balances per source, receipts by source and disbursements by purpose, in each currency, for a
    financial year (with the balance carried over from the earlier ones) or for every year."""
    totals = _totals()
    by_currency: dict[str, list[_Total]] = defaultdict(list)
    for total in totals:
        by_currency[total.currency].append(total)
    reports = [_currency_report(currency, rows, year) for currency, rows in by_currency.items()]
    shown = [report for report in reports if not report.total.is_empty]
    shown.sort(key=lambda report: (report.currency != "CHF", report.currency))
    return FundReport(
        year=year,
        years=tuple(sorted({total.year for total in totals}, reverse=True)),
        currencies=tuple(shown),
    )


def report_years() -> list[int]:
    """The financial years with entries, latest first."""
    return sorted(set(LedgerEntry.objects.values_list("year", flat=True).distinct().order_by()), reverse=True)


def default_year(years: list[int]) -> int:
    """The year the report opens on: the latest of ``report_years`` (this year when there are none)."""
    return years[0] if years else timezone.localdate().year


def available_by_source(*, currency: str, year: int) -> dict[str, Decimal]:
    """What each source can still pay in ``year``: the lowest of its closing balances of that year and every later
    one, since money spent in a later year cannot be spent again (one query)."""
    per_source: dict[str, dict[int, Decimal]] = {source: defaultdict(Decimal) for source in FundSource.values}
    for total in _totals(currency=currency):
        per_source[total.source][total.year] += _effect(total)
    return {source: _lowest_closing(years, year) for source, years in per_source.items()}


def _lowest_closing(net_by_year: dict[int, Decimal], year: int) -> Decimal:
    running = sum((net for each, net in net_by_year.items() if each <= year), ZERO)
    lowest = running
    for each in sorted(each for each in net_by_year if each > year):
        running += net_by_year[each]
        lowest = min(lowest, running)
    return lowest


def available(*, source: str, currency: str, year: int) -> Decimal:
    """What one source can still pay in ``year`` in ``currency`` (see ``available_by_source``)."""
    net_by_year: dict[int, Decimal] = defaultdict(Decimal)
    for total in _totals(source=source, currency=currency):
        net_by_year[total.year] += _effect(total)
    return _lowest_closing(net_by_year, year)


def richest_source(available: dict[str, Decimal]) -> str:
    """The source with the most money available (from ``available_by_source``; the first listed on a tie)."""
    return max(FundSource.values, key=lambda source: available.get(source, ZERO))


def entries(*, year: int | None = None, kind: str = "", source: str = "", purpose: str = "") -> QuerySet[LedgerEntry]:
    """The ledger's entries, latest first, with what the list shows of each (one query)."""
    queryset = LedgerEntry.objects.select_related(
        "organisation", "country", "fellowship__meeting", "fellowship__person", "reverses", "reversal", "recorded_by"
    )
    if year is not None:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    if source:
        queryset = queryset.filter(source=source)
    if purpose:
        queryset = queryset.filter(purpose=purpose)
    return queryset.order_by("-year", "-number")
