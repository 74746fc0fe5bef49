"""The partnership dashboard: the report's charts for any period, each with its table, and the tables as files."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ponte.partnerships.forms import PeriodForm
from ponte.partnerships.models import ActionArea, AgreementType, BeneficiaryRegion
from ponte.partnerships.selectors import AgreementStats, agreement_stats, signing_years
from ponte.stats import charts
from ponte.stats.exports import COUNT, MONEY, NUMBER, Row, Table, tables_csv, tables_xlsx


def _period(request: HttpRequest) -> tuple[PeriodForm, int | None, int | None]:
    form = PeriodForm(request.GET or None)
    known = signing_years()
    first, last = known if known else (None, None)
    if form.is_bound and form.is_valid():
        first = form.cleaned_data["year_from"] if form.cleaned_data["year_from"] is not None else first
        last = form.cleaned_data["year_to"] if form.cleaned_data["year_to"] is not None else last
    return form, first, last


def _tables(stats: AgreementStats) -> dict[str, Table]:
    regions = dict(BeneficiaryRegion.objects.values_list("code", "name"))
    areas = dict(ActionArea.objects.values_list("name_en", "name"))
    types = dict(AgreementType.choices)
    count, share = _("Agreements"), _("Agreements (split)")
    return {
        "totals": Table(
            "totals",
            _("In figures"),
            ("", _("Value")),
            (
                Row(_("New agreements"), (stats.new,), (COUNT,)),
                Row(_("Amendments"), (stats.amendments,), (COUNT,)),
                Row(_("Total value (USD), amendments included"), (stats.value_usd,), (MONEY,)),
            ),
        ),
        "years": Table(
            "years",
            _("New agreements per year"),
            (_("Year"), count),
            tuple(Row(year, (n,), (COUNT,)) for year, n in stats.by_year.items()),
        ),
        "regions": Table(
            "regions",
            _("Beneficiary regions"),
            (_("Region"), share),
            tuple(Row(str(regions[code]), (n,), (NUMBER,)) for code, n in stats.by_region.items()),
        ),
        "areas": Table(
            "areas",
            _("Action areas"),
            (_("Action area"), share),
            tuple(Row(str(areas[name]), (n,), (NUMBER,)) for name, n in stats.by_action_area.items()),
        ),
        "types": Table(
            "types",
            _("Types of agreement"),
            (_("Type"), count),
            tuple(Row(str(types[kind]), (n,), (COUNT,)) for kind, n in stats.by_type.items()),
        ),
        "partners": Table(
            "partners",
            _("Top partners"),
            (_("Partner"), count, _("Value (USD)")),
            tuple(Row(top.name, (top.agreements, top.value_usd), (COUNT, MONEY)) for top in stats.top_partners),
        ),
    }


def _charts(tables: dict[str, Table]) -> dict[str, Any]:
    def bars(key: str, decimals: int = 0) -> charts.BarChart:
        return charts.horizontal_bars(
            [(row.label, float(row.values[0] or 0)) for row in tables[key].rows], decimals=decimals
        )

    return {
        "years": charts.columns([(row.label, int(row.values[0] or 0)) for row in tables["years"].rows]),
        "regions": bars("regions", decimals=2),
        "areas": bars("areas", decimals=2),
        "types": bars("types"),
    }


def _period_text(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return _("No agreements yet")
    return _("Agreements signed from %(first)s to %(last)s") % {"first": first, "last": last}


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """New agreements, amendments and value of a period, per year, region, action area, type and partner."""
    form, first, last = _period(request)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    if not form.is_bound or form.is_valid():
        stats = agreement_stats(year_from=first, year_to=last)
        tables = _tables(stats)
        context |= {"stats": stats, "tables": tables, "charts": _charts(tables), "period": _period_text(first, last)}
    return render(request, "partnerships/dashboard.html", context)


@require_GET
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    """Every table of the dashboard as CSV or XLSX, for the page's period and in its language."""
    form, first, last = _period(request)
    if form.is_bound and not form.is_valid():
        errors = "\n".join(" ".join(map(str, messages)) for messages in form.errors.values())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    tables = list(_tables(agreement_stats(year_from=first, year_to=last)).values())
    title, period = _("Partnership agreements"), _period_text(first, last)
    if file_format == "csv":
        response = HttpResponse(tables_csv(tables, filters=period, title=title), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            tables_xlsx(tables, filters=period),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="agreements-{get_language()}.{file_format}"'
    return response


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("agreements.csv", download, {"file_format": "csv"}, name="dashboard_csv"),
    path("agreements.xlsx", download, {"file_format": "xlsx"}, name="dashboard_xlsx"),
]
