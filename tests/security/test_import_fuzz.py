"""Fuzzing every import format (issue 9): whatever the cells, the encoding or the bytes of a file, each importer answers
with its report (never another exception), imports all of the file or none of it, and names every refused row.

The formats: SME batches and bank statements (membership), meetings and attendance lists (meetings), partnership
agreements and Recommendations. Declarations (conformity) are fuzzed in ``tests/conformity/test_import_fuzz.py``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ponte.core.imports import RowError, describe, read_rows
from ponte.core.models import Organisation, Person, RoleKind, User
from ponte.meetings.attendance_import import import_attendance
from ponte.meetings.importers import import_meetings
from ponte.membership.importers import import_bank_statement, import_sme_batch
from ponte.partnerships.importers import import_agreements
from ponte.standards.importers import import_recommendations
from tests.factories import OrganisationFactory, country, group, with_role

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Cells that break things: empty, huge, NUL and control characters, right-to-left text, emoji, formulas, separators.
noise = st.text(max_size=40) | st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x1b[31m",
        "\r\n",
        "\u202eevil\u202c",
        "مرحبا",
        "日本語",
        "👩🏽‍💻🚀",
        "=1+1",
        '=HYPERLINK("http://x")',
        "+1",
        "-5",
        "@SUM(A1)",
        "a;b;;",
        ";",
        "1e309",
        "NaN",
        "-0",
        "9" * 40,
        "x" * 5000,
        "2025-02-30",
        "<script>alert(1)</script>",
    ]
)


@dataclass(frozen=True)
class Cells:
    """The values of a column: the first is good, the others plausible mistakes."""

    values: tuple[str, ...]

    @property
    def good(self) -> st.SearchStrategy[str]:
        return st.just(self.values[0])

    @property
    def any(self) -> st.SearchStrategy[str]:
        return st.sampled_from(self.values) | noise


def cells(*values: str) -> Cells:
    return Cells(values)


def _rows_of(columns: dict[str, Cells]) -> st.SearchStrategy[list[dict[str, str]]]:
    """Rows of good cells (a file that imports), or of any cells (one that mostly does not)."""
    good = st.fixed_dictionaries({name: column.good for name, column in columns.items()})
    mixed = st.fixed_dictionaries({name: column.any for name, column in columns.items()})
    return st.lists(good, min_size=1, max_size=2) | st.lists(mixed, min_size=1, max_size=4)


@dataclass(frozen=True)
class Format:
    """One import format: its columns and cells, how to run it in a world, what it touches, what it accounts for."""

    columns: dict[str, Cells]
    run: Callable[[Any, str, bytes], Any]
    touched: tuple[str, ...]  # model labels: rows and history rows counted before and after
    accounted: Callable[[Any], int]  # rows of a successful file the report accounts for
    merges_repeats: bool = False  # the same row twice is one fact (an attendance), accounted for once


def _counted(report: Any) -> int:
    return int(report.created + report.updated + report.unchanged)


FORMATS: dict[str, Format] = {
    "sme_batch": Format(
        {
            "name": cells("Pampa IoT SRL", "Rosario Sensores SA", "pampa iot srl"),
            "country": cells("ARG", "arg", "XXX"),
            "employee_count": cells("25", "0", "-4", "250"),
            "annual_turnover": cells("900000", "", "1.5"),
            "turnover_currency": cells("USD", "", "usd", "EURO"),
            "groups": cells("ITU-T SG20", "ITU-T SG20; ITU-D SG2", "ITU-T SG99"),
            "website": cells("https://pampa.example", "", "javascript:alert(1)"),
        },
        lambda world, name, content: import_sme_batch(
            actor=world.association_representative, association=world.association, file_name=name, content=content
        ),
        ("membership.Application", "membership.Endorsement", "core.Organisation"),
        lambda report: int(report.created),
    ),
    "bank_statement": Format(
        {
            "date": cells("2026-03-05", "2026-02-30", "05/03/2026"),
            "amount": cells("15900.00", "-120.00", "5000", "1'500.00", "0"),
            "currency": cells("CHF", "chf", "USD", "EURO"),
            "reference": cells("Payment PON-2026-00001", "pon-2026-00002 part 1", "No reference", "PON-2026-00999"),
            "transaction_id": cells("TX-1", "TX-2", ""),
        },
        lambda world, name, content: import_bank_statement(actor=world.secretariat, file_name=name, content=content),
        ("membership.BankStatementEntry", "membership.Payment", "membership.Invoice"),
        lambda report: len(report.paid) + report.already_imported + len(report.unmatched) + report.debits_skipped,
    ),
    "meetings": Format(
        {
            "code": cells("T25-SG16-260113", "T25-SG20-260302", "t25-sg16-260113"),
            "sector": cells("ITU-T", "itu-t", "ITU-X"),
            "group": cells("SG16", "tsag", "SG99"),
            "title": cells("Study Group 16 meeting", "Réunion"),
            "start": cells("2026-01-13", "2026-01-24", "13/01/2026"),
            "end": cells("2026-01-23", "2026-01-12"),
            "country": cells("CHE", "bra", "", "XXX"),
            "city": cells("Geneva", "Brasília", ""),
            "virtual": cells("no", "yes", "", "maybe"),
        },
        lambda world, name, content: import_meetings(file_name=name, content=content),
        ("meetings.Meeting",),
        _counted,
    ),
    "attendance": Format(
        {
            "meeting": cells("T25-SG16-260615", "T25-NOPE"),
            "email": cells("amina.diallo@example.sn", "", "not-an-email"),
            "name": cells("Amina Diallo", "Kenji Sato", "Diallo"),
            "gender": cells("F", "M", "X", "", "Q"),
            "birth_year": cells("1990", "", "1800", "3000"),
            "country": cells("SEN", "JPN", "XXX"),
            "organisation": cells("Sonatel", "Kyoto University", ""),
            "category": cells("sector_member", "academia", "member_state", "alien"),
            "mode": cells("in_person", "remote", "teleport"),
            "day": cells("2026-06-15", "2026-06-16", "2026-07-01"),
        },
        lambda world, name, content: import_attendance(file_name=name, content=content),
        ("meetings.Attendance", "core.Person", "core.Organisation"),
        lambda report: int(report.created + report.unchanged),
        merges_repeats=True,
    ),
    "agreements": Format(
        {
            "reference": cells("BDT-2020-001", "BDT-2020-002", "bdt-2020-001"),
            "type": cells("cooperation", "voluntary_contribution", "Memorandum of understanding", "gift"),
            "title": cells("Smart villages in Niger", "Cybersecurity readiness"),
            "partner": cells("Sahel Connect Foundation", "Kestrel Networks;Sahel Connect Foundation"),
            "partner_kind": cells("foundation", "private_company", "foundation;administration", "alien"),
            "signed_on": cells("2016-09-12", "2016-02-30", "12/09/2016"),
            "value": cells("150000", "500000.50", "0", "-1", "99999999999999999"),
            "currency": cells("USD", "EUR", "usd"),
            "value_usd": cells("", "560000", "abc"),
            "regions": cells("AFR", "AFR;GLO", "XYZ", ""),
            "countries": cells("NER", "NER;BFA", "XXX", ""),
            "action_areas": cells("Digital inclusion", "capacity building;Infrastructure", "Nothing", ""),
            "amends": cells("", "BDT-2020-001", "BDT-1999-999"),
        },
        lambda world, name, content: import_agreements(file_name=name, content=content),
        ("partnerships.Agreement", "partnerships.Partner"),
        _counted,
    ),
    "recommendations": Format(
        {
            "sector": cells("ITU-T", "itu-r", "ITU-X"),
            "identifier": cells("H.702", "X.1205", "P.1546"),
            "kind": cells("recommendation", "Technical paper", ""),
            "status": cells("in_force", "superseded", "In force", "", "dead"),
            "group": cells("SG16", "sg17", "SG3", "SG99"),
            "approved_on": cells("2015-11-01", "", "2015-13-01"),
            "url": cells("https://www.itu.int/rec/T-REC-H.702", "", "javascript:alert(1)"),
            "title_en": cells("Accessibility profiles for IPTV systems", "Overview of cybersecurity"),
            "title_fr": cells("", "Profils d'accessibilité"),
            "title_es": cells(""),
            "title_ru": cells(""),
            "title_zh_hans": cells("", "IPTV系统的无障碍配置文件"),
            "title_ar": cells("", "لمحات إمكانية النفاذ"),
            "superseded_by": cells("", "P.1546", "H.702"),
            "summary_en": cells("", "Captions and sign language."),
        },
        lambda world, name, content: import_recommendations(file_name=name, content=content, actor=world.secretariat),
        ("standards.Recommendation",),
        _counted,
    ),
}


# --- the world the files are imported into -----------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    secretariat: User
    association: Organisation
    association_representative: User


@pytest.fixture
def world() -> World:
    """An SME association and its representative, the secretariat, invoices to pay, a meeting to attend, an
    agreement and a Recommendation to update."""
    from ponte.meetings.models import Meeting
    from ponte.standards.models import Recommendation
    from tests.partnerships.factories import PartnerFactory, agreement
    from tests.portal.factories import invoice

    secretariat = with_role(RoleKind.SECRETARIAT)
    association = OrganisationFactory(name="CABASE", category="sme_association", country=country("ARG"))
    for _ in range(2):
        invoice(OrganisationFactory(name=f"Debtor {_}", category="sector_member", country=country("DEU")))
    Meeting.objects.create(
        code="T25-SG16-260615",
        group=group("ITU-T", "SG16"),
        title_en="ITU-T SG16 meeting",
        starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 19),
        country=country("CHE"),
        city="Geneva",
    )
    agreement("BDT-2020-001", partners=[PartnerFactory(name="Sahel Connect Foundation")], country_codes=("NER",))
    Recommendation.objects.get_or_create(
        sector=group("ITU-T", "SG16").sector, identifier="H.702", defaults={"title_en": "Accessibility profiles"}
    )
    return World(secretariat, association, with_role(RoleKind.REPRESENTATIVE, organisation=association))


def snapshot(labels: tuple[str, ...]) -> tuple[Any, ...]:
    """The rows and history rows of the touched models (and of people and organisations, which imports create)."""
    counted: list[Any] = []
    for label in (*labels, "core.Person", "core.Organisation"):
        model = apps.get_model(label)
        counted.append((label, model._default_manager.count(), model.history.count()))
    counted.append(tuple(Person.objects.order_by("pk").values_list("pk", "email", "given_name", "family_name")))
    counted.append(tuple(Organisation.objects.order_by("pk").values_list("pk", "name")))
    return tuple(counted)


# --- the files -------------------------------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "shift_jis")


def as_csv(values: list[dict[str, str]], columns: list[str], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(values)
    return buffer.getvalue().encode(encoding)


def as_xlsx(values: list[dict[str, str]], columns: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for row in values:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row.get(column, "")) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(world: World, kind: str, file_name: str, content: bytes) -> None:
    """The property: a report (or a ValidationError), all rows or none, every refused row named with a reason."""
    form = FORMATS[kind]
    before = snapshot(form.touched)
    try:
        report = form.run(world, file_name, content)
    except ValidationError:
        assert snapshot(form.touched) == before, "a refused file changed the database"
        return
    event("imported" if report.ok else "refused")
    for error in report.errors:
        assert isinstance(error, RowError)
        assert error.line >= 1
        assert str(error.reason).strip(), error
        assert describe(error)
    if report.ok:
        rows = read_rows(file_name, content)
        expected = len({tuple(sorted(row.items())) for row in rows}) if form.merges_repeats else len(rows)
        assert form.accounted(report) == expected, "a row of a good file went missing"
    else:
        assert snapshot(form.touched) == before, "a file with a problem changed the database"


def _file(
    values: list[dict[str, str]], columns: list[str], how: str, encoding: str, cut: float
) -> tuple[str, bytes] | None:
    """The file as CSV (in an encoding), XLSX, or an XLSX cut short or with bytes changed."""
    if how == "csv":
        try:
            return "fuzz.csv", as_csv(values, columns, encoding)
        except (UnicodeEncodeError, UnicodeError):
            return None  # text the encoding cannot write: no such file exists
    workbook = as_xlsx(values, columns)
    if how == "truncated":
        workbook = workbook[: int(len(workbook) * cut)]
    elif how == "corrupt":
        middle = int(len(workbook) * cut)
        workbook = workbook[:middle] + bytes(b ^ 0x5A for b in workbook[middle : middle + 16]) + workbook[middle + 16 :]
    return "fuzz.xlsx", workbook


def _file_of(kind: str) -> Any:
    form = FORMATS[kind]
    names = list(form.columns)
    return st.tuples(
        _rows_of(form.columns),
        st.sets(st.sampled_from(names), max_size=2),  # columns left out
        st.booleans(),  # an extra column nobody asked for
        st.booleans(),  # the first row twice
        st.sampled_from(["csv", "csv", "xlsx", "truncated", "corrupt"]),
        st.sampled_from(ENCODINGS),
        st.floats(min_value=0.05, max_value=0.95),
    )


def _fuzz_cells(world: World, kind: str, drawn: tuple[Any, ...]) -> None:
    values, dropped, extra, twice, how, encoding, cut = drawn
    columns = [column for column in FORMATS[kind].columns if column not in dropped]
    if extra:
        columns.append("remarks")
        values = [{**row, "remarks": "=cmd|' /C calc'!A0"} for row in values]
    if twice:
        values = [values[0], *values]
    made = _file(values, columns, how, encoding, cut)
    if made is not None:
        check(world, kind, *made)


@FUZZ
@given(drawn=_file_of("sme_batch"))
def test_sme_batches(world: World, drawn: tuple[Any, ...]) -> None:
    _fuzz_cells(world, "sme_batch", drawn)


@FUZZ
@given(drawn=_file_of("bank_statement"))
def test_bank_statements(world: World, drawn: tuple[Any, ...]) -> None:
    _fuzz_cells(world, "bank_statement", drawn)


@FUZZ
@given(drawn=_file_of("meetings"))
def test_meeting_calendars(world: World, drawn: tuple[Any, ...]) -> None:
    _fuzz_cells(world, "meetings", drawn)


@FUZZ
@given(drawn=_file_of("attendance"))
def test_attendance_lists(world: World, drawn: tuple[Any, ...]) -> None:
    _fuzz_cells(world, "attendance", drawn)


@FUZZ
@given(drawn=_file_of("agreements"))
def test_agreements(world: World, drawn: tuple[Any, ...]) -> None:
    _fuzz_cells(world, "agreements", drawn)


@FUZZ
@given(drawn=_file_of("recommendations"))
def test_recommendations(world: World, drawn: tuple[Any, ...]) -> None:
    _fuzz_cells(world, "recommendations", drawn)


@FUZZ
@given(
    kind=st.sampled_from(sorted(FORMATS)),
    content=st.binary(max_size=400),
    name=st.sampled_from(["fuzz.csv", "fuzz.xlsx", "FUZZ.XLSX"]),
)
def test_random_bytes(world: World, kind: str, content: bytes, name: str) -> None:
    check(world, kind, name, content)


@FUZZ
@given(kind=st.sampled_from(sorted(FORMATS)), text=st.text(max_size=300), bom=st.sampled_from(["", "\ufeff"]))
def test_random_text_under_the_header(world: World, kind: str, text: str, bom: str) -> None:
    header = ",".join(FORMATS[kind].columns)
    try:
        content = codecs.encode(f"{bom}{header}\n{text}", "utf-8")
    except UnicodeEncodeError:
        return
    check(world, kind, "fuzz.csv", content)


def test_an_exported_formula_is_text_and_the_file_imports_back_unchanged(db: None) -> None:
    from ponte.partnerships.exports import agreements_csv, agreements_xlsx
    from ponte.partnerships.models import Agreement
    from tests.partnerships.factories import PartnerFactory, agreement

    title = '=HYPERLINK("https://evil.example","Open")'
    made = agreement("BDT-2020-001", partners=[PartnerFactory(name="@SUM(1+1)")], country_codes=("KEN",))
    Agreement.objects.filter(pk=made.pk).update(title_en=title)
    exported = agreements_csv(Agreement.objects.all())
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert "'" + title in cells
    assert "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "@"))]
    workbook = load_workbook(io.BytesIO(agreements_xlsx(Agreement.objects.all())))
    cells_of = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells_of if cell.data_type == "f"] == []
    report = import_agreements(file_name="agreements.csv", content=exported.encode())
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
