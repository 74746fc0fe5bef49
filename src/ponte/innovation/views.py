"""Pages of the innovation app: the index of assessed countries, a country's digital-innovation profile (and its
PDF), an assessment's page, and the pages where the secretariat and certified national experts write, publish and
withdraw assessments.

Thin: parse the input, ask ``rules``, call one service or selector, render. Refused input answers 400 with the
errors at the form and saves nothing. A draft is "not found" for those who may not see it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.core.actions import require_request
from ponte.core.models import Country
from ponte.core.rules import scopes_of
from ponte.experts.rules import certified_countries
from ponte.experts.views import add_errors
from ponte.innovation import exports, selectors, services
from ponte.innovation.forms import AssessmentForm, RegionFilterForm, UnpublishForm
from ponte.innovation.models import Assessment


def _country(alpha3: str) -> Country:
    try:
        return selectors.country_by_alpha3(alpha3)
    except Country.DoesNotExist as error:
        raise Http404 from error


def _visible(request: HttpRequest, pk: int) -> Assessment:
    try:
        assessment = selectors.assessment_detail(pk=pk)
    except Assessment.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("innovation.view_assessment", assessment):
        raise Http404
    return assessment


def _countries_for(request: HttpRequest) -> QuerySet[Country]:
    """The countries the account may assess: any for the secretariat, its own for a certified expert."""
    countries = Country.objects.order_by("name")
    if scopes_of(request.user).secretariat:
        return countries
    return countries.filter(code__in=certified_countries(request.user))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Countries with a published assessment, and the drafts the reader may work on."""
    form = RegionFilterForm(request.GET or None)
    context = {
        "form": form,
        "countries": selectors.assessed_countries(region=form.chosen_region()),
        "pillars": selectors.pillars(),
        "drafts": selectors.drafts_for(request.user) if request.user.is_authenticated else [],
        "may_add": request.user.has_perm("innovation.add_assessment"),
    }
    return render(request, "innovation/index.html", context)


@require_GET
def profile(request: HttpRequest, alpha3: str) -> HttpResponse:
    """A country's digital-innovation profile: its latest published scores beside its region and income peers."""
    require_request(request, "innovation.view_profile")
    country = _country(alpha3)
    if alpha3 != country.alpha3:
        return redirect("innovation:profile", alpha3=country.alpha3)
    context = exports.profile_context(selectors.profile(country))
    context["may_add"] = request.user.has_perm("innovation.add_assessment", country)
    return render(request, "innovation/profile.html", context)


@require_GET
def profile_pdf(request: HttpRequest, alpha3: str) -> HttpResponse:
    """The profile as a PDF in the page's language."""
    require_request(request, "innovation.view_profile")
    country = _country(alpha3)
    response = HttpResponse(exports.profile_pdf(selectors.profile(country)), content_type="application/pdf")
    name = f"digital-innovation-profile-{country.alpha3.lower()}-{get_language()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment: its scores with their evidence, its summary, who led it; and what the reader may do."""
    assessment = _visible(request, pk)
    return _detail(request, assessment)


def _detail(request: HttpRequest, assessment: Assessment, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    context = {
        "assessment": assessment,
        "lead_name": selectors.lead_name(assessment),
        "may_change": user.has_perm("innovation.change_assessment", assessment),
        "may_publish": not assessment.is_published and user.has_perm("innovation.publish_assessment", assessment),
        "may_unpublish": assessment.is_published and user.has_perm("innovation.unpublish_assessment", assessment),
        "can_see_history": user.has_perm("core.view_history"),
        "unpublish_form": extra.pop("unpublish_form", None) or UnpublishForm(),
        **extra,
    }
    return render(request, "innovation/assessment_detail.html", context, status=status)


def _form(request: HttpRequest, **kwargs: Any) -> AssessmentForm:
    return AssessmentForm(
        request.POST or None,
        pillars=selectors.pillars(),
        countries=_countries_for(request),
        may_lead_any=request.user.has_perm("innovation.lead_any_assessment"),
        **kwargs,
    )


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    """Start an assessment (a draft): the secretariat for any country, a certified expert for its own."""
    require_request(request, "innovation.add_assessment")
    chosen = request.GET.get("country", "")
    form = _form(request, initial={"country": chosen.upper()} if chosen else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.create_assessment(
                actor=request.user, country=form.cleaned_data["country"], **form.service_arguments()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The assessment was saved as a draft. Publish it when every pillar is scored."))
            return redirect(assessment)
    status = 400 if form.errors else 200
    return render(request, "innovation/assessment_form.html", {"form": form, "assessment": None}, status=status)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    require_request(request, "innovation.change_assessment", assessment)
    form = _form(request, initial=AssessmentForm.initial_of(assessment))
    form.fields["country"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_assessment(actor=request.user, assessment=assessment, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(assessment)
    status = 400 if form.errors else 200
    return render(request, "innovation/assessment_form.html", {"form": form, "assessment": assessment}, status=status)


@login_required
@require_POST
def assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    require_request(request, "innovation.publish_assessment", assessment)
    try:
        services.publish_assessment(actor=request.user, assessment=assessment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _detail(request, selectors.assessment_detail(pk=pk), status=400)
    messages.success(request, _("The assessment is published: the country's profile shows it."))
    return redirect(assessment)


@login_required
@require_POST
def assessment_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    require_request(request, "innovation.unpublish_assessment", assessment)
    form = UnpublishForm(request.POST)
    if form.is_valid():
        try:
            services.unpublish_assessment(actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The assessment was withdrawn: it is a draft again."))
            return redirect(assessment)
    return _detail(request, assessment, status=400, unpublish_form=form)
