"""Agreements written to a file in the import's columns (``importers.COLUMNS``), so an exported file imports back
unchanged: the agreements of any list (a filtered page, the admin's changelist) as CSV or XLSX.

Rows are read in chunks (``iterator`` with the links prefetched per chunk): a CSV streams line by line, an XLSX is
written in openpyxl's write-only mode, so a list of 100,000 agreements never sits in memory as model objects.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ponte.core.exports import csv_row, write_only_cell
from ponte.core.models import Country
from ponte.partnerships.importers import COLUMNS, SEPARATOR
from ponte.partnerships.models import ActionArea, Agreement, BeneficiaryRegion, Partner

CHUNK_SIZE = 2000
# A float holds 15 significant digits exactly; larger amounts go to a spreadsheet as text so they come back exact.
FLOAT_DIGITS = 15


def agreement_rows(agreements: QuerySet[Agreement]) -> Iterator[list[Any]]:
    """Each agreement as the import's cells: dates and amounts as such, lists joined with ``;``."""
    prefetched = (
        agreements.select_related("amends")
        .prefetch_related(None)  # a list's own prefetches (the admin's partners) make way for these
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("pk", "name", "kind").order_by("name")),
            Prefetch("regions", queryset=BeneficiaryRegion.objects.only("pk", "code", "position")),
            Prefetch("countries", queryset=Country.objects.only("code", "alpha3").order_by("alpha3")),
            Prefetch("action_areas", queryset=ActionArea.objects.only("pk", "name_en", "position")),
        )
        .order_by("signed_on", "reference")
    )
    for agreement in prefetched.iterator(chunk_size=CHUNK_SIZE):
        partners = list(agreement.partners.all())
        yield [
            agreement.reference,
            agreement.type,
            agreement.title_en,  # type: ignore[attr-defined]
            SEPARATOR.join(partner.name for partner in partners),
            SEPARATOR.join(partner.kind for partner in partners),
            agreement.signed_on,
            agreement.value,
            agreement.currency,
            agreement.value_usd,
            SEPARATOR.join(region.code for region in agreement.regions.all()),
            SEPARATOR.join(country.alpha3 for country in agreement.countries.all()),
            SEPARATOR.join(area.name_en for area in agreement.action_areas.all()),  # type: ignore[attr-defined]
            agreement.amends.reference if agreement.amends else "",
        ]


class _Echo:
    """A file-like object that hands back what is written to it, for ``csv.writer`` to build one line."""

    def write(self, value: str) -> str:
        return value


def agreements_csv_lines(agreements: QuerySet[Agreement]) -> Iterator[str]:
    """The CSV file line by line (header first), for a streaming response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in agreement_rows(agreements):
        yield writer.writerow(csv_row("" if cell is None else cell for cell in row))


def agreements_csv(agreements: QuerySet[Agreement]) -> str:
    return "".join(agreements_csv_lines(agreements))


def agreements_xlsx(agreements: QuerySet[Agreement]) -> bytes:
    """One sheet with the import's header in bold, dates as date cells and amounts as numbers."""
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet("agreements")
    bold = Font(bold=True)
    sheet.append([_bold(sheet, column, bold) for column in COLUMNS])
    for row in agreement_rows(agreements):
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet: WriteOnlyWorksheet, value: str, font: Font) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, Decimal):
        if len(value.as_tuple().digits) > FLOAT_DIGITS:
            return str(value)
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.00"
        return cell
    if hasattr(value, "isoformat"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return write_only_cell(sheet, value)
