"""The dashboard's tables, and the same tables as CSV and XLSX files (aggregates only, no personal data).

The page and the files are made from ``dashboard_tables``, so a file carries
exactly the tables, headers and numbers of the page, in the page's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ponte.core.exports import append_row, csv_row
from ponte.core.models import Region
from ponte.stats.charts import as_percent, format_count, format_number, format_percent
from ponte.stats.selectors import ParticipationStats

Value = int | float | Decimal | None
PERCENT, COUNT, NUMBER, MONEY = "percent", "count", "number", "money"  # NUMBER: a fractional count (27.5)


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Value, ...]
    units: tuple[str, ...]  # COUNT or PERCENT per value

    def shown(self) -> list[str]:
        """The values as the page shows them (localised; "—" when not known)."""
        return [_shown(value, unit) for value, unit in zip(self.values, self.units, strict=True)]


def _shown(value: Value, unit: str) -> str:
    if unit == PERCENT:
        return format_percent(None if value is None else float(value))
    if unit == NUMBER:
        return format_number(None if value is None else float(value), 2)
    if unit == MONEY:
        return "—" if value is None else number_format(value, 2, force_grouping=True)
    return format_count(None if value is None else int(value))


@dataclass(frozen=True)
class Table:
    key: str  # the HTML id prefix
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def _counts(label: str, value: int) -> Row:
    return Row(label, (value,), (COUNT,))


def _percent(label: str, share: float | None) -> Row:
    return Row(label, (as_percent(share),), (PERCENT,))


def share_labels() -> dict[str, str]:
    """The four shares' names, shared by the headline table, the shares chart and the trend."""
    return {
        "developing_share": _("Participants from developing countries (%)"),
        "remote_share": _("Person-days attended remotely (%)"),
        "women_share": _("Women among participants (%)"),
        "youth_share": _("Participants under 35 (%)"),
    }


def classification_labels() -> dict[str, str]:
    return {
        "LDC": _("Least developed countries (LDC)"),
        "SIDS": _("Small island developing states (SIDS)"),
        "LLDC": _("Landlocked developing countries (LLDC)"),
    }


def other_labels() -> dict[str, str]:
    return {
        "contributions_developing": _("Contributions from developing countries"),
        "leadership_developing": _("Leadership posts held from developing countries"),
        "fellowships_awarded": _("Fellowships awarded"),
        "fellowships_used": _("Fellowships used (the fellow attended)"),
        "new_academia_developing": _("New Academia members with the fee waiver"),
        "smes_taking_part": _("SMEs taking part"),
    }


def headline_table(stats: ParticipationStats) -> Table:
    shares = share_labels()
    rows = (
        _counts(_("Participants"), stats.participants),
        _counts(_("Organisations"), stats.organisations),
        _counts(_("Person-days"), stats.person_days),
        *(_percent(label, getattr(stats, key)) for key, label in shares.items()),
    )
    return Table("headline", _("Headline indicators"), (_("Indicator"), _("Value")), rows)


def region_table(stats: ParticipationStats) -> Table:
    rows = tuple(_counts(str(Region(code).label), count) for code, count in stats.by_region.items())
    return Table("regions", _("Participants per region"), (_("Region"), _("Participants")), rows)


def classification_table(stats: ParticipationStats) -> Table:
    labels = classification_labels()
    rows = tuple(_counts(labels[code], count) for code, count in stats.by_classification.items())
    return Table(
        "classifications", _("Participants from LDC, SIDS and LLDC"), (_("Group of countries"), _("Participants")), rows
    )


def other_table(stats: ParticipationStats) -> Table:
    rows = tuple(_counts(label, stats.more[key]) for key, label in other_labels().items())
    return Table("others", _("Other indicators"), (_("Indicator"), _("Count")), rows)


def trend_table(trend: list[tuple[int, ParticipationStats]]) -> Table:
    shares = share_labels()
    header = (_("Year"), _("Participants"), shares["developing_share"], shares["remote_share"], shares["women_share"])
    rows = tuple(
        Row(
            str(year),
            (
                stats.participants,
                as_percent(stats.developing_share),
                as_percent(stats.remote_share),
                as_percent(stats.women_share),
            ),
            (COUNT, PERCENT, PERCENT, PERCENT),
        )
        for year, stats in trend
    )
    return Table("trend", _("Year-over-year trend"), header, rows)


def dashboard_tables(stats: ParticipationStats, trend: list[tuple[int, ParticipationStats]]) -> dict[str, Table]:
    """Every table of the dashboard, by key, in the order of the page."""
    tables = (
        headline_table(stats),
        region_table(stats),
        classification_table(stats),
        other_table(stats),
        trend_table(trend),
    )
    return {table.key: table for table in tables}


def _plain(value: Value) -> Value | str:
    return "" if value is None else value


def tables_csv(tables: list[Table], *, filters: str, title: str = "") -> str:
    """All tables one after another: the caption, the header, the rows, then an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row([title or _("Participation in standardization (Resolution 44)"), filters]))
    writer.writerow([])
    for table in tables:
        writer.writerow(csv_row([table.caption]))
        writer.writerow(csv_row(table.header))
        writer.writerows(csv_row([row.label, *map(_plain, row.values)]) for row in table.rows)
        writer.writerow([])
    return buffer.getvalue()


def _sheet_title(caption: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    return "".join(" " if char in "[]:*?/\\" else char for char in caption)[:31]


def tables_xlsx(tables: list[Table], *, filters: str) -> bytes:
    """A workbook with one sheet per table, headers in bold, right-to-left in Arabic."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # noqa: S101 - a new workbook has one sheet
    workbook.remove(first)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.caption))
        append_row(sheet, table.header)
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            append_row(sheet, [row.label, *map(_plain, row.values)])
        sheet.append([])
        append_row(sheet, [filters])
        sheet.sheet_view.rightToLeft = get_language_bidi()
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
