"""Pages of the SME programme: applying, national approval, the status report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.models import Country, Organisation
from ponte.membership import selectors, services
from ponte.membership.exports import report_csv, report_pdf, report_xlsx
from ponte.membership.fees import Simulation, simulate
from ponte.membership.forms import (
    ApplicationForm,
    BatchUploadForm,
    DocumentForm,
    RejectionForm,
    SimulationForm,
    SmeDefinitionForm,
)
from ponte.membership.importers import import_sme_batch
from ponte.membership.models import (
    Application,
    ApplicationDocument,
    ApplicationState,
    FeeScenario,
    FeeSchedule,
    NationalSmeDefinition,
)
from ponte.membership.rights import RIGHT_LABELS, rights_of
from ponte.membership.views._common import _require


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in ApplicationState.values else ""
    applications = selectors.applications_for(user=request.user, state=state)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "membership/application_list.html",
        {"page": page, "state": state, "states": ApplicationState.choices},
    )


@login_required
def application_start(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """A representative applies for its organisation (a draft, submitted on the next page)."""
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    _require(request, "membership.change_application", Application(organisation=organisation))
    form = ApplicationForm(request.POST or None, initial={"employee_count": organisation.employee_count})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your draft was saved. Check it, then submit it to your administration."))
            return redirect(application)
    return render(request, "membership/application_form.html", {"form": form, "organisation": organisation})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = selectors.application_detail(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    _require(request, "membership.view_application", application)
    return render(request, "membership/application_detail.html", _detail_context(request, application))


def _detail_context(request: HttpRequest, application: Application, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "application": application,
        "check": selectors.sme_check(application),
        "can_submit": application.state == ApplicationState.DRAFT
        and user.has_perm("membership.change_application", application),
        "can_decide": application.state == ApplicationState.SUBMITTED
        and user.has_perm("membership.decide_application", application),
        "rejection_form": RejectionForm(),
        "rights": [RIGHT_LABELS[right] for right in sorted(rights_of(application.organisation))],
        "can_see_history": user.has_perm("core.view_history"),
        "documents": application.documents.filter(is_withdrawn=False),
        "document_form": DocumentForm() if can_add_documents(user, application) else None,
        **extra,
    }


def can_add_documents(user: Any, application: Application) -> bool:
    open_states = (ApplicationState.INTERESTED, ApplicationState.DRAFT, ApplicationState.SUBMITTED)
    return application.state in open_states and user.has_perm("membership.change_application", application)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    _require(request, "membership.change_application", application)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(
                actor=request.user,
                application=application,
                title=form.cleaned_data["title"],
                upload=request.FILES["file"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        detail = selectors.application_detail(pk=pk)
        context = _detail_context(request, detail, document_form=form)
        return render(request, "membership/application_detail.html", context, status=400)
    messages.success(request, _("The document was added."))
    return redirect(application)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a supporting document to those who may see its application, and to nobody else."""
    document = get_object_or_404(ApplicationDocument.objects.select_related("application__organisation"), pk=pk)
    _require(request, "membership.view_application", document.application)
    if document.is_withdrawn:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"document-{document.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    _require(request, "membership.view_application", application)
    try:
        services.submit_application(actor=request.user, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application was sent to your national administration."))
    return redirect(application)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject (with a reason); only the focal point of the applicant's country may."""
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    _require(request, "membership.decide_application", application)
    try:
        if request.POST.get("decision") == "approve":
            services.approve_application(actor=request.user, application=application)
            messages.success(request, _("The application was approved."))
        else:
            form = RejectionForm(request.POST)
            if not form.is_valid():
                detail = selectors.application_detail(pk=pk)
                context = _detail_context(request, detail, rejection_form=form)
                return render(request, "membership/application_detail.html", context, status=400)
            services.reject_application(
                actor=request.user, application=application, reason=form.cleaned_data["rejection_reason"]
            )
            messages.success(request, _("The application was rejected; the applicant is told why."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(application)


@login_required
def sme_definition_edit(request: HttpRequest, country: str) -> HttpResponse:
    """The focal point keeps its country's national SME definition."""
    country_obj = get_object_or_404(Country, code=country.upper())
    definition = NationalSmeDefinition.objects.filter(country=country_obj).first() or NationalSmeDefinition(
        country=country_obj
    )
    _require(request, "membership.change_nationalsmedefinition", definition)
    form = SmeDefinitionForm(request.POST or None, instance=definition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.set_sme_definition(actor=request.user, country=country_obj, **data)
        messages.success(request, _("The national SME definition was saved."))
        return redirect("membership:sme_definition_edit", country=country_obj.code)
    return render(request, "membership/sme_definition_form.html", {"form": form, "country": country_obj})


@login_required
def batch_upload(request: HttpRequest, association_pk: int) -> HttpResponse:
    """An SME association submits its member SMEs from a file: all rows or none, with a report per row."""
    association = get_object_or_404(Organisation, pk=association_pk)
    _require(request, "membership.endorse_for", association)
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_sme_batch(
            actor=request.user, association=association, file_name=upload.name, content=upload.read()
        )
        if report.ok:
            messages.success(
                request,
                _("%(count)s applications were submitted and endorsed by %(association)s.")
                % {"count": report.created, "association": association.name},
            )
            return redirect("membership:application_list")
    status = 400 if report and not report.ok else 200
    context = {"form": form, "association": association, "report": report}
    return render(request, "membership/batch_upload.html", context, status=status)


def report(request: HttpRequest) -> HttpResponse:
    return render(request, "membership/sme_report.html", {"report": selectors.sme_report()})


REPORT_FORMATS = {
    "csv": (report_csv, "text/csv; charset=utf-8"),
    "xlsx": (report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (report_pdf, "application/pdf"),
}


def report_download(request: HttpRequest, file_format: str) -> HttpResponse:
    """The status report as CSV, XLSX or PDF, in the language of the page (public aggregates and annex)."""
    if file_format not in REPORT_FORMATS:
        raise Http404
    render_file, content_type = REPORT_FORMATS[file_format]
    response = HttpResponse(render_file(selectors.sme_report()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sme-report-{get_language()}.{file_format}"'
    return response


@login_required
def fee_simulator(request: HttpRequest) -> HttpResponse:
    """Try an SME fee policy against this year's members; save it to compare with others (secretariat)."""
    _require(request, "membership.simulate_fees")
    schedules = {schedule.year: schedule for schedule in FeeSchedule.objects.all()}
    if not schedules:
        raise Http404
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = SimulationForm(data, years=sorted(schedules, reverse=True), initial={"year": max(schedules)})
    result: Simulation | None = None
    if form.is_bound and form.is_valid():
        values = form.cleaned_data
        result = simulate(
            schedule=schedules[values["year"]],
            threshold=values["threshold"],
            sme_fee=values["sme_fee"],
            existing_may_switch=values["existing_may_switch"],
        )
        if request.method == "POST" and values["name"]:
            services.save_fee_scenario(
                actor=request.user,
                name=values["name"],
                year=values["year"],
                employee_threshold=values["threshold"],
                sme_fee=values["sme_fee"],
                existing_may_switch=values["existing_may_switch"],
            )
            messages.success(request, _("The scenario was saved."))
            return redirect("membership:fee_simulator")
    compared = [
        (
            scenario,
            simulate(
                schedule=schedules[scenario.year],
                threshold=scenario.employee_threshold,
                sme_fee=scenario.sme_fee,
                existing_may_switch=scenario.existing_may_switch,
            ),
        )
        for scenario in FeeScenario.objects.filter(year__in=schedules)[:8]
    ]
    return render(
        request,
        "membership/fee_simulator.html",
        {"form": form, "result": result, "compared": compared, "chart": _revenue_chart(result, compared)},
    )


def _revenue_chart(result: Simulation | None, compared: list[tuple[FeeScenario, Simulation]]) -> dict[str, Any]:
    """Columns of yearly revenue: now, this simulation and each saved scenario."""
    bars: list[tuple[str, Any]] = []
    base = result or (compared[0][1] if compared else None)
    if base is None:
        return {"bars": []}
    bars.append((_("Today"), base.current_revenue))
    if result is not None:
        bars.append((_("This simulation"), result.new_revenue))
    bars.extend((scenario.name, simulation.new_revenue) for scenario, simulation in compared)
    top = max(value for _label, value in bars) or 1
    slot = 100 / len(bars)
    chart_bars = []
    for index, (label, value) in enumerate(bars):
        height = float(value / top) * 55  # of a 60-unit-high drawing
        # Plain strings: SVG numbers must not be localised (1,5 in French).
        chart_bars.append(
            {
                "label": label,
                "value": value,
                "x": f"{index * slot + slot * 0.15:.2f}",
                "y": f"{60 - height:.2f}",
                "width": f"{slot * 0.7:.2f}",
                "height": f"{height:.2f}",
            }
        )
    return {"bars": chart_bars}


@login_required
def my_programme(request: HttpRequest) -> HttpResponse:
    """For each organisation the user represents: where it stands, what it may do, its invoices, what next."""
    return render(request, "membership/my_programme.html", {"journeys": selectors.journeys_for(user=request.user)})
