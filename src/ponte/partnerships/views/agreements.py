"""The secretariat's pages of partnership agreements: the list with filters, an agreement's page, the filtered list
as CSV or XLSX (the import's columns), and the import of a file (all rows or none, the report per bad cell).

The filter form and the list's query live here while ``partnerships/forms.py`` and ``selectors.py`` are other
people's work in progress; they move there as they stand.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.actions import require_request as _require
from ponte.partnerships import exports
from ponte.partnerships.importers import import_agreements
from ponte.partnerships.models import ActionArea, Agreement, AgreementType, BeneficiaryRegion, Partner

PAGE_SIZE = 25
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # 200,000 rows of an agreements file
FIRST_YEAR, LAST_YEAR = 1990, 2100


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or title"), required=False, max_length=100)
    partner = forms.CharField(label=_("Partner"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False)
    region = forms.ChoiceField(label=_("Beneficiary region"), required=False)
    action_area = forms.ChoiceField(label=_("Action area"), required=False)
    year_from = forms.IntegerField(
        label=_("Signed from (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("Signed until (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["type"], [("", _("All types")), *AgreementType.choices])
        regions = [(region.code, f"{region.name} ({region.code})") for region in BeneficiaryRegion.objects.all()]
        _set_choices(self.fields["region"], [("", _("All regions")), *regions])
        areas = [(area.code, area.name) for area in ActionArea.objects.all()]
        _set_choices(self.fields["action_area"], [("", _("All action areas")), *areas])


class AgreementFileForm(forms.Form):
    file = forms.FileField(
        label=_("Agreements file (CSV or XLSX)"),
        help_text=_(
            "Columns: reference, type, title, partner, partner_kind, signed_on (YYYY-MM-DD), value, currency, "
            "value_usd, regions, countries (ISO alpha-3), action_areas, amends. Separate several values with ;."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="type")
        if upload.size > MAX_UPLOAD_BYTES:
            message = _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            raise forms.ValidationError(message, code="size")
        return upload


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one above
    field.choices = choices


def agreements_matching(
    *,
    query: str = "",
    partner: str = "",
    type: str = "",
    region: str = "",
    action_area: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[Agreement]:
    """The agreements (and amendments) that pass the filters, newest first; each once, whatever it links to."""
    found = Agreement.objects.all()
    if query:
        title = build_localized_fieldname("title", _language())
        found = found.filter(
            Q(reference__icontains=query) | Q(title_en__icontains=query) | Q(**{f"{title}__icontains": query})
        )
    links = {
        "partners": ("partner__name__icontains", partner),
        "regions": ("beneficiaryregion__code", region),
        "action_areas": ("actionarea__code", action_area),
    }
    for name, (lookup, value) in links.items():
        if value:
            through = getattr(Agreement, name).through
            found = found.filter(Exists(through.objects.filter(agreement_id=OuterRef("pk"), **{lookup: value})))
    if type:
        found = found.filter(type=type)
    if year_from is not None:
        found = found.filter(signed_on__gte=datetime.date(year_from, 1, 1))
    if year_to is not None:
        found = found.filter(signed_on__lte=datetime.date(year_to, 12, 31))
    return found.order_by("-signed_on", "reference")


def _language() -> str:
    return (get_language() or "en").replace("-", "_")


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
