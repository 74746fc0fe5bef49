"""Reading import files (CSV in UTF-8 or XLSX), reporting bad rows, and the command every file import shares.

Every import of the platform is all rows or none: the rows are read here, each
importer checks them all and lists every bad row (line, column, reason), and
saves nothing unless there is none.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.core.exports import is_formula

MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


def read_rows(file_name: str, content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8) or XLSX file as dictionaries keyed by the lower-cased header."""
    if file_name.lower().endswith(".xlsx"):
        try:
            return _read_xlsx(content)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile):
            raise
        except Exception as error:  # a damaged workbook fails deep in zlib or an XML parser
            raise ValueError(_("the workbook is damaged (%(error)s)") % {"error": type(error).__name__}) from error
    text = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        if None in row:  # DictReader keeps the cells beyond the header as a list under None
            raise ValueError(_("line %(line)s has more cells than the header has columns") % {"line": reader.line_num})
        rows.append({(key or "").strip().lower(): _csv_text(value) for key, value in row.items()})
    return rows


def _csv_text(value: str | None) -> str:
    """A CSV cell as written: the apostrophe an export put before a formula-like text (``core.exports``) is off."""
    text = (value or "").strip()
    return text[1:] if text.startswith("'") and is_formula(text[1:]) else text


def read_table(
    file_name: str, content: bytes, required: set[str], errors: list[RowError], *, max_rows: int = MAX_ROWS
) -> list[dict[str, str]]:
    """The file's rows, or none with the reason added to ``errors`` (unreadable, columns missing, too long)."""
    try:
        rows = read_rows(file_name, content)
    except (UnicodeDecodeError, csv.Error, ValueError, KeyError, OSError, zipfile.BadZipFile) as error:
        errors.append(RowError(1, "", _("The file cannot be read as CSV (UTF-8) or XLSX: %s") % error))
        return []
    missing = required - set(rows[0] if rows else ())
    if not rows or missing:
        reason = _("Missing columns: %(columns)s.") % {"columns": ", ".join(sorted(missing or required))}
        errors.append(RowError(1, "", reason))
        return []
    if len(rows) > max_rows:
        errors.append(RowError(1, "", _("At most %(count)s rows per file.") % {"count": max_rows}))
        return []
    # No database stores a NUL character (PostgreSQL refuses the query): such a cell is an error, not a crash.
    nul = _("The cell holds a NUL character.")
    found = [
        RowError(line, column, nul)
        for line, row in enumerate(rows, start=2)
        for column, value in row.items()
        if "\x00" in value
    ]
    errors.extend(found)
    return [] if found else rows


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook.active
    if sheet is None:
        return []
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]
    result = []
    for values in rows:
        if values is None or all(value in (None, "") for value in values):
            continue
        result.append({header[i]: _cell(value) for i, value in enumerate(values) if i < len(header)})
    return result


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def describe(error: RowError) -> str:
    if error.column:
        return _("line %(line)s, %(column)s: %(reason)s") % {
            "line": error.line,
            "column": error.column,
            "reason": error.reason,
        }
    return _("line %(line)s: %(reason)s") % {"line": error.line, "reason": error.reason}


class FileImportCommand(BaseCommand):
    """Subclasses say how to import (``import_file``) and what to print on success (``summary``)."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX file to import.")

    def import_file(self, *, file_name: str, content: bytes) -> Any:
        raise NotImplementedError

    def summary(self, report: Any, file_name: str) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            raise CommandError(_("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": reason}) from error
        report = self.import_file(file_name=path.name, content=content)
        if not report.ok:
            for row_error in report.errors:
                self.stderr.write(describe(row_error))
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(count)s error in %(file)s: nothing was imported.",
                    "%(count)s errors in %(file)s: nothing was imported.",
                    count,
                )
                % {"count": count, "file": path.name}
            )
        self.stdout.write(self.summary(report, path.name))
