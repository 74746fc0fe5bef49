"""Meetings read from a file, all rows or none: the secretariat's calendar of group meetings.

A file has the columns ``code, sector, group, title, start, end, country, city, virtual``
(CSV in UTF-8, or XLSX) — ``group`` as the group's code within ``sector`` (``ITU-T``, ``SG16``),
``start`` and ``end`` as YYYY-MM-DD, ``country`` as ISO 3166 alpha-3 (empty for a fully virtual
meeting), ``virtual`` as yes/no, true/false or 1/0 (empty is no). ``title`` is the English title.
A meeting is found by its ``code``: a new code creates it, a known one updates it, and a row that
changes nothing is left alone (no history). Every row is checked first; if any is wrong, nothing
is saved and the report lists every bad row (line, column, reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.core.imports import RowError, read_table
from ponte.core.models import Country, Group, Sector
from ponte.meetings.models import Meeting

COLUMNS = ["code", "sector", "group", "title", "start", "end", "country", "city", "virtual"]
REQUIRED_COLUMNS = set(COLUMNS) - {"virtual"}
CHANGE_REASON = "meetings.meeting.imported"
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0", ""}
DATE_FORMAT = "%Y-%m-%d"

# The file's column that a person fixes when Meeting.full_clean() rejects a model field.
COLUMN_OF_FIELD = {
    "code": "code",
    "group": "group",
    "title": "title",
    "title_en": "title",
    "starts_on": "start",
    "ends_on": "end",
    "registration_deadline": "end",
    "country": "country",
    "city": "city",
    "is_virtual": "virtual",
    "capacity": "virtual",
}


@dataclass
class MeetingImportReport:
    """What a file did: meetings created, updated and left unchanged, or every error found (then nothing was saved)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class MeetingRowForm(forms.Form):
    code = forms.CharField(max_length=40)
    sector = forms.CharField(max_length=8)
    group = forms.CharField(max_length=32)
    title = forms.CharField(max_length=255)
    start = forms.DateField(
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": gettext_lazy("Write the date as YYYY-MM-DD, e.g. 2025-07-01.")},
    )
    end = forms.DateField(
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": gettext_lazy("Write the date as YYYY-MM-DD, e.g. 2025-07-04.")},
    )
    country = forms.CharField(max_length=3, required=False)
    city = forms.CharField(max_length=120, required=False)
    virtual = forms.CharField(required=False)

    def __init__(
        self,
        *args: Any,
        countries: dict[str, Country],
        sectors: set[str],
        groups: dict[tuple[str, str], Group],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._countries = countries
        self._sectors = sectors
        self._groups = groups

    def clean_country(self) -> Country | None:
        code = self.cleaned_data["country"].strip().upper()
        if not code:
            return None
        country = self._countries.get(code)
        if country is None:
            raise forms.ValidationError(gettext_lazy("Unknown country code: give ISO 3166 alpha-3, e.g. CHE."))
        return country

    def clean_virtual(self) -> bool:
        word = self.cleaned_data["virtual"].strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise forms.ValidationError(gettext_lazy("Write yes or no (or true/false, 1/0), or leave it empty."))
        return word in TRUE_WORDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sector = str(cleaned.get("sector", "")).strip().upper()
        code = str(cleaned.get("group", "")).strip().upper()
        if not sector or not code:
            return cleaned
        if sector not in self._sectors:
            message = _("Unknown sector: write one of %(sectors)s.") % {"sectors": ", ".join(sorted(self._sectors))}
            self.add_error("sector", message)
        elif (sector, code) not in self._groups:
            message = _("%(sector)s has no group %(group)s: write its code, e.g. SG16 or TSAG.") % {
                "sector": sector,
                "group": code,
            }
            self.add_error("group", message)
        else:
            cleaned["group"] = self._groups[(sector, code)]
        return cleaned


@dataclass(frozen=True)
class _Change:
    meeting: Meeting
    created: bool
    changed: bool


def import_meetings(*, file_name: str, content: bytes) -> MeetingImportReport:
    """Check every row, then create or update the meetings by code in one transaction, or change nothing."""
    report = MeetingImportReport()
    rows = read_table(file_name, content, REQUIRED_COLUMNS, report.errors)
    if not report.ok:
        return report
    changes = _plan(rows, is_xlsx=file_name.lower().endswith(".xlsx"), report=report)
    if not report.ok:
        return report
    with transaction.atomic():
        for change in changes:
            if not change.changed:
                report.unchanged += 1
                continue
            change.meeting._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
            change.meeting.save()
            if change.created:
                report.created += 1
            else:
                report.updated += 1
    return report


def _plan(rows: list[dict[str, str]], *, is_xlsx: bool, report: MeetingImportReport) -> list[_Change]:
    """Each row as a meeting to create or update, with every bad row added to the report."""
    countries = {country.alpha3.upper(): country for country in Country.objects.all()}
    sectors = {code.upper() for code in Sector.objects.values_list("code", flat=True)}
    groups = {(g.sector.code.upper(), g.code.upper()): g for g in Group.objects.select_related("sector")}
    existing = {m.code: m for m in Meeting.objects.filter(code__in={row.get("code", "").strip() for row in rows})}
    first_line: dict[str, int] = {}
    changes: list[_Change] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        code = row.get("code", "").strip()
        duplicate = code in first_line
        if duplicate:
            reason = _("The same meeting code is already on line %(line)s.") % {"line": first_line[code]}
            report.errors.append(RowError(line, "code", reason))
        elif code:
            first_line[code] = line
        form = MeetingRowForm(_values(row, is_xlsx), countries=countries, sectors=sectors, groups=groups)
        if not form.is_valid():
            for column, messages in form.errors.items():
                report.errors.extend(RowError(line, column, str(message)) for message in messages)
            continue
        if duplicate:
            continue
        change = _apply(existing.get(code), form.cleaned_data)
        try:
            # The group and country come from the lookups above and the code was matched against the
            # database already, so skip the per-row queries that would check them again.
            change.meeting.full_clean(exclude=["group", "country"], validate_unique=False)
        except ValidationError as error:
            report.errors.extend(_model_errors(line, error))
            continue
        changes.append(change)
    return changes


def _values(row: dict[str, str], is_xlsx: bool) -> dict[str, str]:
    values = {column: row.get(column, "") for column in COLUMNS}
    if is_xlsx:  # a date cell of a spreadsheet reads as "2025-07-01 00:00:00"
        for column in ("start", "end"):
            values[column] = values[column].removesuffix(" 00:00:00")
    return values


def _apply(meeting: Meeting | None, data: dict[str, Any]) -> _Change:
    """The meeting with the row's values set (not saved), and whether that changes anything."""
    created = meeting is None
    if meeting is None:
        # An in-person meeting offers remote participation unless someone says otherwise later.
        meeting = Meeting(code=data["code"], is_hybrid=not data["virtual"])
    before = _imported_values(meeting)
    meeting.group = data["group"]
    meeting.title_en = data["title"]  # type: ignore[attr-defined]
    meeting.starts_on = data["start"]
    meeting.ends_on = data["end"]
    meeting.country = data["country"]
    meeting.city = data["city"]
    meeting.is_virtual = data["virtual"]
    return _Change(meeting, created, created or _imported_values(meeting) != before)


def _imported_values(meeting: Meeting) -> tuple[Any, ...]:
    """The fields a file sets; other languages' titles and the rest are the secretariat's to edit."""
    return (
        meeting.group_id,
        meeting.title_en,  # type: ignore[attr-defined]
        meeting.starts_on,
        meeting.ends_on,
        meeting.country_id,
        meeting.city,
        meeting.is_virtual,
    )


def _model_errors(line: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(line, "", message) for message in error.messages]
    return [
        RowError(line, "" if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name, ""), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]
