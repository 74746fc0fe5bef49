"""Files made from membership records: the SME status report (CSV, XLSX, PDF) and invoices (PDF).

PDFs are rendered by WeasyPrint from HTML templates in the active language, so
Arabic comes out right-to-left and Chinese in Noto Sans CJK SC.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ponte.core.exports import append_row, csv_row
from ponte.membership.models import Invoice
from ponte.membership.selectors import SmeReport


def _annex_header() -> list[str]:
    return [_("No."), _("Entity"), _("Approving Member State"), _("Sector"), _("Study groups")]


def _annex_rows(report: SmeReport) -> list[list[object]]:
    return [
        [row.number, row.entity, row.member_state, "; ".join(row.sectors), "; ".join(row.groups)]
        for row in report.annex
    ]


def report_csv(report: SmeReport) -> str:
    """The annex table (No., entity, approving Member State, sector, study groups) as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row(_annex_header()))
    writer.writerows(csv_row(row) for row in _annex_rows(report))
    return buffer.getvalue()


def report_xlsx(report: SmeReport) -> bytes:
    """The report as a workbook: the figures per sector, then the annex table."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # noqa: S101 - a new workbook has one sheet
    summary.title = _("Summary")[:31]
    bold = Font(bold=True)
    summary.append([_("Sector"), _("Approved"), _("Pending"), _("Interested")])
    for code, counts in report.by_sector.items():
        append_row(summary, [code, counts.approved, counts.pending, counts.interested])
    summary.append([])
    summary.append([_("Approved SMEs in all"), report.total])
    summary.append([_("SMEs in both sectors"), report.in_both])
    annex = workbook.create_sheet(_("Annex")[:31])
    annex.append(_annex_header())
    for row in _annex_rows(report):
        append_row(annex, row)
    for sheet in (summary, annex):
        for cell in sheet[1]:
            cell.font = bold
        sheet.sheet_view.rightToLeft = get_language_bidi()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf


def report_pdf(report: SmeReport) -> bytes:
    """The report as a printable PDF in the active language."""
    return _pdf(render_to_string("membership/sme_report_pdf.html", {"report": report}))


def _direction(text: str) -> str:
    """ "rtl" or "ltr" from the text's first strongly directional character (what dir="auto" does in browsers)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as a PDF in the active language: lines are described when rendered, not when issued."""
    paid = invoice.payments.aggregate(paid=Sum("amount"))["paid"] or Decimal(0)
    context = {
        "invoice": invoice,
        "lines": invoice.lines.select_related("membership"),
        "paid": paid,
        "balance": invoice.total - paid,
        "issuer_lines": [(line, _direction(line)) for line in settings.PONTE_INVOICE_ISSUER.splitlines()],
        "organisation_dir": _direction(invoice.organisation.name),
        "bank_account": settings.PONTE_INVOICE_BANK_ACCOUNT,
    }
    return _pdf(render_to_string("membership/invoice_pdf.html", context))
