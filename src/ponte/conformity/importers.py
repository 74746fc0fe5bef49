"""Declarations read from a file and written to one, in the same columns, so that an exported list imports back
unchanged.

A file (CSV in UTF-8, or XLSX) has the columns ``manufacturer, manufacturer_country, model, product, category,
recommendations, lab, report_reference, report_date, valid_until``:

- ``manufacturer_country`` is an ISO 3166 alpha-3 code (KOR); a manufacturer is found by its name whatever its
  case, and a new one is added with this country;
- ``model`` and ``product``: the model as printed on the product and the product's name; ``category`` is a code
  (``iptv_terminal``, ``charger``…) or its English name;
- ``recommendations``: one or more, separated by ``;``, written with their sector: ``ITU-T H.702;ITU-T F.921``;
- ``lab``: the name of a lab of the registry; ``report_reference``: the lab's reference of the test report;
- ``report_date`` and ``valid_until``: YYYY-MM-DD (or date cells).

A declaration is found by its lab and report reference: a new one is created, a known one updated, and a row that
changes nothing writes nothing. Every row is checked first (each cell, the rule of acceptance of
``services.declaration_errors``, and whether the importing account may record for the row's lab); if any is wrong,
nothing is saved and the report lists every problem (line, column, reason).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ponte.conformity import services
from ponte.conformity.models import Declaration, Manufacturer, ProductCategory, TestLab
from ponte.conformity.selectors import identifier_key, split_reference
from ponte.core.actions import require
from ponte.core.imports import RowError, read_table
from ponte.core.models import Country
from ponte.standards.models import Recommendation

COLUMNS = [
    "manufacturer",
    "manufacturer_country",
    "model",
    "product",
    "category",
    "recommendations",
    "lab",
    "report_reference",
    "report_date",
    "valid_until",
]
SEPARATOR = ";"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ImportReport:
    """What a file did: declarations created, updated and unchanged, or every problem (then nothing was saved)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _CellError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def import_declarations(*, file_name: str, content: bytes, actor: Any = None) -> ImportReport:
    """Check every row, then create or update the declarations by lab and report reference in one transaction,
    or change nothing. ``actor`` is the signed-in user of the page (None for the management command)."""
    if actor is not None:
        require(actor, "conformity.add_declaration")
    report = ImportReport()
    rows = read_file(file_name, content, report.errors)
    if not report.ok:
        return report
    cells = _Cells(actor=actor, is_xlsx=file_name.lower().endswith(".xlsx"))
    entries = [(line, entry) for line, entry in _entries(rows, cells, report) if entry is not None]
    if report.ok:
        _write(actor, entries, report)
    report.errors.sort(key=lambda error: (error.line, COLUMNS.index(error.column) if error.column in COLUMNS else -1))
    return report


def _entries(
    rows: list[dict[str, str]], cells: _Cells, report: ImportReport
) -> Iterator[tuple[int, services.Entry | None]]:
    """Each row as an entry (None when a cell is wrong), with every problem of the file added to the report."""
    seen_reports: dict[tuple[int, str], int] = {}
    seen_products: dict[tuple[str, str], tuple[int, str, str]] = {}
    seen_manufacturers: dict[str, tuple[int, str]] = {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        entry = cells.entry(line, row, report.errors)
        if entry is None:
            yield line, None
            continue
        problems = services.entry_errors(entry, scope=cells.scopes.get(entry.lab.pk, set()))
        if problems and services.matches_record(entry):
            problems = {}  # a row exported and imported back untouched stands (see services._save)
        report.errors.extend(RowError(line, column, reason) for column, reason in problems.items())
        manufacturer = entry.manufacturer.casefold()
        country = entry.manufacturer_country.alpha3
        recorded = cells.known_manufacturers.get(manufacturer)
        if recorded is not None and recorded[1] != country:
            reason = _("%(name)s is recorded in %(code)s: write that country, or ask the secretariat.") % {
                "name": recorded[0],
                "code": recorded[1],
            }
            report.errors.append(RowError(line, "manufacturer_country", reason))
        elif manufacturer in seen_manufacturers and seen_manufacturers[manufacturer][1] != country:
            reason = _("Line %(line)s gives this manufacturer another country.") % {
                "line": seen_manufacturers[manufacturer][0]
            }
            report.errors.append(RowError(line, "manufacturer_country", reason))
        seen_manufacturers.setdefault(manufacturer, (line, country))
        product_key = (manufacturer, entry.model.casefold())
        earlier = seen_products.setdefault(product_key, (line, entry.product, entry.category))
        if earlier[1:] != (entry.product, entry.category):
            reason = _("Line %(line)s names or classes this model differently: give it the same name and category.")
            report.errors.append(RowError(line, "product", reason % {"line": earlier[0]}))
        key = (entry.lab.pk, entry.report_reference)
        if key in seen_reports:
            reason = _("Line %(line)s has the same lab and report reference.") % {"line": seen_reports[key]}
            report.errors.append(RowError(line, "report_reference", reason))
        seen_reports.setdefault(key, line)
        yield line, entry


def _write(actor: Any, entries: list[tuple[int, services.Entry]], report: ImportReport) -> None:
    """Save every entry in one transaction; the first refusal of a service undoes the whole file."""
    with transaction.atomic():
        for line, entry in entries:
            try:
                with transaction.atomic():
                    _declaration, outcome = services.save_declaration(actor=actor, entry=entry)
            except ValidationError as error:
                messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                for column, reasons in messages.items():
                    report.errors.extend(RowError(line, column, reason) for reason in reasons)
                continue
            except PermissionDenied:
                report.errors.append(RowError(line, "lab", _("You may not record the declarations of this lab.")))
                continue
            setattr(report, outcome.value, getattr(report, outcome.value) + 1)
        if not report.ok:
            transaction.set_rollback(True)  # one bad row: the whole file is undone
            report.created = report.updated = report.unchanged = 0


# --- Reading the file ------------------------------------------------------------------------------------------


def read_file(file_name: str, content: bytes, errors: list[RowError]) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file with every column; none, with the reason in ``errors``, if it cannot be read."""
    if file_name.lower().endswith(".xlsx"):
        if not is_xlsx(content):
            errors.append(RowError(1, "", _("The file is not an Excel workbook (XLSX).")))
            return []
        try:
            return read_table(file_name, content, set(COLUMNS), errors)
        except Exception:  # a damaged workbook fails in many ways inside openpyxl (zip, XML, styles): none is ours
            errors.append(RowError(1, "", _("The workbook cannot be read: save it again as XLSX, or as CSV (UTF-8).")))
            return []
    problem = _csv_problem(content)
    if problem is not None:
        errors.append(problem)
        return []
    return read_table(file_name, content, set(COLUMNS), errors)


def is_xlsx(content: bytes) -> bool:
    """A zip holding a workbook (only the zip's table of contents is read: nothing is decompressed)."""
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False


NOT_UTF8 = gettext_lazy("The file is not a CSV file in UTF-8: save it as “CSV UTF-8”, or as XLSX.")


def _csv_text(content: bytes) -> str | None:
    """The text of a CSV file, or None unless it is UTF-8 text (a NUL byte means a binary file)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _csv_problem(content: bytes) -> RowError | None:
    """Why a CSV file cannot be read row by row as a table, or None (the checks ``read_table`` does not make)."""
    text = _csv_text(content)
    if text is None:
        return RowError(1, "", str(NOT_UTF8))
    try:
        reader = csv.reader(io.StringIO(text))
        header = next(reader, [])
        for cells in reader:
            if len(cells) > len(header):
                reason = _(
                    "This row has more cells than the header has columns (put a cell holding a comma in quotes)."
                )
                return RowError(reader.line_num, "", reason)
    except csv.Error as error:
        return RowError(1, "", _("The file cannot be read as CSV: %(reason)s.") % {"reason": error})
    return None


class _Cells:
    """How each column reads: the vocabulary of the database, read once per file."""

    def __init__(self, *, actor: Any, is_xlsx: bool) -> None:
        self.actor = actor
        self.is_xlsx = is_xlsx
        labs = TestLab.objects.prefetch_related("scope").order_by("name")
        self.known_labs = {lab.name.casefold(): lab for lab in labs}
        self.scopes = {lab.pk: {recommendation.pk for recommendation in lab.scope.all()} for lab in labs}
        self.countries = {country.alpha3: country for country in Country.objects.all()}
        self.known_manufacturers = {
            name.casefold(): (name, alpha3)
            for name, alpha3 in Manufacturer.objects.values_list("name", "country__alpha3")
        }
        with translation.override("en"):
            self.categories = {str(label).casefold(): code for code, label in ProductCategory.choices}
        self.categories.update({code: code for code in ProductCategory.values})
        self.by_key: dict[tuple[str, str], Recommendation] = {}
        self.by_identifier: dict[str, list[Recommendation]] = {}
        for recommendation in Recommendation.objects.select_related("sector"):
            key = identifier_key(recommendation.identifier)
            self.by_key[(recommendation.sector.code.upper(), key)] = recommendation
            self.by_identifier.setdefault(key, []).append(recommendation)

    def entry(self, line: int, row: dict[str, str], errors: list[RowError]) -> services.Entry | None:
        values: dict[str, Any] = {}
        for column in COLUMNS:
            try:
                values[column] = getattr(self, column)(services.one_line(row.get(column) or ""))
            except _CellError as error:
                errors.append(RowError(line, column, error.reason))
        if len(values) < len(COLUMNS):
            return None
        return services.Entry(
            lab=values["lab"],
            manufacturer=values["manufacturer"],
            manufacturer_country=values["manufacturer_country"],
            model=values["model"],
            product=values["product"],
            category=values["category"],
            recommendations=values["recommendations"],
            report_reference=values["report_reference"],
            report_date=values["report_date"],
            valid_until=values["valid_until"],
        )

    def manufacturer(self, text: str) -> str:
        return _text(text, "manufacturer", _("Write the manufacturer's name."))

    def manufacturer_country(self, text: str) -> Country:
        country = self.countries.get(text.upper())
        if country is None:
            raise _CellError(
                _("Unknown country code %(code)s: give the ISO 3166 alpha-3 code, e.g. KOR.") % {"code": text}
            )
        return country

    def model(self, text: str) -> str:
        return _text(text, "model", _("Write the model, as printed on the product."))

    def product(self, text: str) -> str:
        return _text(text, "product", _("Write the product's name."))

    def category(self, text: str) -> str:
        code = self.categories.get(text.casefold())
        if code is None:
            message = _("Unknown category %(category)s: write one of %(categories)s.")
            raise _CellError(message % {"category": text, "categories": ", ".join(ProductCategory.values)})
        return code

    def recommendations(self, text: str) -> tuple[Recommendation, ...]:
        found: list[Recommendation] = []
        for item in (part.strip() for part in text.split(SEPARATOR)):
            if item:
                found.append(self._recommendation(item))
        if not found:
            raise _CellError(_("Name the Recommendations, separated by ;, e.g. ITU-T H.702;ITU-T F.921."))
        return tuple(found)

    def _recommendation(self, item: str) -> Recommendation:
        sector, identifier = split_reference(item)
        key = identifier_key(identifier)
        if sector:
            recommendation = self.by_key.get((sector, key))
            if recommendation is not None:
                return recommendation
        else:
            candidates = self.by_identifier.get(key, [])
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                message = _("%(name)s is an identifier in several sectors: write the sector, e.g. ITU-T %(name)s.")
                raise _CellError(message % {"name": identifier})
        raise _CellError(_("Unknown Recommendation %(name)s: write it like ITU-T H.702.") % {"name": item})

    def lab(self, text: str) -> TestLab:
        lab = self.known_labs.get(text.casefold())
        if lab is None:
            if not text:
                raise _CellError(_("Write the name of the test lab."))
            raise _CellError(_("Unknown test lab %(name)s: write its name as in the lab registry.") % {"name": text})
        if self.actor is not None and not self.actor.has_perm("conformity.record_for_lab", lab):
            raise _CellError(
                _(
                    "You may import only the declarations of the labs you represent while their accreditation is "
                    "current."
                )
            )
        return lab

    def report_reference(self, text: str) -> str:
        return _text(text, "report_reference", _("Write the test report's reference."))

    def report_date(self, text: str) -> datetime.date:
        return self._date(text)

    def valid_until(self, text: str) -> datetime.date:
        return self._date(text)

    def _date(self, text: str) -> datetime.date:
        if self.is_xlsx:  # a date cell of a spreadsheet reads as "2025-07-01 00:00:00"
            text = text.removesuffix(" 00:00:00")
        try:
            if not DATE.fullmatch(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise _CellError(_("Write the date as YYYY-MM-DD, e.g. 2025-03-21.")) from None


def _text(text: str, column: str, missing: str) -> str:
    if not text:
        raise _CellError(missing)
    problem = services.text_problem(text, services.LIMITS[column])
    if problem:
        raise _CellError(problem)
    return text


# --- Writing the file ------------------------------------------------------------------------------------------


def declaration_rows(declarations: Iterable[Declaration]) -> Iterator[list[Any]]:
    """Each declaration as the import's cells (dates as dates), the queryset planned by the caller."""
    for declaration in declarations:
        product = declaration.product
        recommendations = sorted(
            declaration.recommendations.all(), key=lambda r: (r.sector.code, identifier_key(r.identifier))
        )
        yield [
            product.manufacturer.name,
            product.manufacturer.country.alpha3,
            product.model,
            product.name,
            product.category,
            SEPARATOR.join(f"{r.sector.code} {r.identifier}" for r in recommendations),
            declaration.lab.name,
            declaration.report_reference,
            declaration.report_date,
            declaration.valid_until,
        ]


class _Echo:
    """A file-like object that hands back what is written to it, for ``csv.writer`` to build one line."""

    def write(self, value: str) -> str:
        return value


def declarations_csv_lines(declarations: Iterable[Declaration]) -> Iterator[str]:
    """The CSV file line by line (header first), for a streaming response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in declaration_rows(declarations):
        yield writer.writerow([cell.isoformat() if isinstance(cell, datetime.date) else cell for cell in row])


def declarations_csv(declarations: Iterable[Declaration]) -> bytes:
    return "".join(declarations_csv_lines(declarations)).encode()


def declarations_xlsx(declarations: Iterable[Declaration]) -> bytes:
    """One sheet, the header in bold, dates as date cells, every text a text (never a formula)."""
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet("declarations")
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in declaration_rows(declarations):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.data_type = "s"
    return cell


def check_upload(upload: Any) -> bytes:
    """The bytes of an uploaded declarations file, refused unless it is a CSV in UTF-8 or an XLSX workbook (read
    from its content, not its name) of at most 5 MB."""
    if upload.size > MAX_UPLOAD_BYTES:
        message = _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        raise ValidationError({"file": message}, code="too_large")
    upload.seek(0)
    content: bytes = upload.read()
    upload.seek(0)
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        if not is_xlsx(content):
            raise ValidationError({"file": _("The file is not an Excel workbook (XLSX).")}, code="file_type")
        if _has_macros(content):
            raise ValidationError({"file": _("Workbooks with macros are not accepted.")}, code="macros")
    elif name.endswith(".csv"):
        if _csv_text(content) is None:
            raise ValidationError({"file": str(NOT_UTF8)}, code="file_type")
    else:
        raise ValidationError({"file": _("Upload a .csv or .xlsx file.")}, code="file_type")
    return content


def _has_macros(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(name.endswith("vbaProject.bin") for name in archive.namelist())
