"""Attendance lists read from a file, all rows or none: who was at which meeting, on which day, and as what.

A file has the columns ``meeting, email, name, gender, birth_year, country, organisation, category, mode, day``
(CSV in UTF-8, or XLSX): ``meeting`` as the meeting's code, ``day`` as YYYY-MM-DD within the meeting, ``mode``
as in_person or remote, ``gender`` as F, M or X, ``country`` as the ISO 3166 alpha-3 code of the delegation,
``category`` as one of member_state, sector_member, associate, academia, sme, sme_association, other.
``email``, ``gender``, ``birth_year`` and ``organisation`` may be empty or left out; only Member State
delegates and others may come without an organisation.

A person is found by email (their own or their account's), or without one by name and delegation; an
organisation by name, preferring one of the delegation's country. Whoever is not found is created, and a
known person's empty gender or birth year is filled in, never overwritten. An attendance already recorded is
left as it is, so importing the same file again changes nothing. Every row is checked first; if any is wrong,
nothing is saved and the report lists every bad row (line, column, reason).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ponte.core.imports import RowError, read_table
from ponte.core.models import Country, Gender, Organisation, OrganisationCategory, Person
from ponte.meetings.importers import DATE_FORMAT
from ponte.meetings.models import Attendance, DelegateCategory, Meeting, RegistrationMode
from ponte.meetings.services.registrations import CATEGORY_OF_ORGANISATION
from ponte.meetings.signals import attendance_recorded

# A large conference's attendance list (thousands of delegates over two weeks) fits in one file.
MAX_ATTENDANCE_ROWS = 200_000

COLUMNS = ["meeting", "email", "name", "gender", "birth_year", "country", "organisation", "category", "mode", "day"]
REQUIRED_COLUMNS = {"meeting", "name", "country", "category", "mode", "day"}
BATCH_SIZE = 1000
CHANGE_REASON = "meetings.attendance.imported"
PERSON_CREATED = "core.person.imported"
PERSON_COMPLETED = "core.person.completed_from_attendance"
ORGANISATION_CREATED = "core.organisation.imported"

GENDERS = {"F": Gender.FEMALE, "M": Gender.MALE, "X": Gender.OTHER, "": ""}
# A national delegate comes for the country itself; an invited guest may come for no one.
WITHOUT_ORGANISATION = {DelegateCategory.MEMBER_STATE, DelegateCategory.OTHER}
# An organisation first met in an attendance list is recorded in the category its delegate came in.
# OrganisationCategory has no "other": an NGO is the closest neutral kind, it confers no membership and
# a focal point may correct it (core.forms.FOCAL_POINT_CATEGORIES); delegate_category() maps it back to "other".
ORGANISATION_CATEGORY: dict[str, OrganisationCategory] = {
    **{delegate: organisation for organisation, delegate in CATEGORY_OF_ORGANISATION.items()},
    DelegateCategory.OTHER: OrganisationCategory.NGO,
}
# The person's own rule for a birth year (from 1900, not in the future), checked on every row.
BIRTH_YEAR = cast("models.Field[Any, Any]", Person._meta.get_field("birth_year"))
NAME_LENGTH = 120
# The file's column that a person fixes when Attendance.full_clean() rejects a model field.
COLUMN_OF_FIELD = {"day": "day", "mode": "mode", "category": "category"}


@dataclass
class AttendanceImportReport:
    """What a file did: attendances created or already recorded, people and organisations added, or every error."""

    created: int = 0
    unchanged: int = 0
    people_created: int = 0
    people_completed: int = 0
    organisations_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class AttendanceRowForm(forms.Form):
    meeting = forms.CharField(max_length=40)
    email = forms.EmailField(max_length=254, required=False)
    name = forms.CharField(max_length=2 * NAME_LENGTH + 1)
    gender = forms.CharField(required=False)
    birth_year = forms.IntegerField(required=False)
    country = forms.CharField(max_length=3)
    organisation = forms.CharField(max_length=255, required=False)
    category = forms.CharField()
    mode = forms.CharField()
    day = forms.DateField(
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": gettext_lazy("Write the date as YYYY-MM-DD, e.g. 2025-07-01.")},
    )

    def __init__(self, *args: Any, meetings: dict[str, Meeting], countries: dict[str, Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._meetings = meetings
        self._countries = countries

    def clean_meeting(self) -> Meeting:
        meeting = self._meetings.get(self.cleaned_data["meeting"].strip())
        if meeting is None:
            raise forms.ValidationError(gettext_lazy("No meeting has this code: write it as the calendar does."))
        return meeting

    def clean_name(self) -> tuple[str, str]:
        """The given and the family name: the last word is the family name, a single word the given name."""
        *given, family = self.cleaned_data["name"].split()
        names = (" ".join(given), family) if given else (family, "")
        if max(len(name) for name in names) > NAME_LENGTH:
            raise forms.ValidationError(
                _("The name is too long: at most %(count)s characters for each part.") % {"count": NAME_LENGTH}
            )
        return names

    def clean_gender(self) -> str:
        code = self.cleaned_data["gender"].strip().upper()
        if code not in GENDERS:
            raise forms.ValidationError(gettext_lazy("Write F, M or X, or leave it empty."))
        return GENDERS[code]

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data["birth_year"]
        if year is not None:
            BIRTH_YEAR.run_validators(year)
        return year

    def clean_country(self) -> Country:
        country = self._countries.get(self.cleaned_data["country"].strip().upper())
        if country is None:
            raise forms.ValidationError(gettext_lazy("Unknown country code: give ISO 3166 alpha-3, e.g. CHE."))
        return country

    def clean_organisation(self) -> str:
        return " ".join(self.cleaned_data["organisation"].split())

    def clean_category(self) -> str:
        category = self.cleaned_data["category"].strip().lower()
        if category not in DelegateCategory.values:
            message = _("Unknown category: write one of %(categories)s.")
            raise forms.ValidationError(message % {"categories": ", ".join(DelegateCategory.values)})
        return category

    def clean_mode(self) -> str:
        mode = self.cleaned_data["mode"].strip().lower()
        if mode not in RegistrationMode.values:
            message = _("Write one of %(modes)s.") % {"modes": ", ".join(RegistrationMode.values)}
            raise forms.ValidationError(message)
        return mode

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        category = cleaned.get("category")
        if category and category not in WITHOUT_ORGANISATION and not cleaned.get("organisation"):
            message = gettext_lazy("Write the organisation: only Member State delegates and others may come without.")
            self.add_error("organisation", message)
        return cleaned


@dataclass
class _Row:
    """A valid row: the attendance to record, once its person and organisation are found or planned."""

    line: int
    attendance: Attendance
    email: str
    given_name: str
    family_name: str
    gender: str
    birth_year: int | None
    organisation: str
    person: Person | None = None


def import_attendance(*, file_name: str, content: bytes) -> AttendanceImportReport:
    """Check every row, then record the attendances (and new people and organisations) in one transaction, or none."""
    report = AttendanceImportReport()
    table = read_table(file_name, content, REQUIRED_COLUMNS, report.errors, max_rows=MAX_ATTENDANCE_ROWS)
    if not report.ok:
        return report
    rows = _read(table, is_xlsx=file_name.lower().endswith(".xlsx"), report=report)
    people = _People(rows)
    organisations = _Organisations(rows)
    for row in rows:
        _find_organisation(row, organisations, report)
    for row in sorted(rows, key=lambda row: not row.email):  # first those who give an email: see _People
        _find_person(row, people, report)
    attendances, unchanged = _new_attendances(rows, report)
    if not report.ok:
        report.errors.sort(key=lambda error: error.line)
        return report
    with transaction.atomic():
        _create(organisations.created, Organisation, ORGANISATION_CREATED)
        _create(people.created, Person, PERSON_CREATED)
        if people.completed:
            completed = list(people.completed.values())
            bulk_update_with_history(
                completed,
                Person,
                ["gender", "birth_year"],
                batch_size=BATCH_SIZE,
                default_change_reason=PERSON_COMPLETED,
            )
        _create(attendances, Attendance, CHANGE_REASON)
        attendance_recorded.send(
            sender=Attendance,
            meeting_ids={attendance.meeting_id for attendance in attendances},
            person_ids=[person.pk for person in people.completed.values()],
        )
    report.created, report.unchanged = len(attendances), unchanged
    report.people_created, report.people_completed = len(people.created), len(people.completed)
    report.organisations_created = len(organisations.created)
    return report


def _create(objects: list[Any], model: type[models.Model], reason: str) -> None:
    if objects:
        bulk_create_with_history(objects, model, batch_size=BATCH_SIZE, default_change_reason=reason)


def _read(table: list[dict[str, str]], *, is_xlsx: bool, report: AttendanceImportReport) -> list[_Row]:
    """The valid rows, with every bad one added to the report."""
    codes = {row.get("meeting", "").strip() for row in table}
    meetings = {meeting.code: meeting for meeting in Meeting.objects.filter(code__in=codes)}
    countries = {country.alpha3.upper(): country for country in Country.objects.all()}
    rows: list[_Row] = []
    for line, values in enumerate(table, start=2):  # line 1 is the header
        form = AttendanceRowForm(_values(values, is_xlsx), meetings=meetings, countries=countries)
        if not form.is_valid():
            for column, messages in form.errors.items():
                report.errors.extend(RowError(line, column, str(message)) for message in messages)
            continue
        data = form.cleaned_data
        attendance = _checked_attendance(line, data, report)
        if attendance is None:
            continue
        given_name, family_name = data["name"]
        rows.append(
            _Row(
                line,
                attendance,
                data["email"],
                given_name,
                family_name,
                data["gender"],
                data["birth_year"],
                data["organisation"],
            )
        )
    return rows


def _checked_attendance(line: int, data: dict[str, Any], report: AttendanceImportReport) -> Attendance | None:
    """The row's attendance, not saved and still without its person, or None with its faults in the report."""
    attendance = Attendance(
        meeting=data["meeting"],
        day=data["day"],
        mode=data["mode"],
        category=data["category"],
        delegation=data["country"],
    )
    try:
        # The related rows come from the lookups in _read(): skip the queries that would check them again.
        attendance.full_clean(
            exclude=["meeting", "person", "organisation", "delegation", "recorded_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        report.errors.extend(
            RowError(line, COLUMN_OF_FIELD.get(name, ""), message)
            for name, messages in error.message_dict.items()
            for message in messages
        )
        return None
    return attendance


def _values(row: dict[str, str], is_xlsx: bool) -> dict[str, str]:
    values = {column: row.get(column, "") for column in COLUMNS}
    if is_xlsx:  # a date cell of a spreadsheet reads as "2025-07-01 00:00:00"
        values["day"] = values["day"].removesuffix(" 00:00:00")
    return values


class _Organisations:
    """The organisations a file names, found by name in one query, and those to create."""

    def __init__(self, rows: list[_Row]) -> None:
        names = {row.organisation for row in rows if row.organisation}
        # Lower() of SQLite folds only ASCII letters: the names as written catch the other exact matches.
        found = (
            Organisation.objects.annotate(name_key=Lower("name"))
            .filter(Q(name_key__in={name.lower() for name in names}) | Q(name__in=names))
            .order_by("pk")
        )
        self.by_name: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in found if names else ():
            self.by_name[organisation.name.lower()].append(organisation)
        self.created: list[Organisation] = []

    def find(self, name: str, delegation: Country, category: str) -> Organisation | None:
        """The organisation of this name (its delegation's, an international one, or the only one), or None."""
        candidates = self.by_name[name.lower()]
        for country_code in (delegation.code, None):
            for organisation in candidates:
                if organisation.country_id == country_code:
                    return organisation
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            return None  # several, in other countries: the file cannot say which
        organisation = Organisation(name=name, category=ORGANISATION_CATEGORY[category], country=delegation)
        candidates.append(organisation)
        self.created.append(organisation)
        return organisation


def _find_organisation(row: _Row, organisations: _Organisations, report: AttendanceImportReport) -> None:
    if not row.organisation:
        return
    attendance = row.attendance
    delegation = cast(Country, attendance.delegation)
    organisation = organisations.find(row.organisation, delegation, attendance.category)
    if organisation is None:
        reason = _(
            "Several organisations are called %(name)s and none is in %(country)s: add it for %(country)s first."
        )
        report.errors.append(
            RowError(row.line, "organisation", reason % {"name": row.organisation, "country": delegation})
        )
    attendance.organisation = organisation


class _People:
    """The people a file names, found by email (theirs or their account's) or by name and country.

    Rows with an email are taken first, so a row without one finds the person an earlier or later row created
    with an email, as it would in the database when the file is imported again.
    """

    def __init__(self, rows: list[_Row]) -> None:
        emails = {row.email.lower() for row in rows if row.email}
        named = [row for row in rows if not row.email]
        self._known: dict[int, Person] = {}  # one instance per database row, whichever lookup found it
        self.by_email: dict[str, Person] = {}
        self.by_name: dict[tuple[str, str, str], list[Person]] = defaultdict(list)
        self.created: list[Person] = []
        self.completed: dict[int, Person] = {}
        if emails:
            self._load_by_email(emails)
        if named:
            self._load_by_name(named)

    def _load_by_email(self, emails: set[str]) -> None:
        found = list(
            Person.objects.select_related("user")
            .annotate(email_key=Lower("email"), account_key=Lower("user__email"))
            .filter(Q(email_key__in=emails) | Q(account_key__in=emails))
            .order_by("pk")
        )
        for person in found:  # a person's own email wins over another's account
            if person.user is not None and person.user.email.lower() in emails:
                self.by_email[person.user.email.lower()] = self._one(person)
        for person in found:
            if person.email.lower() in emails:
                self.by_email[person.email.lower()] = self._one(person)

    def _load_by_name(self, named: list[_Row]) -> None:
        found = Person.objects.filter(
            given_name__in={row.given_name for row in named},
            family_name__in={row.family_name for row in named},
            country__in={row.attendance.delegation_id for row in named},
        ).order_by("pk")
        for person in found:
            self.by_name[(person.given_name, person.family_name, person.country_id or "")].append(self._one(person))

    def _one(self, person: Person) -> Person:
        return self._known.setdefault(person.pk, person)

    def find(self, row: _Row) -> Person | None:
        """The row's person (found, completed or to create), or None when several people fit its name."""
        key = (row.given_name, row.family_name, row.attendance.delegation_id or "")
        if row.email:
            person = self.by_email.get(row.email.lower())
        elif len(self.by_name[key]) > 1:
            return None
        else:
            person = next(iter(self.by_name[key]), None)
        if person is None:
            person = Person(
                given_name=row.given_name,
                family_name=row.family_name,
                email=row.email,
                country=row.attendance.delegation,
                gender=row.gender,
                birth_year=row.birth_year,
            )
            self.created.append(person)
            self.by_name[key].append(person)
            if row.email:
                self.by_email[row.email.lower()] = person
        self._complete(person, row)
        return person

    def _complete(self, person: Person, row: _Row) -> None:
        """Fill in what the person has not said yet; what is known stays."""
        changed = False
        if not person.gender and row.gender:
            person.gender, changed = row.gender, True
        if person.birth_year is None and row.birth_year is not None:
            person.birth_year, changed = row.birth_year, True
        if changed and person.pk is not None:
            self.completed[person.pk] = person


def _find_person(row: _Row, people: _People, report: AttendanceImportReport) -> None:
    person = people.find(row)
    if person is None:
        reason = _("Several people of %(country)s are called %(name)s: give the person's email.")
        name = f"{row.given_name} {row.family_name}".strip()
        report.errors.append(RowError(row.line, "name", reason % {"name": name, "country": row.attendance.delegation}))
        return
    row.person = person


def _new_attendances(rows: list[_Row], report: AttendanceImportReport) -> tuple[list[Attendance], int]:
    """The attendances to create, and how many are recorded already; a repeated row with other values is an error."""
    meeting_ids = {row.attendance.meeting_id for row in rows}
    person_ids = {row.person.pk for row in rows if row.person is not None and row.person.pk is not None}
    recorded = set(
        Attendance.objects.filter(meeting__in=meeting_ids, person__in=person_ids).values_list(
            "meeting_id", "person_id", "day"
        )
        if person_ids
        else ()
    )
    first: dict[tuple[int, int, datetime.date], _Row] = {}
    attendances: list[Attendance] = []
    unchanged = 0
    for row in rows:
        attendance, person = row.attendance, row.person
        if person is None:
            continue  # several people fit the row: reported already
        key = (attendance.meeting_id, id(person), attendance.day)
        if key in first:
            column = _difference(first[key].attendance, attendance)
            if column:
                reason = _("The same person is already on line %(line)s for this day, with another %(column)s.")
                report.errors.append(RowError(row.line, column, reason % {"line": first[key].line, "column": column}))
            continue
        first[key] = row
        if (attendance.meeting_id, person.pk, attendance.day) in recorded:
            unchanged += 1
        else:
            attendance.person = person  # saved before the attendances, which then take its id
            attendances.append(attendance)
    return attendances, unchanged


def _difference(first: Attendance, again: Attendance) -> str:
    """The first column in which a repeated row differs from the first one, or "" when it is the same."""
    if first.mode != again.mode:
        return "mode"
    if first.category != again.category:
        return "category"
    if first.organisation is not again.organisation:
        return "organisation"
    if first.delegation_id != again.delegation_id:
        return "country"
    return ""
