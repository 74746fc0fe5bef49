"""The report as files: CSV and XLSX carry the page's tables and exact amounts; the PDF reads in the reader's
language, Chinese in a CJK font, Arabic right to left."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from ponte.funds import exports, selectors

pytestmark = pytest.mark.django_db


def test_the_csv_has_every_table_with_exact_amounts(ledger) -> None:
    response = Client().get(reverse("funds:report_csv"), {"year": "2026"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="bsg-fund-2026-en.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["BSG fund: bridging the standardization gap (Resolution 44)", "Financial year 2026"]
    start = rows.index(["Balance per source, Financial year 2026 (CHF)"])
    assert rows[start + 1] == ["Source", "Opening balance", "Receipts", "Disbursements", "Closing balance"]
    assert rows[start + 2] == ["Partner contribution", "70000.00", "0.00", "40000.00", "30000.00"]
    assert rows[start + 7] == ["All sources", "85000.00", "50000.00", "40000.00", "95000.00"]
    purposes = rows.index(["Disbursements by purpose, Financial year 2026 (CHF)"])
    assert rows[purposes + 5] == ["Conformity, interconnection and interoperability studies", "40000.00"]
    years = rows.index(["Balance year by year, all sources (CHF)"])
    assert rows[years + 2 : years + 4] == [
        ["2025", "0.00", "120000.00", "35000.00", "85000.00"],
        ["2026", "85000.00", "50000.00", "40000.00", "95000.00"],
    ]


def test_the_spreadsheet_has_a_sheet_per_table_with_numbers(ledger) -> None:
    response = Client().get(reverse("funds:report_xlsx"), {"year": "all"})
    assert 'filename="bsg-fund-all-years-en.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Balances CHF", "Receipts CHF", "Disbursements CHF", "Years CHF"]
    receipts = [[cell.value for cell in row] for row in workbook["Receipts CHF"].iter_rows()]
    assert receipts[0][0] == "Receipts by source, All years (CHF)"
    assert receipts[2] == ["Partner contribution", 100000]
    assert receipts[7] == ["All sources", 170000]
    assert workbook["Receipts CHF"]["B3"].number_format == "#,##0.00"
    with translation.override("ar"):
        arabic = load_workbook(io.BytesIO(exports.report_xlsx(selectors.fund_report(year=2026))))
    assert all(sheet.sheet_view.rightToLeft for sheet in arabic.worksheets)


def test_the_spreadsheet_of_an_empty_fund_opens_and_says_so() -> None:
    response = Client().get(reverse("funds:report_xlsx"), {"year": "all"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A2"].value == "Nothing has been recorded in the fund for this period."


def _pdf_text_and_fonts(content: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(content))
    fonts: set[str] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return "".join(page.extract_text() for page in reader.pages), fonts


def test_the_pdf_has_the_figures(ledger) -> None:
    response = Client().get(reverse("funds:report_pdf"), {"year": "2026"})
    assert response["Content-Type"] == "application/pdf"
    text, _fonts = _pdf_text_and_fonts(response.content)
    assert "Financial year 2026" in text and "Balance per source" in text
    assert "95,000.00" in text and "Conformity, interconnection and interoperability studies" in text


def test_the_chinese_pdf_is_set_in_noto_sans_cjk(ledger) -> None:
    with translation.override("zh-hans"):
        html = exports.report_html(selectors.fund_report(year=2026))
        _text, fonts = _pdf_text_and_fonts(exports.report_pdf(selectors.fund_report(year=2026)))
    assert 'lang="zh-CN"' in html
    assert any("Noto-Sans-CJK-SC" in font for font in fonts), fonts


def test_the_arabic_pdf_runs_right_to_left(ledger) -> None:
    with translation.override("ar"):
        html = exports.report_html(selectors.fund_report(year=2026))
        _text, fonts = _pdf_text_and_fonts(exports.report_pdf(selectors.fund_report(year=2026)))
    assert '<html lang="ar" dir="rtl">' in html
    assert any("DejaVu" in font for font in fonts), fonts
    # Amounts keep their digits left to right inside the right-to-left page.
    assert '<td class="num"><bdi>' in html and ".num bdi { unicode-bidi: embed; direction: ltr; }" in html


def test_a_file_of_a_year_with_nothing_says_so(ledger) -> None:
    response = Client().get(reverse("funds:report_pdf"), {"year": "all"})
    assert response.status_code == 200
    empty = exports.report_csv(selectors.fund_report(year=2020))
    assert empty.splitlines()[0].endswith("Financial year 2020")
    assert len(empty.splitlines()) == 2
