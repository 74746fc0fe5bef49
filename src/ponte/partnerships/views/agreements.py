"""The secretariat's pages of partnership agreements: the list with filters, an agreement's page, the filtered list
as CSV or XLSX (the import's columns), and the import of a file (all rows or none, the report per bad cell)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext

from ponte.core.actions import require_request as _require
from ponte.partnerships import exports
from ponte.partnerships.forms import AgreementFileForm, AgreementFilterForm
from ponte.partnerships.importers import import_agreements
from ponte.partnerships.models import Agreement, Partner
from ponte.partnerships.selectors import agreements_matching

PAGE_SIZE = 25


def _filtered(request: HttpRequest) -> tuple[AgreementFilterForm, QuerySet[Agreement]]:
    form = AgreementFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    found = agreements_matching(
        query=(filters.get("q") or "").strip(),
        partner=(filters.get("partner") or "").strip(),
        type=filters.get("type") or "",
        region=filters.get("region") or "",
        action_area=filters.get("action_area") or "",
        year_from=filters.get("year_from"),
        year_to=filters.get("year_to"),
    )
    return form, found


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    _require(request, "partnerships.view_agreements")
    form, found = _filtered(request)
    listed = found.select_related("amends").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.only("pk", "name").order_by("name")),
        "regions",
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query_string": request.GET.urlencode(),
        "may_import": request.user.has_perm("partnerships.manage_agreements"),
    }
    return render(request, "partnerships/agreement_list.html", context)


@login_required
def agreement_detail(request: HttpRequest, reference: str) -> HttpResponse:
    _require(request, "partnerships.view_agreements")
    agreement = (
        Agreement.objects.select_related("amends")
        .prefetch_related("partners", "regions", "countries", "action_areas", "documents")
        .filter(reference=reference)
        .first()
    )
    if agreement is None:
        raise Http404
    context = {
        "agreement": agreement,
        "amendments": agreement.amendments.order_by("signed_on", "reference"),
        "may_manage": request.user.has_perm("partnerships.manage_agreements"),
    }
    return render(request, "partnerships/agreement_detail.html", context)


@login_required
def agreement_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The filtered list in the import's columns: CSV streamed line by line, or XLSX."""
    _require(request, "partnerships.view_agreements")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    _form, found = _filtered(request)
    name = f"agreements-{timezone.localdate().isoformat()}.{file_format}"
    response: HttpResponseBase
    if file_format == "csv":
        response = StreamingHttpResponse(exports.agreements_csv_lines(found), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.agreements_xlsx(found),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agreement_import(request: HttpRequest) -> HttpResponse:
    """Create or update agreements from a file: all rows or none; every bad cell is listed."""
    _require(request, "partnerships.manage_agreements")
    form = AgreementFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_agreements(actor=request.user, file_name=upload.name, content=upload.read())
        if report.ok:
            message = gettext(
                "The file was imported: %(created)s agreements created, %(updated)s updated, %(unchanged)s "
                "unchanged; %(partners)s partners created."
            ) % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "partners": report.partners_created,
            }
            messages.success(request, message)
            return redirect("partnerships:agreement_list")
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, "partnerships/agreement_import.html", {"form": form, "report": report}, status=status)


urlpatterns: list[URLPattern] = [
    path("agreements/", agreement_list, name="agreement_list"),
    path("agreements/import/", agreement_import, name="agreement_import"),
    path("agreements/export.<str:file_format>", agreement_export, name="agreement_export"),
    path("agreements/<path:reference>/", agreement_detail, name="agreement_detail"),
]
