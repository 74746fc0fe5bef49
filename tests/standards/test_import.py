"""The secretariat loads the catalogue from a file (CSV or XLSX): all rows or none with every bad cell reported,
re-importable (the same file twice changes nothing, an edited row updates its Recommendation), with history; on the
command line and on its own page, which only the secretariat opens."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook

from ponte.core.imports import describe
from ponte.core.models import RoleKind, User
from ponte.standards.importers import COLUMNS, RecommendationImportReport, import_recommendations
from ponte.standards.models import Recommendation
from tests.conftest import signed_in
from tests.factories import group, with_role

pytestmark = pytest.mark.django_db

HEADER = ",".join([*COLUMNS, "superseded_by", "summary_en", "summary_ar"]) + "\n"
GOOD = HEADER + (
    "ITU-T,H.702,recommendation,in_force,SG16,2015-11-01,https://www.itu.int/rec/T-REC-H.702,"
    "Accessibility profiles for IPTV systems,Profils d'accessibilité pour les systèmes IPTV,"
    "Perfiles de accesibilidad para los sistemas de TVIP,Профили доступности для систем IPTV,IPTV系统的无障碍配置文件,"
    "لمحات إمكانية النفاذ,,Captions and sign language.,الترجمة النصية.\n"
    "ITU-T,HSTP-CONF-H702,Technical paper,,sg16,,,Conformance testing specification for H.702,,,,,,,,\n"
    # Superseded by a Recommendation further down the file.
    "itu-r,P.370,recommendation,superseded,SG3,,,VHF and UHF propagation curves,,,,,,P.1546,,\n"
    "ITU-R,P.1546,recommendation,In force,SG3,,,Method for point-to-area predictions,,,,,,,,\n"
)


def imported(
    text: str, file_name: str = "recommendations.csv", actor: User | None = None
) -> RecommendationImportReport:
    return import_recommendations(file_name=file_name, content=text.encode(), actor=actor)


def row(**cells: str) -> str:
    """One line of a file: a valid Recommendation with the given cells changed."""
    values = dict.fromkeys([*COLUMNS, "superseded_by", "summary_en", "summary_ar"], "")
    values |= {"sector": "ITU-T", "identifier": "X.1205", "group": "SG17", "title_en": "Overview of cybersecurity"}
    values |= cells
    return ",".join(f'"{value}"' if "," in value else value for value in values.values())


def problems(report: RecommendationImportReport) -> list[tuple[int, str]]:
    return [(error.line, error.column) for error in report.errors]


def test_a_file_creates_the_recommendations_with_their_titles_groups_and_links() -> None:
    secretariat = with_role("secretariat")
    report = imported("\ufeff" + GOOD, actor=secretariat)  # Excel writes a byte-order mark
    assert report.ok, [describe(error) for error in report.errors]
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    h702 = Recommendation.objects.get(identifier="H.702")
    assert (h702.sector.code, h702.kind, h702.status, h702.group, h702.approved_on) == (
        "ITU-T",
        "recommendation",
        "in_force",
        group("ITU-T", "SG16"),
        datetime.date(2015, 11, 1),
    )
    assert h702.title_zh_hans == "IPTV系统的无障碍配置文件"
    assert (h702.summary_en, h702.summary_ar) == ("Captions and sign language.", "الترجمة النصية.")
    paper = Recommendation.objects.get(identifier="HSTP-CONF-H702")
    assert (paper.kind, paper.status, paper.approved_on) == ("technical_paper", "in_force", None)
    p370 = Recommendation.objects.get(identifier="P.370")
    assert str(p370.superseded_by) == "ITU-R P.1546"
    record = h702.history.get()
    assert (record.history_type, record.history_change_reason, record.history_user) == (
        "+",
        "standards.recommendation.imported",
        secretariat,
    )


def test_the_same_file_twice_changes_nothing() -> None:
    assert imported(GOOD).ok
    before = Recommendation.history.count()
    report = imported(GOOD)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert Recommendation.history.count() == before


def test_an_edited_row_updates_its_recommendation_by_sector_and_identifier() -> None:
    assert imported(GOOD).ok
    h702 = Recommendation.objects.get(identifier="H.702")
    edited = GOOD.replace("Accessibility profiles for IPTV systems", "Accessibility profiles for IPTV")
    report = imported(edited)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    h702.refresh_from_db()
    assert h702.title_en == "Accessibility profiles for IPTV"
    assert h702.history.first().history_type == "~"


def test_a_file_without_summary_columns_leaves_the_summaries_as_they_are() -> None:
    assert imported(GOOD).ok
    header = ",".join(COLUMNS) + "\n"
    line = row(identifier="H.702", group="SG16", title_en="Accessibility profiles for IPTV systems")
    report = imported(header + ",".join(line.split(",")[: len(COLUMNS)]) + "\n")
    assert report.ok, report.errors
    h702 = Recommendation.objects.get(identifier="H.702")
    assert h702.summary_en == "Captions and sign language."
    assert h702.title_fr == "", "the file's empty French title replaces the old one"


def test_a_superseded_recommendation_may_point_to_one_already_in_ponte() -> None:
    assert imported(GOOD).ok
    report = imported(
        HEADER
        + row(sector="ITU-R", identifier="P.529", group="SG3", status="superseded", superseded_by="P.1546")
        + "\n"
    )
    assert report.ok, report.errors
    assert str(Recommendation.objects.get(identifier="P.529").superseded_by) == "ITU-R P.1546"


def test_every_bad_cell_is_reported_and_nothing_is_saved() -> None:
    today = datetime.date.today()  # noqa: DTZ011 - a calendar date, as the file gives it
    lines = [
        row(sector="ITU-X"),  # 2
        row(identifier="H/702"),  # 3
        row(identifier="X.1", group="SG99"),  # 4
        row(identifier="X.2", status="lost"),  # 5
        row(identifier="X.3", kind="novel"),  # 6
        row(identifier="X.4", approved_on="29/11/2015"),  # 7
        row(identifier="X.5", approved_on=(today + datetime.timedelta(days=2)).isoformat()),  # 8
        row(identifier="X.6", url="www.itu.int"),  # 9
        row(identifier="X.7", title_en=""),  # 10
        row(identifier="X.8", title_fr="T" * 401),  # 11
        row(identifier="X.9"),  # 12
        row(identifier="X.9"),  # 13: the same again
        row(identifier="X.10", superseded_by="X.404"),  # 14
        row(identifier="X.11", group="SG6"),  # 15: an ITU-R group
    ]
    report = imported(HEADER + "\n".join(lines) + "\n")
    assert problems(report) == [
        (2, "sector"),
        (3, "identifier"),
        (4, "group"),
        (5, "status"),
        (6, "kind"),
        (7, "approved_on"),
        (8, "approved_on"),
        (9, "url"),
        (10, "title_en"),
        (11, "title_fr"),
        (13, "identifier"),
        (14, "superseded_by"),
        (15, "group"),
    ]
    reasons = {(error.line, error.column): error.reason for error in report.errors}
    assert reasons[(2, "sector")] == "Unknown sector: write one of ITU-D, ITU-R, ITU-T."
    assert reasons[(4, "group")] == "ITU-T has no group SG99: write its short code, e.g. SG16."
    assert reasons[(7, "approved_on")] == "Write the date as YYYY-MM-DD, e.g. 2015-11-29."
    assert reasons[(8, "approved_on")] == "The approval date cannot be in the future."
    assert reasons[(13, "identifier")] == "The same Recommendation is already on line 12."
    assert reasons[(14, "superseded_by")] == "ITU-T has no Recommendation X.404, in this file or in Ponte."
    assert describe(report.errors[0]) == "line 2, sector: Unknown sector: write one of ITU-D, ITU-R, ITU-T."
    assert not Recommendation.objects.exists()


def test_a_rule_of_the_model_broken_late_in_the_file_undoes_the_rows_before_it() -> None:
    lines = [row(identifier="X.1"), row(identifier="X.2", status="superseded")]
    report = imported(HEADER + "\n".join(lines) + "\n")
    assert problems(report) == [(3, "superseded_by")]
    assert report.errors[0].reason == "Say which Recommendation supersedes it."
    assert (report.created, report.updated) == (0, 0)
    assert not Recommendation.objects.exists()
    assert not Recommendation.history.exists()


def test_recommendations_superseding_each_other_are_refused() -> None:
    lines = [
        row(identifier="X.1", status="superseded", superseded_by="X.2"),
        row(identifier="X.2", status="superseded", superseded_by="X.1"),
        row(identifier="X.3", status="superseded", superseded_by="X.3"),
    ]
    report = imported(HEADER + "\n".join(lines) + "\n")
    assert report.errors[0].column == "superseded_by"
    assert "supersede" in report.errors[0].reason
    assert not Recommendation.objects.exists()


def test_a_recommendation_cannot_supersede_itself() -> None:
    report = imported(HEADER + row(status="superseded", superseded_by="X.1205") + "\n")
    assert [(error.line, error.column, error.reason) for error in report.errors] == [
        (2, "superseded_by", "A Recommendation cannot supersede itself.")
    ]


def test_a_file_without_the_columns_is_refused_whole() -> None:
    report = imported("sector,identifier\nITU-T,H.702\n")
    assert problems(report) == [(1, "")]
    assert report.errors[0].reason.startswith("Missing columns: approved_on, group, kind, status, title_ar")


def test_an_unreadable_file_is_refused() -> None:
    report = import_recommendations(file_name="recommendations.csv", content=b"\xff\xfe\x00bad")
    assert problems(report) == [(1, "")]


def test_a_spreadsheet_imports_like_a_csv_file() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([*COLUMNS, "superseded_by"])
    cells = ["ITU-T", "L.1000", "", "", "SG5", datetime.date(2011, 6, 1), "", "Universal charger"]
    sheet.append([*cells, "", "", "", "", "الشاحن العالمي", ""])  # a date cell, empty cells
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_recommendations(file_name="recommendations.xlsx", content=buffer.getvalue())
    assert report.ok, report.errors
    charger = Recommendation.objects.get(identifier="L.1000")
    assert (charger.approved_on, charger.title_ar, charger.group) == (
        datetime.date(2011, 6, 1),
        "الشاحن العالمي",
        group("ITU-T", "SG5"),
    )


def test_only_the_secretariat_may_import_as_someone() -> None:
    with pytest.raises(PermissionDenied):
        imported(GOOD, actor=with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16")))
    assert not Recommendation.objects.exists()


# --- The command ---------------------------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_says_what_it_did(tmp_path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_recommendations", str(path), stdout=out)
    assert "4 created, 0 updated, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("import_recommendations", str(path), stdout=out)
    assert "0 created, 0 updated, 4 unchanged" in out.getvalue()


def test_the_command_lists_every_error_and_imports_nothing(tmp_path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(HEADER + row(sector="ITU-X") + "\n" + row(identifier="X.2", group="SG99") + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 errors in catalogue\.csv: nothing was imported"):
        call_command("import_recommendations", str(path), stderr=err)
    assert "line 2, sector:" in err.getvalue() and "line 3, group:" in err.getvalue()
    assert not Recommendation.objects.exists()


# --- The import page -----------------------------------------------------------------------------------------------


def upload(text: str, name: str = "catalogue.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_anonymous_visitors_are_asked_to_sign_in(client: Client) -> None:
    response = client.get("/en/standards/import/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize("role", ["member", "representative", "japan_focal_point", "expert"])
def test_nobody_but_the_secretariat_opens_the_import_page(request, role: str) -> None:
    if role == "expert":
        user = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    else:
        user = request.getfixturevalue(role)
    client = signed_in(user)
    assert client.get("/en/standards/import/").status_code == 403
    assert client.post("/en/standards/import/", {"file": upload(GOOD)}).status_code == 403
    assert not Recommendation.objects.exists()


def test_the_secretariat_imports_a_file_on_the_page(secretariat: User) -> None:
    client = signed_in(secretariat)
    assert client.get("/en/standards/import/").status_code == 200
    response = client.post("/en/standards/import/", {"file": upload(GOOD)}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/standards/"
    assert "4 Recommendations created, 0 updated, 0 unchanged" in response.content.decode()
    assert Recommendation.objects.get(identifier="H.702").history.get().history_user == secretariat


def test_the_page_lists_every_problem_of_a_refused_file(secretariat: User) -> None:
    client = signed_in(secretariat)
    response = client.post("/fr/standards/import/", {"file": upload(HEADER + row(group="SG99") + "\n")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<td>2</td><td><bdi>group</bdi></td>" in html
    assert not Recommendation.objects.exists()


def test_the_page_refuses_a_file_that_is_not_csv_or_xlsx(secretariat: User) -> None:
    response = signed_in(secretariat).post("/en/standards/import/", {"file": upload(GOOD, "catalogue.pdf")})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["Upload a .csv or .xlsx file."]
