"""The fund's report as tables, and the same tables as CSV, XLSX and PDF (totals only, nobody named).

The page and the files are made from ``report_tables``, so a file carries exactly the tables, headers and
amounts of the page, in the page's language. ``ponte.stats.exports`` does the same for counts and percentages;
amounts here stay exact decimals with two places, and every file starts with the fund's title and the year.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ponte.funds.models import DisbursementPurpose, FundSource
from ponte.funds.selectors import Balance, CurrencyReport, FundReport

MONEY_FORMAT = "#,##0.00"


def format_money(amount: Decimal) -> str:
    """An amount as people read it in the active language, always with two decimals (e.g. "12,500.00")."""
    return number_format(amount, 2, force_grouping=True)


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Decimal, ...]

    def shown(self) -> list[str]:
        return [format_money(value) for value in self.values]


@dataclass(frozen=True)
class Table:
    key: str  # the HTML id prefix
    sheet: str  # the spreadsheet's sheet name (short, unique)
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    total: Row | None = None


def title() -> str:
    return _("BSG fund: bridging the standardization gap (Resolution 44)")


def period_text(year: int | None) -> str:
    return _("Financial year %(year)s") % {"year": year} if year is not None else _("All years")


def _balance_values(balance: Balance) -> tuple[Decimal, ...]:
    return (balance.opening, balance.receipts, balance.disbursements, balance.closing)


def _balance_header(first: str) -> tuple[str, ...]:
    return (first, _("Opening balance"), _("Receipts"), _("Disbursements"), _("Closing balance"))


def currency_tables(report: CurrencyReport, year: int | None) -> dict[str, Table]:
    """The tables of one currency, by kind: balances, receipts, disbursements, years."""
    currency, period = report.currency, period_text(year)
    every = _("All sources")
    sources = {balance.source: str(FundSource(balance.source).label) for balance in report.by_source}
    names = {"currency": currency, "period": period}
    balances = Table(
        key=f"balances-{currency}",
        sheet=f"{_('Balances')[:24]} {currency}",
        caption=_("Balance per source, %(period)s (%(currency)s)") % names,
        header=_balance_header(_("Source")),
        rows=tuple(Row(sources[b.source], _balance_values(b)) for b in report.by_source),
        total=Row(every, _balance_values(report.total)),
    )
    receipts = Table(
        key=f"receipts-{currency}",
        sheet=f"{_('Receipts')[:24]} {currency}",
        caption=_("Receipts by source, %(period)s (%(currency)s)") % names,
        header=(_("Source"), _("Amount")),
        rows=tuple(Row(sources[b.source], (b.receipts,)) for b in report.by_source),
        total=Row(every, (report.total.receipts,)),
    )
    disbursements = Table(
        key=f"disbursements-{currency}",
        sheet=f"{_('Disbursements')[:24]} {currency}",
        caption=_("Disbursements by purpose, %(period)s (%(currency)s)") % names,
        header=(_("Purpose"), _("Amount")),
        rows=tuple(Row(str(DisbursementPurpose(p).label), (amount,)) for p, amount in report.by_purpose),
        total=Row(_("All purposes"), (report.total.disbursements,)),
    )
    years = Table(
        key=f"years-{currency}",
        sheet=f"{_('Years')[:24]} {currency}",
        caption=_("Balance year by year, all sources (%(currency)s)") % names,
        header=_balance_header(_("Year")),
        rows=tuple(Row(str(b.year), _balance_values(b)) for b in report.by_year),
    )
    return {"balances": balances, "receipts": receipts, "disbursements": disbursements, "years": years}


def report_tables(report: FundReport) -> list[Table]:
    """Every table of the report, in the order of the page."""
    return [table for each in report.currencies for table in currency_tables(each, report.year).values()]


def _plain(row: Row) -> list[str]:
    return [row.label, *(f"{value:.2f}" for value in row.values)]


def report_csv(report: FundReport) -> str:
    """The title and the year, then every table: its caption, header, rows and total, and an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title(), period_text(report.year)])
    writer.writerow([])
    for table in report_tables(report):
        writer.writerow([table.caption])
        writer.writerow(table.header)
        writer.writerows(_plain(row) for row in table.rows)
        if table.total is not None:
            writer.writerow(_plain(table.total))
        writer.writerow([])
    return buffer.getvalue()


def report_xlsx(report: FundReport) -> bytes:
    """A workbook with one sheet per table: caption, bold header, amounts as numbers; right-to-left in Arabic."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # noqa: S101 - a new workbook has one sheet
    workbook.remove(first)
    bold = Font(bold=True)
    for table in report_tables(report):
        sheet = workbook.create_sheet("".join(" " if c in "[]:*?/\\" else c for c in table.sheet)[:31])
        sheet.append([table.caption])
        sheet.append(list(table.header))
        for cell in (*sheet[1], *sheet[2]):
            cell.font = bold
        rows = [*table.rows, *([table.total] if table.total is not None else [])]
        for row in rows:
            sheet.append([row.label, *row.values])
            for cell in sheet[sheet.max_row][1:]:
                cell.number_format = MONEY_FORMAT
        if table.total is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        sheet.append([])
        sheet.append([title(), period_text(report.year)])
        sheet.sheet_view.rightToLeft = get_language_bidi()
        sheet.column_dimensions["A"].width = 48
        for column in "BCDE":
            sheet.column_dimensions[column].width = 18
    if not workbook.worksheets:  # nothing recorded yet: the workbook still opens, and says so
        sheet = workbook.create_sheet(_("Report"))
        sheet.append([title(), period_text(report.year)])
        sheet.append([_("Nothing has been recorded in the fund for this period.")])
        sheet.sheet_view.rightToLeft = get_language_bidi()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_html(report: FundReport) -> str:
    """The printable report in the active language (the PDF's source)."""
    context = {"report": report, "tables": report_tables(report), "title": title(), "period": period_text(report.year)}
    return render_to_string("funds/report_pdf.html", context)


def report_pdf(report: FundReport) -> bytes:
    """The report as a PDF (WeasyPrint): Arabic right-to-left, Chinese in Noto Sans CJK SC."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report), base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf
