"""Declarations from a file (the command and the upload page): all rows or none with a report per bad cell,
idempotent by lab and report reference, a lab's representative limited to its own lab, and an export that imports
back unchanged (CSV and XLSX)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ponte.conformity.importers import COLUMNS, ImportReport, import_declarations
from ponte.conformity.models import Declaration, Manufacturer, Product
from ponte.core.imports import describe
from ponte.core.models import User
from tests.conformity.conftest import World
from tests.conformity.factories import days, recommendation
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def row(**changes: str) -> dict[str, str]:
    values = {
        "manufacturer": "Lumen Vision",
        "manufacturer_country": "CHN",
        "model": "LV-4K2",
        "product": "4K IPTV terminal",
        "category": "iptv_terminal",
        "recommendations": "ITU-T H.702;ITU-T HSTP-CONF-H702",
        "lab": "Seoul IPTV Test Centre",
        "report_reference": "SITC-0300",
        "report_date": days(-20).isoformat(),
        "valid_until": days(700).isoformat(),
    }
    values.update(changes)
    return values


def csv_file(*rows: dict[str, str], columns: list[str] = COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_file(*rows: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append([values[column] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def charger_row(**changes: str) -> dict[str, str]:
    values = {
        "manufacturer": "Savanna Power", "manufacturer_country": "KEN", "model": "SP-65", "product": "Laptop charger",
        "category": "Charger or power adapter", "recommendations": "L.1000", "lab": "nairobi ict lab",
        "report_reference": "NICL-040",
    }  # fmt: skip
    return row(**{**values, **changes})


def snapshot() -> tuple[int, int, int, int]:
    history = Declaration.history.count()
    return Declaration.objects.count(), Product.objects.count(), Manufacturer.objects.count(), history


def test_a_good_file_creates_the_declarations_products_and_manufacturers(world: World) -> None:
    report = import_declarations(file_name="labs.csv", content=csv_file(row(), charger_row()))
    assert report.ok, [describe(error) for error in report.errors]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    charger = Declaration.objects.get(report_reference="NICL-040")
    assert charger.lab == world.nairobi and list(charger.recommendations.all()) == [world.l1000]
    assert charger.product.category == "charger" and charger.product.manufacturer.name == "Savanna Power"
    terminal = Declaration.objects.get(report_reference="SITC-0300")
    assert set(terminal.recommendations.all()) == {world.h702, world.hstp}
    assert terminal.entered_by is None
    assert terminal.history.earliest().history_change_reason == "conformity.declaration.recorded"


def test_one_bad_row_saves_nothing_and_every_problem_is_reported(world: World) -> None:
    before = snapshot()
    content = csv_file(
        row(),
        charger_row(report_date="2025-13-01", category="toaster"),
        row(report_reference="SITC-0301", manufacturer_country="XXX", recommendations="ITU-T H.702;ITU-T Z.999"),
        row(report_reference="SITC-0302", recommendations="ITU-T L.1000", report_date=days(-2100).isoformat()),
        row(lab="Nowhere Lab"),
        row(),
    )
    report = import_declarations(file_name="labs.csv", content=content)
    assert not report.ok
    assert snapshot() == before
    assert [(error.line, error.column) for error in report.errors] == [
        (3, "category"),
        (3, "report_date"),
        (4, "manufacturer_country"),
        (4, "recommendations"),
        (5, "recommendations"),
        (5, "report_date"),
        (6, "lab"),
        (7, "report_reference"),
    ]
    reasons = {(error.line, error.column): error.reason for error in report.errors}
    assert reasons[(3, "report_date")] == "Write the date as YYYY-MM-DD, e.g. 2025-03-21."
    assert reasons[(4, "recommendations")] == "Unknown Recommendation ITU-T Z.999: write it like ITU-T H.702."
    assert reasons[(5, "recommendations")] == "Outside the accreditation scope of Seoul IPTV Test Centre: ITU-T L.1000."
    assert "was not accredited on the report date" in reasons[(5, "report_date")]
    assert reasons[(6, "lab")] == "Unknown test lab Nowhere Lab: write its name as in the lab registry."
    assert reasons[(7, "report_reference")] == "Line 2 has the same lab and report reference."
    assert describe(report.errors[0]).startswith("line 3, category: Unknown category toaster")


def test_the_same_file_twice_changes_nothing_and_an_edited_row_updates(world: World) -> None:
    content = csv_file(row(), charger_row())
    assert import_declarations(file_name="labs.csv", content=content).created == 2
    before = snapshot()
    again = import_declarations(file_name="labs.csv", content=content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before
    edited = import_declarations(
        file_name="labs.csv", content=csv_file(row(valid_until=days(800).isoformat()), charger_row())
    )
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, 1)
    assert Declaration.objects.get(report_reference="SITC-0300").valid_until == days(800)


def test_rows_that_disagree_with_each_other_or_the_database_are_refused(world: World) -> None:
    report = import_declarations(
        file_name="labs.csv",
        content=csv_file(
            row(),
            row(report_reference="SITC-0301", product="Another name"),
            row(report_reference="SITC-0302", manufacturer="Hanbit Media", manufacturer_country="JPN", model="X1"),
            row(report_reference="SITC-0303", manufacturer="LUMEN VISION", manufacturer_country="KOR", model="X2"),
        ),
    )
    reasons = {(error.line, error.column): error.reason for error in report.errors}
    assert reasons == {
        (3, "product"): "Line 2 names or classes this model differently: give it the same name and category.",
        (4, "manufacturer_country"): "Hanbit Media is recorded in KOR: write that country, or ask the secretariat.",
        (5, "manufacturer_country"): "Line 2 gives this manufacturer another country.",
    }


def test_an_identifier_of_several_sectors_needs_its_sector(world: World) -> None:
    recommendation("H.702", sector="ITU-D")
    report = import_declarations(file_name="labs.csv", content=csv_file(row(recommendations="H.702")))
    assert [error.reason for error in report.errors] == [
        "H.702 is an identifier in several sectors: write the sector, e.g. ITU-T H.702."
    ]
    report = import_declarations(
        file_name="labs.csv", content=csv_file(row(recommendations="itu-t h702; HSTP-CONF-H702"))
    )
    assert report.ok


def test_a_representative_imports_only_the_rows_of_its_own_lab(world: World) -> None:
    report = import_declarations(file_name="labs.csv", content=csv_file(row(), charger_row()), actor=world.seoul_rep)
    assert [(error.line, error.column) for error in report.errors] == [(3, "lab")]
    assert "only the declarations of the labs you represent" in report.errors[0].reason
    assert not Declaration.objects.filter(report_reference="SITC-0300").exists()
    report = import_declarations(file_name="labs.csv", content=csv_file(row()), actor=world.seoul_rep)
    assert report.ok and report.created == 1
    assert Declaration.objects.get(report_reference="SITC-0300").entered_by == world.seoul_rep


def test_an_export_imports_back_unchanged(client: Client, world: World, secretariat: User) -> None:
    staff = signed_in(secretariat)
    csv_export = b"".join(staff.get(reverse("conformity:export", args=["csv"])).streaming_content)
    xlsx_export = staff.get(reverse("conformity:export", args=["xlsx"])).content
    assert csv_export.decode().splitlines()[0] == ",".join(COLUMNS)
    assert "Hanbit Media,KOR,HM-700,Accessible set-top box,iptv_terminal,ITU-T H.702;ITU-T HSTP-CONF-H702," in (
        csv_export.decode()
    )
    before = snapshot()
    for name, content in (("export.csv", csv_export), ("export.xlsx", xlsx_export)):
        report = import_declarations(file_name=name, content=content, actor=secretariat)
        assert report.ok, [describe(error) for error in report.errors]
        assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert snapshot() == before
    sheet = load_workbook(io.BytesIO(xlsx_export)).active
    assert sheet is not None and sheet["I2"].is_date


def test_a_filtered_export_of_the_public_imports_into_an_empty_database_and_back(
    client: Client, world: World, secretariat: User
) -> None:
    exported = b"".join(
        client.get(reverse("conformity:export", args=["csv"]), {"recommendation": "H.702"}).streaming_content
    )
    assert len(exported.decode().splitlines()) == 3
    Declaration.objects.all().delete()
    report = import_declarations(file_name="export.csv", content=exported, actor=secretariat)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    again = b"".join(
        client.get(reverse("conformity:export", args=["csv"]), {"recommendation": "H.702"}).streaming_content
    )
    assert again == exported


def test_xlsx_with_date_cells_imports(world: World) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    values: list[Any] = [row()[column] for column in COLUMNS]
    values[8], values[9] = days(-20), days(700)
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_declarations(file_name="labs.xlsx", content=buffer.getvalue())
    assert report.ok and report.created == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("labs.xlsx", b"not a workbook", "The file is not an Excel workbook (XLSX)."),
        ("labs.csv", b"\xff\xfe\x00bad", "The file is not a CSV file in UTF-8: save it as “CSV UTF-8”, or as XLSX."),
        ("labs.csv", b"manufacturer,model\nA,B\n", "Missing columns: category, lab, manufacturer_country, product, "
         "recommendations, report_date, report_reference, valid_until."),
        ("labs.csv", b"", "Missing columns: " + ", ".join(sorted(COLUMNS)) + "."),
    ],
)  # fmt: skip
def test_files_that_cannot_be_read_are_reported_at_line_one(
    world: World, name: str, content: bytes, reason: str
) -> None:
    report = import_declarations(file_name=name, content=content)
    assert [(error.line, error.reason) for error in report.errors] == [(1, reason)]


def test_a_row_with_more_cells_than_columns_is_reported(world: World) -> None:
    content = csv_file(row()) + b"a,b,c,d,e,f,g,h,i,j,k,l\n"
    report = import_declarations(file_name="labs.csv", content=content)
    assert [(error.line, error.column) for error in report.errors] == [(3, "")]
    assert report.errors[0].reason.startswith("This row has more cells than the header has columns")


def test_a_zip_that_is_not_a_workbook_is_refused(world: World) -> None:
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    report = import_declarations(file_name="labs.xlsx", content=buffer.getvalue())
    assert report.errors[0].reason == "The file is not an Excel workbook (XLSX)."


def test_the_command_imports_or_lists_the_problems(world: World, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(csv_file(row()))
    out = io.StringIO()
    call_command("import_conformity", str(good), stdout=out)
    assert "1 created, 0 updated, 0 unchanged" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(row(report_reference="SITC-0301", category="toaster")))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 error in bad\.csv: nothing was imported\."):
        call_command("import_conformity", str(bad), stderr=err)
    assert err.getvalue().startswith("line 2, category: Unknown category toaster")


def upload(content: bytes, name: str = "labs.csv") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content)}


def test_the_upload_page_imports_and_reports(world: World) -> None:
    client = signed_in(world.seoul_rep)
    url = reverse("conformity:import")
    page = client.get(url).content.decode()
    assert "Seoul IPTV Test Centre" in page  # the labs it may import for
    refused = client.post(url, upload(csv_file(row(), charger_row())))
    assert refused.status_code == 400
    assert isinstance(refused.context["report"], ImportReport)
    assert "You may import only the declarations" in refused.content.decode()
    done = client.post(url, upload(csv_file(row())))
    assert done.status_code == 302
    assert Declaration.objects.filter(report_reference="SITC-0300").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("labs.pdf", b"%PDF-1.7", "Upload a .csv or .xlsx file."),
        ("labs.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not a CSV file in UTF-8"),
        ("labs.xlsx", b"PK\x03\x04 not really", "The file is not an Excel workbook (XLSX)."),
        ("labs.csv", b"a" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
    ],
)
def test_the_upload_page_checks_the_files_type_and_size(world: World, name: str, content: bytes, message: str) -> None:
    response = signed_in(world.seoul_rep).post(reverse("conformity:import"), upload(content, name))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Declaration.objects.count() == 3


def test_an_untouched_row_stands_after_the_labs_accreditation_changed_but_an_edited_one_is_checked(
    world: World, secretariat: User
) -> None:
    from ponte.conformity import services

    staff = signed_in(secretariat)
    exported = b"".join(staff.get(reverse("conformity:export", args=["csv"])).streaming_content).decode()
    services.renew_accreditation(
        actor=secretariat, lab=world.seoul, accredited_from=days(-100), accredited_until=days(700), scope=[world.h702]
    )
    report = import_declarations(file_name="export.csv", content=exported.encode(), actor=secretariat)
    assert report.ok and report.unchanged == 3
    rows = list(csv.DictReader(io.StringIO(exported)))
    old = next(values for values in rows if values["report_reference"] == "SITC-0098")
    old["valid_until"] = days(-99).isoformat()
    report = import_declarations(file_name="export.csv", content=csv_file(*rows), actor=secretariat)
    assert {error.column for error in report.errors} == {"report_date"}
