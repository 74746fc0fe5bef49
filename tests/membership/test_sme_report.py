"""The SME programme's status report reproduces seed 000 on the demo data."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

SEED_000 = {
    "total": 22,
    "by_sector": {
        "ITU-T": {"approved": 15, "pending": 3, "interested": 4},
        "ITU-D": {"approved": 8, "pending": 0, "interested": 0},
    },
    "in_both": 1,
}


@pytest.fixture
def demo() -> None:
    """The seed's organisations and applications (the report needs no members or invoices)."""
    from ponte.core.demo import load_demo
    from ponte.membership.demo import load_demo as load_programme

    load_demo()
    load_programme()


def test_command_prints_the_seed_figures(demo) -> None:
    out = StringIO()
    call_command("sme_report", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == SEED_000


def test_api_gives_the_same_figures(demo, client: Client) -> None:
    assert client.get("/api/v1/membership/sme-report").json() == SEED_000


def test_page_and_csv_list_the_annex(demo, client: Client) -> None:
    page = client.get("/en/membership/sme-report/")
    assert page.status_code == 200
    annex = page.context["report"].annex
    assert len(annex) == 22
    astem = next(row for row in annex if row.entity == "ASTEM Co. Ltd.")
    assert (astem.member_state, astem.sectors, astem.groups) == (
        "Japan",
        ["ITU-D", "ITU-T"],
        ["ITU-D SG2", "ITU-T SG16"],
    )
    rows = list(csv.reader(io.StringIO(client.get("/en/membership/sme-report.csv").content.decode())))
    assert rows[0] == ["No.", "Entity", "Approving Member State", "Sector", "Study groups"]
    assert len(rows) == 23


def test_placeholders_are_named_as_placeholders(demo, client: Client) -> None:
    from ponte.membership.models import Application

    placeholders = Application.objects.filter(is_placeholder=True).select_related("organisation")
    assert placeholders.count() == 7
    assert all("placeholder" in a.organisation.name for a in placeholders)


def test_report_in_arabic(demo, client: Client) -> None:
    page = client.get("/ar/membership/sme-report/")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()


def test_xlsx_and_pdf_exports_carry_the_same_figures(demo, client: Client) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    response = client.get("/en/membership/sme-report.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary, annex = workbook.worksheets
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == ("Sector", "Approved", "Pending", "Interested")
    assert ("ITU-T", 15, 3, 4) in rows and ("ITU-D", 8, 0, 0) in rows
    assert rows[-2][:2] == ("Approved SMEs in all", 22)
    assert annex.max_row == 23

    arabic = load_workbook(io.BytesIO(client.get("/ar/membership/sme-report.xlsx").content))
    assert arabic.worksheets[0].sheet_view.rightToLeft

    pdf = client.get("/en/membership/sme-report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "22 SMEs approved" in text and "ASTEM Co. Ltd." in text
