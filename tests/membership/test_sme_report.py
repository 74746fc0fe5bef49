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
    call_command("load_demo", stdout=StringIO())


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
