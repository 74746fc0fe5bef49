"""Recommendations read from a file, all rows or none: the secretariat's catalogue of Recommendations and papers.

A file (CSV in UTF-8, or XLSX) has the columns ``sector, identifier, kind, status, group, approved_on, url,
title_en, title_fr, title_es, title_ru, title_zh_hans, title_ar`` and may add ``summary_en`` … ``summary_ar`` and
``superseded_by``:

- ``sector`` is ITU-T, ITU-D or ITU-R; ``identifier`` as published, without the sector (H.702, HSTP-CONF-H702);
- ``kind`` and ``status`` are codes (``technical_paper``, ``in_force``) or their English names; empty means a
  Recommendation in force;
- ``group`` is the short code of the responsible group in the sector (SG16), or empty;
- ``approved_on`` is YYYY-MM-DD (or a date cell), or empty; ``url`` the free online text, or empty;
- ``title_en`` is required; a title or summary left empty in another language shows the English one;
- ``superseded_by`` is the identifier of the Recommendation of the same sector that replaces it (in the file or
  already in Ponte); a superseded Recommendation must say it. A summary or ``superseded_by`` column that the file
  does not have leaves those fields as they are.

A Recommendation is found by its sector and identifier: a new one is created, a known one updated, and a row that
changes nothing writes nothing (no history). Every row is checked first; if any is wrong, nothing is saved and the
report lists every bad cell (line, column, reason).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.core.actions import require
from ponte.core.imports import RowError, read_table
from ponte.core.models import Group, Sector
from ponte.standards.models import BAD_IDENTIFIER, IDENTIFIER, Recommendation, RecommendationKind, RecommendationStatus

TITLE_COLUMNS = [f"title_{suffix}" for suffix in ("en", "fr", "es", "ru", "zh_hans", "ar")]
SUMMARY_COLUMNS = [column.replace("title_", "summary_") for column in TITLE_COLUMNS]
COLUMNS = ["sector", "identifier", "kind", "status", "group", "approved_on", "url", *TITLE_COLUMNS]
OPTIONAL_COLUMNS = ["superseded_by", *SUMMARY_COLUMNS]
REQUIRED_COLUMNS = set(COLUMNS)
# ITU-T alone has about 4,000 Recommendations in force; the three sectors' catalogues fit in one file.
MAX_RECOMMENDATION_ROWS = 20_000
CHANGE_REASON = "standards.recommendation.imported"
DATE_FORMAT = "%Y-%m-%d"
TITLE_LENGTH = 400
SUMMARY_LENGTH = 5000

# The file's column that a person fixes when Recommendation.full_clean() rejects a model field.
COLUMN_OF_FIELD = {
    "identifier": "identifier",
    "kind": "kind",
    "status": "status",
    "group": "group",
    "approved_on": "approved_on",
    "url": "url",
    "superseded_by": "superseded_by",
    "title": "title_en",
    **{column: column for column in TITLE_COLUMNS + SUMMARY_COLUMNS},
}


@dataclass
class RecommendationImportReport:
    """What a file did: Recommendations created, updated and unchanged, or every error found (nothing saved)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice(value: str, choices: list[tuple[str, Any]], default: str) -> str | None:
    """A code given as itself or as its English name, whatever its case; ``None`` when it is neither."""
    value = value.strip()
    if not value:
        return default
    with translation.override("en"):
        names = {str(label).casefold(): code for code, label in choices}
    codes = {code.casefold(): code for code, _label in choices}
    folded = value.casefold().replace(" ", "_")
    return codes.get(folded) or names.get(value.casefold())


class RecommendationRowForm(forms.Form):
    """The cells of one row, each checked on its own (the sector's groups and the references come after)."""

    sector = forms.CharField(max_length=8)
    identifier = forms.CharField(max_length=40)
    kind = forms.CharField(required=False)
    status = forms.CharField(required=False)
    group = forms.CharField(max_length=32, required=False)
    approved_on = forms.DateField(
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": gettext_lazy("Write the date as YYYY-MM-DD, e.g. 2015-11-29.")},
    )
    url = forms.CharField(
        max_length=200,
        required=False,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=gettext_lazy("Write a full web address, e.g. https://www.itu.int/rec/T-REC-H.702."),
            )
        ],
    )
    superseded_by = forms.CharField(max_length=40, required=False)

    def __init__(self, *args: Any, sectors: dict[str, Sector], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sectors = sectors
        self.fields["title_en"] = forms.CharField(max_length=TITLE_LENGTH)
        for column in TITLE_COLUMNS[1:]:
            self.fields[column] = forms.CharField(max_length=TITLE_LENGTH, required=False)
        for column in SUMMARY_COLUMNS:
            self.fields[column] = forms.CharField(max_length=SUMMARY_LENGTH, required=False)

    def clean_sector(self) -> Sector:
        code = self.cleaned_data["sector"].strip().upper()
        if code not in self._sectors:
            message = _("Unknown sector: write one of %(sectors)s.") % {"sectors": ", ".join(sorted(self._sectors))}
            raise forms.ValidationError(message, code="unknown_sector")
        return self._sectors[code]

    def clean_identifier(self) -> str:
        identifier: str = self.cleaned_data["identifier"].strip()
        if not IDENTIFIER.fullmatch(identifier):
            raise forms.ValidationError(BAD_IDENTIFIER, code="identifier")
        return identifier

    def clean_kind(self) -> str:
        kind = _choice(self.cleaned_data["kind"], RecommendationKind.choices, RecommendationKind.RECOMMENDATION)
        if kind is None:
            message = _("Unknown kind: write one of %(kinds)s.") % {"kinds": ", ".join(RecommendationKind.values)}
            raise forms.ValidationError(message, code="unknown_kind")
        return kind

    def clean_status(self) -> str:
        status = _choice(self.cleaned_data["status"], RecommendationStatus.choices, RecommendationStatus.IN_FORCE)
        if status is None:
            statuses = ", ".join(RecommendationStatus.values)
            raise forms.ValidationError(
                _("Unknown status: write one of %(statuses)s.") % {"statuses": statuses}, code="unknown_status"
            )
        return status

    def clean_approved_on(self) -> datetime.date | None:
        approved_on: datetime.date | None = self.cleaned_data["approved_on"]
        if approved_on is not None and approved_on > timezone.localdate():
            raise forms.ValidationError(_("The approval date cannot be in the future."), code="future")
        return approved_on


@dataclass
class _Row:
    """A row whose cells read well: the Recommendation it creates or updates, set but not saved yet."""

    line: int
    recommendation: Recommendation
    created: bool
    changed: bool
    superseded_by: str | None  # the identifier the row names (None: the file has no such column)


def import_recommendations(*, file_name: str, content: bytes, actor: Any = None) -> RecommendationImportReport:
    """Check every row, then create or update the Recommendations by sector and identifier in one transaction,
    or change nothing. ``actor`` is the signed-in user of a page (None for the command and the demo)."""
    if actor is not None:
        require(actor, "standards.manage_recommendations")
    report = RecommendationImportReport()
    table = read_table(file_name, content, REQUIRED_COLUMNS, report.errors, max_rows=MAX_RECOMMENDATION_ROWS)
    if not report.ok:
        return report
    reader = _Reader(table, is_xlsx=file_name.lower().endswith(".xlsx"), report=report)
    rows = reader.rows()
    # Every row's references are checked too, those of a file with bad cells included; a row naming one with bad
    # cells is not told that it names nothing.
    order = _order(rows, set(reader.stored) | reader.named, report)
    if report.ok:
        try:
            with transaction.atomic():
                _save(order, reader.stored, actor, report)
                if not report.ok:
                    raise _RowsRefusedError
        except _RowsRefusedError:
            report.created = report.updated = report.unchanged = 0
    report.errors.sort(key=lambda error: (error.line, _column_position(error.column)))
    return report


def _column_position(column: str) -> int:
    columns = COLUMNS + OPTIONAL_COLUMNS
    return columns.index(column) if column in columns else -1


class _RowsRefusedError(Exception):
    """Raised to roll the transaction back when a row breaks a rule of the model."""


_Key = tuple[int, str]  # a Recommendation's sector id and identifier


class _Reader:
    """Reads every row of the table into ``_Row``s, adding each bad cell to the report."""

    def __init__(self, table: list[dict[str, str]], *, is_xlsx: bool, report: RecommendationImportReport) -> None:
        self.table = table
        self.is_xlsx = is_xlsx
        self.report = report
        self.columns = set(table[0]) if table else set()
        self.named: set[_Key] = set()  # every Recommendation a row names, whether its cells read well or not
        self.sectors = {sector.code.upper(): sector for sector in Sector.objects.all()}
        self.groups = {(group.sector_id, group.code.upper()): group for group in Group.objects.all()}
        self.stored: dict[_Key, Recommendation] = {
            (recommendation.sector_id, recommendation.identifier): recommendation
            for recommendation in Recommendation.objects.select_related("sector", "superseded_by")
        }

    def rows(self) -> list[_Row]:
        rows: list[_Row] = []
        first_line: dict[_Key, int] = {}
        for line, cells in enumerate(self.table, start=2):  # line 1 is the header
            sector = self.sectors.get(cells.get("sector", "").strip().upper())
            if sector is not None:
                self.named.add((sector.pk, cells.get("identifier", "").strip()))
            form = RecommendationRowForm(self._values(cells), sectors=self.sectors)
            valid = form.is_valid()
            for column, messages in form.errors.items():
                self.report.errors.extend(RowError(line, column, str(message)) for message in messages)
            data = form.cleaned_data
            known, group = self._group(line, data) if "sector" in data and "group" in data else (False, None)
            if not valid:
                continue
            key = (data["sector"].pk, data["identifier"])
            if key in first_line:
                reason = _("The same Recommendation is already on line %(line)s.") % {"line": first_line[key]}
                self.report.errors.append(RowError(line, "identifier", reason))
                continue
            first_line[key] = line
            if known:
                rows.append(self._apply(line, data, group))
        return rows

    def _values(self, cells: dict[str, str]) -> dict[str, str]:
        values = {column: cells.get(column, "") for column in COLUMNS + OPTIONAL_COLUMNS}
        if self.is_xlsx:  # a date cell of a spreadsheet reads as "2015-11-29 00:00:00"
            values["approved_on"] = values["approved_on"].removesuffix(" 00:00:00")
        return values

    def _group(self, line: int, data: dict[str, Any]) -> tuple[bool, Group | None]:
        """The responsible group in the row's sector (None for none), and whether the code is known (else reported)."""
        code = data["group"].strip().upper()
        if not code:
            return True, None
        sector: Sector = data["sector"]
        group = self.groups.get((sector.pk, code))
        if group is None:
            message = _("%(sector)s has no group %(group)s: write its short code, e.g. SG16.")
            self.report.errors.append(RowError(line, "group", message % {"sector": sector.code, "group": code}))
            return False, None
        return True, group

    def _apply(self, line: int, data: dict[str, Any], group: Group | None) -> _Row:
        """The row's values set on its Recommendation (a new one or the stored one), not saved."""
        sector: Sector = data["sector"]
        recommendation = self.stored.get((sector.pk, data["identifier"]))
        created = recommendation is None
        if recommendation is None:
            recommendation = Recommendation(sector=sector, identifier=data["identifier"])
        before = _imported_values(recommendation)
        recommendation.kind = data["kind"]
        recommendation.status = data["status"]
        recommendation.group = group
        recommendation.approved_on = data["approved_on"]
        recommendation.url = data["url"]
        for column in TITLE_COLUMNS:
            setattr(recommendation, column, data[column].strip())
        for column in SUMMARY_COLUMNS:
            if column in self.columns:
                setattr(recommendation, column, data[column].strip())
        changed = created or _imported_values(recommendation) != before
        superseded_by = None
        if "superseded_by" in self.columns:
            superseded_by = data["superseded_by"].strip()
            target = recommendation.superseded_by if recommendation.superseded_by_id else None
            now = (target.sector_id, target.identifier) if target else None
            changed = changed or now != ((sector.pk, superseded_by) if superseded_by else None)
        return _Row(line, recommendation, created, changed, superseded_by)


def _imported_values(recommendation: Recommendation) -> tuple[Any, ...]:
    """The fields a file sets; the PDF and anything else are the secretariat's to edit on the platform."""
    texts = [getattr(recommendation, column) or "" for column in TITLE_COLUMNS + SUMMARY_COLUMNS]
    return (
        recommendation.kind,
        recommendation.status,
        recommendation.group_id,
        recommendation.approved_on,
        recommendation.url,
        *texts,
    )


def _key(row: _Row) -> _Key:
    return (row.recommendation.sector_id, row.recommendation.identifier)


def _target(row: _Row) -> _Key | None:
    """The Recommendation the row says supersedes it, if it names one."""
    return (row.recommendation.sector_id, row.superseded_by) if row.superseded_by else None


def _order(rows: list[_Row], known: set[_Key], report: RecommendationImportReport) -> list[_Row]:
    """The rows in the order they can be saved: the Recommendation that supersedes another comes first.

    A ``superseded_by`` naming itself or nothing known, or a chain coming back on itself, is reported.
    """
    in_file = {_key(row): row for row in rows}
    ordered: list[_Row] = []
    placed: set[int] = set()
    for row in rows:
        chain: list[_Row] = []
        current: _Row | None = row
        while current is not None and current.line not in placed:
            if any(link.line == current.line for link in chain):
                lines = ", ".join(str(link.line) for link in chain)
                message = _("The Recommendations on lines %(lines)s supersede each other.") % {"lines": lines}
                report.errors.append(RowError(row.line, "superseded_by", message))
                return []
            chain.append(current)
            target = _target(current)
            if target == _key(current):
                message = _("A Recommendation cannot supersede itself.")
                report.errors.append(RowError(current.line, "superseded_by", message))
                target = None
            elif target and target not in in_file and target not in known:
                message = _("%(sector)s has no Recommendation %(identifier)s, in this file or in Ponte.")
                values = {"sector": current.recommendation.sector.code, "identifier": current.superseded_by}
                report.errors.append(RowError(current.line, "superseded_by", message % values))
            current = in_file.get(target) if target else None
        for link in reversed(chain):
            placed.add(link.line)
            ordered.append(link)
    return ordered


def _save(rows: list[_Row], stored: dict[_Key, Recommendation], actor: Any, report: RecommendationImportReport) -> None:
    """Save the changed rows in order, each checked by the model's own rules first (errors reported, not raised)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    saved: dict[_Key, Recommendation] = {}
    for row in rows:
        recommendation = row.recommendation
        saved[_key(row)] = recommendation
        if not row.changed:
            report.unchanged += 1
            continue
        if row.superseded_by is not None:
            target = _target(row)
            recommendation.superseded_by = (saved.get(target) or stored[target]) if target else None
        try:
            recommendation.full_clean(
                exclude=["sector", "group", "superseded_by"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            report.errors.extend(_model_errors(row.line, error))
            continue
        recommendation._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        if user is not None:
            recommendation._history_user = user  # type: ignore[attr-defined]
        # The untranslated column keeps the English title, whatever the language of the page importing.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            recommendation.save()
        if row.created:
            report.created += 1
        else:
            report.updated += 1


def _model_errors(line: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(line, "", message) for message in error.messages]
    return [
        RowError(line, "" if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name, ""), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]
