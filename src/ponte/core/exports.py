"""Cells of the spreadsheets Ponte writes (CSV and XLSX): text people wrote is shown as written, never run as a
formula (CSV injection: a name like ``=HYPERLINK(…)`` would otherwise be live when the file is opened).

Every export writes its text cells through these functions. In a CSV a leading apostrophe makes the spreadsheet
read the cell as text (``core.imports`` takes it off again, so exported files import back unchanged); in an XLSX
the cell is typed as a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet reads as the start of a formula; a plain signed number stays a number.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"[+-]\d[\d.,]*%?")


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that would be read as a formula gets a leading apostrophe; other values are unchanged."""
    if isinstance(value, str) and is_formula(value):
        return f"'{value}"
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row to a worksheet, every text a string cell (openpyxl types text starting with "=" a formula)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def write_only_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A cell for a write-only worksheet: text as a string cell, other values as they are."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
