"""The secretariat records who attended a meeting from its attendance list: all rows or none, re-importable."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from ponte.core.models import Gender, Organisation, OrganisationCategory, Person
from ponte.meetings.attendance_import import import_attendance
from ponte.meetings.models import Attendance, Meeting
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, country, group

pytestmark = pytest.mark.django_db

HEADER = "meeting,email,name,gender,birth_year,country,organisation,category,mode,day\n"
SG16 = "T25-SG16-260615"
ATTENDANCE_LIST = (
    HEADER
    + f"{SG16},amina.diallo@example.sn,Amina Diallo,F,1990,SEN,Sonatel,sector_member,in_person,2026-06-15\n"
    + f"{SG16},amina.diallo@example.sn,Amina Diallo,F,1990,SEN,Sonatel,sector_member,in_person,2026-06-16\n"
    + f"{SG16},,Kenji Sato,M,,JPN,Kyoto University,academia,remote,2026-06-15\n"
    + f"{SG16},l.moreau@example.fr,Léa Moreau,,,FRA,,member_state,in_person,2026-06-15\n"
)


@pytest.fixture
def meeting() -> Meeting:
    return Meeting.objects.create(
        code=SG16,
        group=group("ITU-T", "SG16"),
        title_en="ITU-T SG16 meeting",
        starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 19),
        country=country("CHE"),
        city="Geneva",
    )


def imported(text: str, file_name: str = "attendance.csv"):
    return import_attendance(file_name=file_name, content=text.encode())


def history_counts() -> tuple[int, int, int]:
    return Attendance.history.count(), Person.history.count(), Organisation.history.count()


def test_secretariat_imports_an_attendance_list_with_its_people_and_organisations(meeting) -> None:
    report = imported("\ufeff" + ATTENDANCE_LIST)  # Excel writes a byte-order mark
    assert report.ok, report.errors
    assert (report.created, report.unchanged) == (4, 0)
    assert (report.people_created, report.people_completed, report.organisations_created) == (3, 0, 2)

    amina = Person.objects.get(email="amina.diallo@example.sn")
    assert (amina.given_name, amina.family_name, amina.country) == ("Amina", "Diallo", country("SEN"))
    assert (amina.gender, amina.birth_year) == (Gender.FEMALE, 1990)
    sonatel = Organisation.objects.get(name="Sonatel")
    assert (sonatel.category, sonatel.country) == (OrganisationCategory.SECTOR_MEMBER, country("SEN"))
    days = Attendance.objects.filter(person=amina).values_list("day", "mode", "organisation", "category")
    assert list(days) == [
        (datetime.date(2026, 6, 15), "in_person", sonatel.pk, "sector_member"),
        (datetime.date(2026, 6, 16), "in_person", sonatel.pk, "sector_member"),
    ]

    kenji = Person.objects.get(given_name="Kenji", family_name="Sato")
    assert (kenji.email, kenji.gender, kenji.birth_year) == ("", Gender.MALE, None)
    university = Organisation.objects.get(name="Kyoto University")
    assert (university.category, university.country) == (OrganisationCategory.ACADEMIA, country("JPN"))
    assert Attendance.objects.get(person=kenji).mode == "remote"

    lea = Attendance.objects.get(person__email="l.moreau@example.fr")
    assert (lea.organisation, lea.delegation, lea.category) == (None, country("FRA"), "member_state")
    assert lea.person.gender == ""
    assert set(Attendance.history.values_list("history_change_reason", flat=True)) == {"meetings.attendance.imported"}
    assert amina.history.get().history_change_reason == "core.person.imported"


def test_importing_the_same_list_again_changes_nothing(meeting) -> None:
    assert imported(ATTENDANCE_LIST).ok
    before = history_counts()
    report = imported(ATTENDANCE_LIST)
    assert report.ok, report.errors
    assert (report.created, report.unchanged) == (0, 4)
    assert (report.people_created, report.people_completed, report.organisations_created) == (0, 0, 0)
    assert (Attendance.objects.count(), Person.objects.count(), Organisation.objects.count()) == (4, 3, 2)
    assert history_counts() == before


def test_an_existing_attendance_is_left_as_it_was(meeting) -> None:
    assert imported(ATTENDANCE_LIST).ok
    report = imported(ATTENDANCE_LIST.replace("academia,remote", "academia,in_person"))
    assert (report.created, report.unchanged) == (0, 4)
    assert Attendance.objects.get(person__given_name="Kenji").mode == "remote"


def test_a_known_person_is_found_by_email_whatever_its_case_and_completed(meeting) -> None:
    amina = PersonFactory(
        given_name="Amina", family_name="Diallo-Ba", email="Amina.Diallo@Example.SN", country=country("SEN")
    )
    account = UserFactory(email="LMoreau@example.fr")
    lea = PersonFactory(given_name="Léa", family_name="Moreau", email="", user=account, birth_year=1975)
    listed = ATTENDANCE_LIST.replace("l.moreau@example.fr", "lmoreau@EXAMPLE.fr")
    report = imported(listed)
    assert report.ok, report.errors
    assert (report.people_created, report.people_completed) == (1, 1), "only Kenji is new; Amina gets gender and age"
    assert Person.objects.count() == 3
    amina.refresh_from_db()
    assert (amina.gender, amina.birth_year) == (Gender.FEMALE, 1990)
    assert amina.family_name == "Diallo-Ba", "the name on file is kept"
    assert amina.email == "Amina.Diallo@Example.SN"
    assert amina.attendances.count() == 2
    assert amina.history.first().history_change_reason == "core.person.completed_from_attendance"
    assert lea.attendances.get().category == "member_state"


def test_what_is_known_of_a_person_is_never_overwritten(meeting) -> None:
    amina = PersonFactory(email="amina.diallo@example.sn", gender=Gender.OTHER, birth_year=1988)
    history = amina.history.count()
    report = imported(ATTENDANCE_LIST)
    assert report.ok, report.errors
    assert report.people_completed == 0
    amina.refresh_from_db()
    assert (amina.gender, amina.birth_year, amina.country) == (Gender.OTHER, 1988, country("JPN"))
    assert amina.history.count() == history


def test_a_person_without_email_is_found_by_name_and_delegation(meeting) -> None:
    kenji = PersonFactory(given_name="Kenji", family_name="Sato", email="", country=country("JPN"))
    namesake = PersonFactory(given_name="Kenji", family_name="Sato", email="", country=country("CHN"))
    report = imported(ATTENDANCE_LIST)
    assert report.ok, report.errors
    assert report.people_created == 2
    assert kenji.attendances.count() == 1
    assert not namesake.attendances.exists()
    kenji.refresh_from_db()
    assert kenji.gender == Gender.MALE


def test_a_name_splits_at_its_last_space_and_a_single_word_is_the_given_name(meeting) -> None:
    rows = (
        HEADER
        + f"{SG16},,Maria  de la Cruz,F,,MEX,,member_state,remote,2026-06-15\n"
        + f"{SG16},,Suharto,M,,IDN,,member_state,remote,2026-06-15\n"
    )
    assert imported(rows).ok
    names = set(Person.objects.values_list("given_name", "family_name"))
    assert names == {("Maria de la", "Cruz"), ("Suharto", "")}


def test_a_row_without_email_finds_the_person_another_row_gives_with_email(meeting) -> None:
    rows = (
        HEADER
        + f"{SG16},,Amina Diallo,,,SEN,Sonatel,sector_member,remote,2026-06-15\n"
        + f"{SG16},amina.diallo@example.sn,Amina Diallo,F,,SEN,Sonatel,sector_member,remote,2026-06-16\n"
    )
    report = imported(rows)
    assert report.ok, report.errors
    assert (report.created, report.people_created) == (2, 1)
    assert Person.objects.get().attendances.count() == 2
    assert imported(rows).unchanged == 2


def test_several_people_of_the_same_name_need_an_email(meeting) -> None:
    PersonFactory(given_name="Kenji", family_name="Sato", email="k.sato@example.jp", country=country("JPN"))
    PersonFactory(given_name="Kenji", family_name="Sato", email="sato.k@example.jp", country=country("JPN"))
    report = imported(ATTENDANCE_LIST)
    assert [(e.line, e.column) for e in report.errors] == [(4, "name")]
    assert "email" in report.errors[0].reason
    assert not Attendance.objects.exists()


def test_organisations_are_found_by_name_whatever_its_case(meeting) -> None:
    sonatel = OrganisationFactory(name="SONATEL", country=country("SEN"), category=OrganisationCategory.SECTOR_MEMBER)
    international = OrganisationFactory(name="Kyoto University", country=None)
    report = imported(ATTENDANCE_LIST)
    assert report.ok, report.errors
    assert report.organisations_created == 0
    assert Organisation.objects.count() == 2
    assert set(Attendance.objects.values_list("organisation", flat=True)) == {sonatel.pk, international.pk, None}


def test_an_organisation_of_another_country_is_used_unless_several_have_the_name(meeting) -> None:
    acme = OrganisationFactory(name="Acme", country=country("USA"), category=OrganisationCategory.SECTOR_MEMBER)
    row = f"{SG16},a@example.ke,A B,,,KEN,Acme,sector_member,remote,2026-06-15\n"
    assert imported(HEADER + row).ok
    assert Attendance.objects.get().organisation == acme
    Attendance.objects.all().delete()
    OrganisationFactory(name="ACME", country=country("DEU"), category=OrganisationCategory.SECTOR_MEMBER)
    report = imported(HEADER + row)
    assert [(e.line, e.column) for e in report.errors] == [(2, "organisation")]
    assert "Several organisations" in report.errors[0].reason


@pytest.mark.parametrize(
    ("category", "organisation_category"),
    [
        ("member_state", OrganisationCategory.ADMINISTRATION),
        ("sector_member", OrganisationCategory.SECTOR_MEMBER),
        ("associate", OrganisationCategory.ASSOCIATE),
        ("academia", OrganisationCategory.ACADEMIA),
        ("sme", OrganisationCategory.SME),
        ("sme_association", OrganisationCategory.SME_ASSOCIATION),
        ("other", OrganisationCategory.NGO),
    ],
)
def test_a_new_organisation_takes_the_category_its_delegate_came_in(
    meeting, category: str, organisation_category: str
) -> None:
    report = imported(HEADER + f"{SG16},a@example.ke,A B,,,KEN,Acme Kenya,{category},remote,2026-06-15\n")
    assert report.ok, report.errors
    acme = Organisation.objects.get()
    assert (acme.name, acme.category, acme.country) == ("Acme Kenya", organisation_category, country("KEN"))
    assert acme.history.get().history_change_reason == "core.organisation.imported"


def test_every_bad_row_is_reported_and_nothing_is_saved(meeting) -> None:
    next_year = timezone.localdate().year + 1
    bad = (
        ATTENDANCE_LIST
        + "T25-SG99-000000,x1@example.org,X One,,,CHE,,member_state,remote,2026-06-15\n"
        + f"{SG16},x2@example.org,X Two,,,CHE,,member_state,remote,2026-06-20\n"
        + f"{SG16},x3@example.org,X Three,,,CHE,,member_state,hybrid,2026-06-15\n"
        + f"{SG16},x4@example.org,X Four,W,,CHE,,member_state,remote,2026-06-15\n"
        + f"{SG16},x5@example.org,X Five,,,CHE,,observer,remote,2026-06-15\n"
        + f"{SG16},x6@example.org,X Six,,,XXX,,member_state,remote,2026-06-15\n"
        + f"{SG16},x7@example.org,X Seven,,1850,CHE,,member_state,remote,2026-06-15\n"
        + f"{SG16},x8@example.org,X Eight,,{next_year},CHE,,member_state,remote,2026-06-15\n"
        + f"{SG16},x9@example.org,X Nine,,,CHE,,member_state,remote,15/06/2026\n"
        + f"{SG16},x10@example.org,X Ten,,,CHE,,sme,remote,2026-06-15\n"
        + f"{SG16},not-an-email,X Eleven,,,CHE,,member_state,remote,2026-06-15\n"
    )
    report = imported(bad)
    assert not report.ok
    assert [(error.line, error.column) for error in report.errors] == [
        (6, "meeting"),
        (7, "day"),
        (8, "mode"),
        (9, "gender"),
        (10, "category"),
        (11, "country"),
        (12, "birth_year"),
        (13, "birth_year"),
        (14, "day"),
        (15, "organisation"),
        (16, "email"),
    ]
    reasons = {error.line: error.reason for error in report.errors}
    assert reasons[7] == "The day is not one of the meeting's days."
    assert "in_person, remote" in reasons[8]
    assert "F, M or X" in reasons[9]
    assert "member_state" in reasons[10]
    assert "1900" in reasons[12]
    assert "future" in reasons[13]
    assert "YYYY-MM-DD" in reasons[14]
    assert (Attendance.objects.count(), Person.objects.count(), Organisation.objects.count()) == (0, 0, 0)
    assert (report.created, report.people_created, report.organisations_created) == (0, 0, 0)


def test_one_bad_row_leaves_everything_as_it_was(meeting) -> None:
    assert imported(ATTENDANCE_LIST).ok
    before = history_counts()
    more = ATTENDANCE_LIST + f"{SG16},new@example.org,New Person,F,1999,CHE,New Org,sme,remote,2026-06-30\n"
    assert not imported(more).ok
    assert history_counts() == before
    assert not Person.objects.filter(email="new@example.org").exists()


def test_the_same_attendance_twice_counts_once_and_a_different_one_names_the_first_line(meeting) -> None:
    twice = (
        ATTENDANCE_LIST
        + f"{SG16},AMINA.DIALLO@example.sn,Amina Diallo,F,1990,SEN,sonatel,sector_member,in_person,2026-06-15\n"
    )
    report = imported(twice)
    assert report.ok, report.errors
    assert report.created == 4
    remote = (
        ATTENDANCE_LIST
        + f"{SG16},amina.diallo@example.sn,Amina Diallo,F,1990,SEN,Sonatel,sector_member,remote,2026-06-16\n"
    )
    Attendance.objects.all().delete()
    report = imported(remote)
    assert [(e.line, e.column) for e in report.errors] == [(6, "mode")]
    assert "line 3" in report.errors[0].reason


def test_missing_columns_are_reported() -> None:
    report = imported("meeting,name,country\nT25-X,A B,CHE\n")
    assert [(e.line, e.column) for e in report.errors] == [(1, "")]
    assert "category" in report.errors[0].reason


def test_optional_columns_may_be_left_out(meeting) -> None:
    report = imported(f"meeting,name,country,category,mode,day\n{SG16},Léa Moreau,FRA,member_state,remote,2026-06-17\n")
    assert report.ok, report.errors
    assert Attendance.objects.get().person.full_name == "Léa Moreau"


def test_xlsx_files_are_read_too(meeting) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        [SG16, "a@example.sn", "Amina Diallo", "F", 1990, "SEN", "Sonatel", "sme", "remote", datetime.date(2026, 6, 15)]
    )
    sheet.append([SG16, None, "Kenji Sato", None, None, "JPN", None, "member_state", "in_person", "2026-06-16"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_attendance(file_name="attendance.xlsx", content=buffer.getvalue())
    assert report.ok, report.errors
    assert report.created == 2
    assert Person.objects.get(email="a@example.sn").birth_year == 1990
    assert Attendance.objects.get(person__given_name="Kenji").day == datetime.date(2026, 6, 16)


def test_the_import_makes_as_many_queries_for_100_rows_as_for_10(meeting, django_assert_max_num_queries) -> None:
    people = PersonFactory.create_batch(100, country=country("SEN"))
    OrganisationFactory(name="Sonatel", country=country("SEN"), category=OrganisationCategory.SECTOR_MEMBER)

    def attendance_list(count: int, day: str) -> str:
        return HEADER + "".join(
            f"{SG16},{person.email},{person.full_name},F,1980,SEN,Sonatel,sector_member,remote,{day}\n"
            for person in people[:count]
        )

    # Five lookups, then one update of the people completed, the inserts with their history, and the scopes of
    # the participation figures marked stale (two lookups, one insert).
    with django_assert_max_num_queries(15) as ten_rows:
        assert imported(attendance_list(10, "2026-06-15")).created == 10
    # SQLite binds at most 999 parameters a statement, so Django splits the wide history inserts of 100 rows in two.
    with django_assert_max_num_queries(len(ten_rows) + 3):
        report = imported(attendance_list(100, "2026-06-16"))
    assert (report.created, report.people_created, report.people_completed) == (100, 0, 90)


def test_command_imports_a_file_and_prints_a_summary(meeting, tmp_path: Path) -> None:
    path = tmp_path / "attendance.csv"
    path.write_text(ATTENDANCE_LIST, encoding="utf-8")
    out = io.StringIO()
    call_command("import_attendance", str(path), stdout=out)
    call_command("import_attendance", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "Attendance imported from attendance.csv: 4 created, 0 already recorded; "
        "3 people created, 0 completed; 2 organisations created.",
        "Attendance imported from attendance.csv: 0 created, 4 already recorded; "
        "0 people created, 0 completed; 0 organisations created.",
    ]


def test_command_lists_every_bad_row_and_fails(meeting, tmp_path: Path) -> None:
    path = tmp_path / "attendance.csv"
    bad = (
        ATTENDANCE_LIST
        + f"{SG16},x@example.org,X Y,,,XXX,,member_state,remote,2026-06-15\n"
        + f"{SG16},z@example.org,Z Y,,,CHE,,member_state,remote,2026-07-01\n"
    )
    path.write_text(bad, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 errors") as failure:
        call_command("import_attendance", str(path), stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "line 6, country: Unknown country code: give ISO 3166 alpha-3, e.g. CHE.",
        "line 7, day: The day is not one of the meeting's days.",
    ]
    assert out.getvalue() == ""
    assert not Attendance.objects.exists()


def test_command_says_clearly_when_the_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*nowhere\.csv: No such file"):
        call_command("import_attendance", str(tmp_path / "nowhere.csv"))
