"""The country profile as a data table (the chart's words and numbers) and as a PDF made from the same page parts.

The PDF is WeasyPrint's rendering of ``innovation/profile_pdf.html`` in the active language: Arabic right to
left, Chinese in Noto Sans CJK SC, the chart as the same server-made SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.innovation import charts
from ponte.innovation.selectors import Average, Profile
from ponte.stats.charts import format_number


@dataclass(frozen=True)
class Cell:
    text: str
    missing: bool = False


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ProfileTable:
    caption: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


def _score(value: Decimal | None) -> Cell:
    return Cell(format_number(float(value), 1)) if value is not None else Cell(_("not assessed"), missing=True)


def _average(average: Average) -> Cell:
    if average.value is None:
        return Cell(_("no assessed country"), missing=True)
    counted = ngettext("%(count)s country", "%(count)s countries", average.countries) % {"count": average.countries}
    return Cell(f"{format_number(float(average.value), 1)} ({counted})")


def profile_table(profile: Profile) -> ProfileTable:
    """The chart's data: per pillar, the country's score and the averages it is compared with."""
    series = charts.series_styles(profile)
    rows = []
    for row in profile.rows:
        cells = {"country": _score(row.score), "region": _average(row.region), "income": _average(row.income)}
        rows.append(TableRow(row.pillar.name, tuple(cells[style.key] for style in series)))
    return ProfileTable(
        caption=_("Scores by pillar (0 to 100) of %(country)s and the averages it is compared with")
        % {"country": profile.country.name},
        header=(_("Pillar"), *(style.name for style in series)),
        rows=tuple(rows),
    )


def title(profile: Profile) -> str:
    return _("Digital innovation profile: %(country)s") % {"country": profile.country.name}


def profile_context(profile: Profile) -> dict[str, object]:
    """What the page and the PDF show, made once."""
    return {
        "profile": profile,
        "title": title(profile),
        "chart": charts.profile_chart(profile) if profile.assessment else None,
        "table": profile_table(profile),
    }


def profile_html(profile: Profile) -> str:
    """The printable profile in the active language (the PDF's source)."""
    return render_to_string("innovation/profile_pdf.html", profile_context(profile) | {"printing": True})


def profile_pdf(profile: Profile) -> bytes:
    """The profile as a PDF (WeasyPrint)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=profile_html(profile), base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf
