"""The quote as a PDF, and the revenue's tables (page, CSV and XLSX alike, in the page's language).

The revenue tables are ``ponte.stats.exports`` tables, so the page, the CSV and the workbook carry the same
captions, headers and exact amounts; currencies are never added together.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ponte.sponsorship.selectors import CurrencyRevenue, Quote, Revenue
from ponte.stats.exports import COUNT, MONEY, Row, Table, tables_csv, tables_xlsx


def period_text(revenue: Revenue) -> str:
    first, last = revenue.year_from, revenue.year_to
    if first is None and last is None:
        return _("Events of every year")
    if first == last:
        return _("Events of %(year)s") % {"year": first}
    if first is None:
        return _("Events until %(last)s") % {"last": last}
    if last is None:
        return _("Events from %(first)s") % {"first": first}
    return _("Events from %(first)s to %(last)s") % {"first": first, "last": last}


def currency_tables(each: CurrencyRevenue) -> dict[str, Table]:
    """The two tables of one currency: per year (with the total) and per event. Captions stay short: they name
    the workbook's sheets (31 characters at most, told apart by their start)."""
    currency = each.currency
    amount = _("Revenue (%(currency)s)") % {"currency": currency}
    years = Table(
        f"years-{currency}",
        _("%(currency)s revenue per year") % {"currency": currency},
        (_("Year of the event"), _("Sponsorships"), amount),
        (
            *(Row(line.label, (line.sponsorships, line.amount), (COUNT, MONEY)) for line in each.by_year),
            Row(_("All years"), (each.sponsorships, each.total), (COUNT, MONEY)),
        ),
    )
    events = Table(
        f"events-{currency}",
        _("%(currency)s revenue per event") % {"currency": currency},
        (_("Event"), _("Sponsorships"), amount),
        tuple(
            Row(f"{line.label} ({line.year})", (line.sponsorships, line.amount), (COUNT, MONEY))
            for line in each.by_event
        ),
    )
    return {"years": years, "events": events}


def revenue_tables(revenue: Revenue) -> list[Table]:
    return [table for each in revenue.currencies for table in currency_tables(each).values()]


def title() -> str:
    return _("Sponsorship revenue")


def revenue_csv(revenue: Revenue) -> str:
    return tables_csv(revenue_tables(revenue), filters=period_text(revenue), title=title())


def revenue_xlsx(revenue: Revenue) -> bytes:
    return tables_xlsx(revenue_tables(revenue), filters=period_text(revenue))


def quote_html(quote: Quote) -> str:
    """The printable quote in the active language (the PDF's source)."""
    return render_to_string("sponsorship/quote_pdf.html", {"quote": quote, "event": quote.event})


def quote_pdf(quote: Quote) -> bytes:
    """The quote as a PDF (WeasyPrint): Arabic right to left, Chinese in Noto Sans CJK SC."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=quote_html(quote), base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf
