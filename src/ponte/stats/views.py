"""The public participation dashboard (Resolution 44) and its tables as CSV and XLSX: aggregates only.

Invalid filters: the page answers 200 with the form's errors and no figures (a
person fixes the filter in place); the files answer 400 with the errors as text.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ponte.core.models import Region
from ponte.stats import charts, exports
from ponte.stats.forms import ParticipationFilterForm
from ponte.stats.selectors import ParticipationStats, participation_figures
from ponte.stats.trends import TREND_YEARS, available_years, participation_trend

NO_FILTERS: dict[str, Any] = {"year": None, "sector": "", "group": "", "region": ""}


def _form(request: HttpRequest) -> tuple[ParticipationFilterForm, list[int]]:
    years = available_years()
    return ParticipationFilterForm(request.GET or None, years=years), years


def _figures(
    filters: dict[str, Any], years: list[int]
) -> tuple[ParticipationStats, list[tuple[int, ParticipationStats]]]:
    """The indicators with the filters, and the trend of the latest years (every year: the year filter aside)."""
    place = {key: filters[key] for key in ("sector", "group", "region")}
    return participation_figures(**filters), participation_trend(years=years[:TREND_YEARS], **place)


def _filters_text(filters: dict[str, Any]) -> str:
    """The filters in words, for the page's heading and the files."""
    parts = [
        filters["year"] and _("year %(year)s") % {"year": filters["year"]},
        filters["sector"] and _("sector %(sector)s") % {"sector": filters["sector"]},
        filters["group"] and _("group %(group)s") % {"group": filters["group"]},
        filters["region"] and _("region %(region)s") % {"region": Region(filters["region"]).label},
    ]
    chosen = [part for part in parts if part]
    if not chosen:
        return _("All years, sectors, groups and regions")
    return _("Filtered by %(filters)s") % {"filters": ", ".join(chosen)}


def _charts(stats: ParticipationStats, trend: list[tuple[int, ParticipationStats]]) -> dict[str, Any]:
    shares = exports.share_labels()
    years = [str(year) for year, _stats in trend]
    return {
        "regions": charts.horizontal_bars([(str(Region(code).label), n) for code, n in stats.by_region.items()]),
        "classifications": charts.horizontal_bars(
            [(exports.classification_labels()[code], n) for code, n in stats.by_classification.items()]
        ),
        "shares": charts.horizontal_bars(
            [(label, charts.as_percent(getattr(stats, key))) for key, label in shares.items()], percent=True
        ),
        "trend_participants": charts.columns([(str(year), year_stats.participants) for year, year_stats in trend]),
        "trend_shares": charts.percent_lines(
            years,
            [
                (shares[key], [charts.as_percent(getattr(year_stats, key)) for _year, year_stats in trend])
                for key in ("developing_share", "remote_share", "women_share")
            ],
        ),
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Who takes part in the work, from which countries and how, with charts, tables and the trend."""
    form, years = _form(request)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else NO_FILTERS
        stats, trend = _figures(filters, years)
        context |= {
            "stats": stats,
            "percent": {
                key: charts.format_percent(charts.as_percent(getattr(stats, key))) for key in exports.share_labels()
            },
            "tables": exports.dashboard_tables(stats, trend),
            "charts": _charts(stats, trend),
            "filters_text": _filters_text(filters),
        }
    return render(request, "stats/dashboard.html", context)


@require_GET
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    """Every table of the dashboard as CSV or XLSX, with the page's filters, in the page's language."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    form, years = _form(request)
    if form.is_bound and not form.is_valid():
        errors = "\n".join(f"{field}: {' '.join(map(str, messages))}" for field, messages in form.errors.items())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    filters = form.filters() if form.is_bound else NO_FILTERS
    stats, trend = _figures(filters, years)
    tables = list(exports.dashboard_tables(stats, trend).values())
    if file_format == "csv":
        response = HttpResponse(
            exports.tables_csv(tables, filters=_filters_text(filters)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.tables_xlsx(tables, filters=_filters_text(filters)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="participation-{get_language()}.{file_format}"'
    return response
