"""Fuzzing the import format: whatever the cells (or the bytes) of a file, the import answers with a report, never
with a server error, and a file with any problem leaves the database exactly as it was."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ponte.conformity.importers import COLUMNS, import_declarations
from ponte.conformity.models import Declaration, Manufacturer, Product
from ponte.core.imports import describe
from tests.conformity.conftest import World
from tests.conformity.factories import days

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

noise = st.text(max_size=80) | st.sampled_from(
    ["", " ", "=1+1", "-5", "@x", "a;b;;", "\x00", "日本語", "٣٤", "a" * 300]
)
dates = (
    st.dates().map(lambda day: day.isoformat())
    | st.sampled_from([days(-20).isoformat(), days(700).isoformat(), "2025-02-30", "20-01-2025", "2025-01-01 00:00:00"])
    | noise
)
CELLS: dict[str, Any] = {
    "manufacturer": st.sampled_from(["Lumen Vision", "Hanbit Media", "hanbit media"]) | noise,
    "manufacturer_country": st.sampled_from(["CHN", "KOR", "kor", "XXX"]) | noise,
    "model": st.sampled_from(["LV-4K2", "HM-700", "hm-700"]) | noise,
    "product": st.sampled_from(["4K IPTV terminal", "Accessible set-top box"]) | noise,
    "category": st.sampled_from(["iptv_terminal", "Charger or power adapter", "charger"]) | noise,
    "recommendations": st.sampled_from(["ITU-T H.702", "H.702;HSTP-CONF-H702", "ITU-T L.1000", "ITU-D H.702"]) | noise,
    "lab": st.sampled_from(["Seoul IPTV Test Centre", "nairobi ict lab", "Old Test House"]) | noise,
    "report_reference": st.sampled_from(["SITC-0300", "SITC-0117", "NICL-040"]) | noise,
    "report_date": dates,
    "valid_until": dates,
}
rows = st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=4)


def snapshot() -> tuple[Any, ...]:
    return (
        tuple(Declaration.objects.order_by("pk").values_list("pk", "report_reference", "report_date", "valid_until")),
        Product.objects.count(),
        Manufacturer.objects.count(),
        Declaration.history.count(),
    )


def as_csv(values: list[dict[str, str]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(values)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


def as_xlsx(values: list[dict[str, str]], columns: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for row in values:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row[column]) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(file_name: str, content: bytes) -> None:
    before = snapshot()
    report = import_declarations(file_name=file_name, content=content)
    for error in report.errors:
        assert describe(error)
    if not report.ok:
        assert snapshot() == before, "a file with a problem changed the database"
        assert report.created == report.updated == report.unchanged == 0


@FUZZ
@given(values=rows, xlsx=st.booleans(), dropped=st.sets(st.sampled_from(COLUMNS), max_size=2))
def test_random_cells_never_cause_an_error_or_a_half_import(
    world: World, values: list[dict[str, str]], xlsx: bool, dropped: set[str]
) -> None:
    columns = [column for column in COLUMNS if column not in dropped]
    try:
        content = as_xlsx(values, columns) if xlsx else as_csv(values, columns)
    except UnicodeEncodeError:  # a lone surrogate cannot be written as UTF-8: no such file exists
        return
    check("fuzz.xlsx" if xlsx else "fuzz.csv", content)


@FUZZ
@given(content=st.binary(max_size=400), name=st.sampled_from(["fuzz.csv", "fuzz.xlsx"]))
def test_random_bytes_never_cause_an_error(world: World, content: bytes, name: str) -> None:
    check(name, content)


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text_as_csv_never_causes_an_error(world: World, text: str) -> None:
    try:
        content = (",".join(COLUMNS) + "\n" + text).encode()
    except UnicodeEncodeError:
        return
    check("fuzz.csv", content)
