"""The secretariat loads the meetings calendar from a file: all rows or none, re-importable, with a per-row report."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from ponte.meetings.importers import import_meetings
from ponte.meetings.models import Meeting
from tests.factories import country, group

pytestmark = pytest.mark.django_db

HEADER = "code,sector,group,title,start,end,country,city,virtual\n"
CALENDAR = (
    HEADER
    + "T25-SG16-260113,ITU-T,SG16,Study Group 16 meeting,2026-01-13,2026-01-23,CHE,Geneva,no\n"
    + "T25-SG20-260302,ITU-T,SG20,Study Group 20 e-meeting,2026-03-02,2026-03-04,,,yes\n"
    + "T25-TSAG-260511,itu-t,tsag,TSAG meeting,2026-05-11,2026-05-15,bra,Brasília,\n"
)


def imported(text: str, file_name: str = "calendar.csv"):
    return import_meetings(file_name=file_name, content=text.encode())


def test_secretariat_imports_a_calendar_of_meetings() -> None:
    report = imported("\ufeff" + CALENDAR)  # Excel writes a byte-order mark
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    sg16 = Meeting.objects.get(code="T25-SG16-260113")
    assert sg16.group == group("ITU-T", "SG16")
    assert sg16.title_en == "Study Group 16 meeting"
    assert (sg16.starts_on, sg16.ends_on) == (datetime.date(2026, 1, 13), datetime.date(2026, 1, 23))
    assert (sg16.country, sg16.city) == (country("CHE"), "Geneva")
    assert not sg16.is_virtual
    assert sg16.is_hybrid, "an in-person meeting offers remote participation by default"
    e_meeting = Meeting.objects.get(code="T25-SG20-260302")
    assert e_meeting.is_virtual
    assert e_meeting.country is None
    assert not e_meeting.is_hybrid
    tsag = Meeting.objects.get(code="T25-TSAG-260511")
    assert (tsag.group, tsag.country) == (group("ITU-T", "TSAG"), country("BRA"))
    assert [h.history_change_reason for h in sg16.history.all()] == ["meetings.meeting.imported"]


def test_importing_the_same_file_again_changes_nothing() -> None:
    assert imported(CALENDAR).ok
    history = Meeting.history.count()
    report = imported(CALENDAR)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert Meeting.objects.count() == 3
    assert Meeting.history.count() == history


def test_an_edited_row_updates_the_meeting_with_that_code() -> None:
    assert imported(CALENDAR).ok
    sg16 = Meeting.objects.get(code="T25-SG16-260113")
    sg16.title_fr = "Réunion de la Commission d'études 16"
    sg16.is_hybrid = False  # the secretariat decided: room only
    sg16.save()
    edited = CALENDAR.replace("Study Group 16 meeting,2026-01-13", "SG16 meeting (moved),2026-01-14")
    report = imported(edited)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Meeting.objects.count() == 3
    sg16.refresh_from_db()
    assert sg16.title_en == "SG16 meeting (moved)"
    assert sg16.starts_on == datetime.date(2026, 1, 14)
    assert sg16.title_fr == "Réunion de la Commission d'études 16", "other languages' titles are kept"
    assert not sg16.is_hybrid, "the import leaves the hybrid setting alone"
    assert sg16.history.first().history_change_reason == "meetings.meeting.imported"


def test_the_file_writes_the_english_title_whatever_the_language_of_the_session() -> None:
    with translation.override("fr"):
        assert imported(CALENDAR).ok
    sg16 = Meeting.objects.get(code="T25-SG16-260113")
    assert sg16.title_en == "Study Group 16 meeting"
    assert not sg16.title_fr


def test_every_bad_row_is_reported_and_nothing_is_saved() -> None:
    bad = (
        CALENDAR
        + "T25-SG16-A,ITU-T,SG16,Bad country,2026-06-01,2026-06-05,XXX,Nowhere,no\n"
        + "T25-SG16-B,ITU-T,SG16,Bad date,01/06/2026,2026-06-05,CHE,Geneva,no\n"
        + "T25-SG16-C,ITU-T,SG16,Ends before it starts,2026-06-05,2026-06-01,CHE,Geneva,no\n"
        + "T25-SG16-D,ITU-X,SG16,Unknown sector,2026-06-01,2026-06-05,CHE,Geneva,no\n"
        + "T25-SG16-E,ITU-T,SG99,Unknown group,2026-06-01,2026-06-05,CHE,Geneva,no\n"
        + "T25-SG16-F,ITU-T,SG16,Unclear virtual,2026-06-01,2026-06-05,CHE,Geneva,maybe\n"
        + ",ITU-T,SG16,,2026-06-01,2026-06-05,CHE,Geneva,no\n"
    )
    report = imported(bad)
    assert not report.ok
    assert {(error.line, error.column) for error in report.errors} == {
        (5, "country"),
        (6, "start"),
        (7, "end"),
        (8, "sector"),
        (9, "group"),
        (10, "virtual"),
        (11, "code"),
        (11, "title"),
    }
    assert "YYYY-MM-DD" in next(e.reason for e in report.errors if e.line == 6)
    assert "end before it starts" in next(e.reason for e in report.errors if e.line == 7)
    assert not Meeting.objects.exists()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)


def test_one_bad_row_leaves_existing_meetings_as_they_were() -> None:
    assert imported(CALENDAR).ok
    history = Meeting.history.count()
    edited = CALENDAR.replace("Geneva", "Lausanne") + "T25-SG16-X,ITU-T,SG16,Bad,2026-06-05,2026-06-01,CHE,Bern,no\n"
    assert not imported(edited).ok
    assert Meeting.objects.get(code="T25-SG16-260113").city == "Geneva"
    assert Meeting.history.count() == history


def test_the_same_code_twice_in_a_file_names_the_first_line() -> None:
    twice = CALENDAR + "T25-SG16-260113,ITU-T,SG16,Again,2026-01-13,2026-01-23,CHE,Geneva,no\n"
    report = imported(twice)
    assert [(e.line, e.column) for e in report.errors] == [(5, "code")]
    assert "line 2" in report.errors[0].reason
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("word", ["yes", "YES", "true", "True", "1"])
def test_a_virtual_meeting_may_be_marked_in_several_ways(word: str) -> None:
    report = imported(HEADER + f"T25-SG20-E1,ITU-T,SG20,E-meeting,2026-03-02,2026-03-04,,,{word}\n")
    assert report.ok, report.errors
    assert Meeting.objects.get().is_virtual


@pytest.mark.parametrize("word", ["no", "No", "false", "FALSE", "0", ""])
def test_a_meeting_is_in_person_unless_marked_virtual(word: str) -> None:
    report = imported(HEADER + f"T25-SG20-R1,ITU-T,SG20,Meeting,2026-03-02,2026-03-04,KEN,Nairobi,{word}\n")
    assert report.ok, report.errors
    assert not Meeting.objects.get().is_virtual


def test_a_virtual_meeting_has_no_place_and_an_in_person_one_needs_one() -> None:
    rows = (
        HEADER
        + "T25-SG20-V1,ITU-T,SG20,Virtual in a city,2026-03-02,2026-03-04,,Geneva,yes\n"
        + "T25-SG20-V2,ITU-T,SG20,Virtual in a country,2026-03-02,2026-03-04,CHE,,yes\n"
        + "T25-SG20-P1,ITU-T,SG20,In person nowhere,2026-03-02,2026-03-04,,,no\n"
    )
    report = imported(rows)
    assert [(e.line, e.column) for e in report.errors] == [(2, "virtual"), (3, "virtual"), (4, "city")]
    assert "virtual" in report.errors[0].reason
    assert not Meeting.objects.exists()


def test_an_in_person_meeting_with_seats_cannot_become_virtual() -> None:
    assert imported(CALENDAR).ok
    Meeting.objects.filter(code="T25-SG16-260113").update(capacity=300)
    virtual = CALENDAR.replace("CHE,Geneva,no", ",,yes")
    report = imported(virtual)
    assert [(e.line, e.column) for e in report.errors] == [(2, "virtual")]
    assert not Meeting.objects.get(code="T25-SG16-260113").is_virtual


def test_missing_columns_are_reported() -> None:
    report = imported("code,sector,group,title\nT25-X,ITU-T,SG16,X\n")
    assert [(e.line, e.column) for e in report.errors] == [(1, "")]
    assert "start" in report.errors[0].reason


def test_xlsx_files_are_read_too() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    sheet.append(["T25-SG16-260113", "ITU-T", "SG16", "Study Group 16", datetime.date(2026, 1, 13), "2026-01-23"])
    sheet.append(["T25-SG20-260302", "ITU-T", "SG20", "SG20 e-meeting", "2026-03-02", "2026-03-04", None, None, True])
    sheet["G2"], sheet["H2"], sheet["I2"] = "CHE", "Geneva", 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_meetings(file_name="calendar.xlsx", content=buffer.getvalue())
    assert report.ok, report.errors
    assert report.created == 2
    sg16 = Meeting.objects.get(code="T25-SG16-260113")
    assert (sg16.starts_on, sg16.city, sg16.is_virtual) == (datetime.date(2026, 1, 13), "Geneva", False)
    assert Meeting.objects.get(code="T25-SG20-260302").is_virtual


def test_command_imports_a_file_and_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "calendar.csv"
    path.write_text(CALENDAR, encoding="utf-8")
    out = io.StringIO()
    call_command("import_meetings", str(path), stdout=out)
    call_command("import_meetings", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "Meetings imported from calendar.csv: 3 created, 0 updated, 0 unchanged.",
        "Meetings imported from calendar.csv: 0 created, 0 updated, 3 unchanged.",
    ]


def test_command_lists_every_bad_row_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "calendar.csv"
    bad = (
        CALENDAR
        + "T25-SG16-X,ITU-T,SG16,Bad,2026-06-05,2026-06-01,XXX,Bern,no\n"
        + "T25-SG16-Y,ITU-T,SG99,Y,2026-06-01,2026-06-02,CHE,Bern,no\n"
    )
    path.write_text(bad, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 errors") as failure:
        call_command("import_meetings", str(path), stdout=out, stderr=err)
    assert failure.value.returncode != 0
    assert err.getvalue().splitlines() == [
        "line 5, country: Unknown country code: give ISO 3166 alpha-3, e.g. CHE.",
        "line 6, group: ITU-T has no group SG99: write its code, e.g. SG16 or TSAG.",
    ]
    assert out.getvalue() == ""
    assert not Meeting.objects.exists()


def test_command_says_clearly_when_the_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*nowhere\.csv: No such file"):
        call_command("import_meetings", str(tmp_path / "nowhere.csv"))
