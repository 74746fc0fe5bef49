"""Pages of the experts app: the public index (headline counts and workshops), a workshop's page, the registry of
certified experts and the verification form; the secretariat's pages to record workshops and participants and to
issue and revoke certificates.

Thin: parse the input, ask ``rules``, call one service or selector, render. Refused input answers 400 with the
errors at the form and saves nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.core.actions import require_request
from ponte.experts import selectors, services
from ponte.experts.forms import (
    CertificateFilterForm,
    CertificateForm,
    KnownParticipantForm,
    NewParticipantForm,
    RegistryFilterForm,
    RevokeForm,
    VerifyForm,
    WorkshopForm,
)
from ponte.experts.models import Certificate, Participation, Workshop

PER_PAGE = 50


def add_errors(form: Any, error: ValidationError) -> None:
    """A service's errors at the form's fields, the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- Public pages -----------------------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The programme in figures, and every workshop."""
    context = {
        "headline": selectors.headline(),
        "workshops": selectors.workshop_list(),
        "may_manage": request.user.has_perm("experts.manage_workshops"),
        "may_see_certificates": request.user.has_perm("experts.view_certificates"),
    }
    return render(request, "experts/index.html", context)


def _workshop_page(request: HttpRequest, workshop: Workshop, status: int = 200, **forms: Any) -> HttpResponse:
    may_see = request.user.has_perm("experts.view_participants")
    context = {
        "workshop": workshop,
        "by_country": selectors.participants_by_country(workshop),
        "participations": selectors.participations_of(workshop) if may_see else None,
        "may_manage": request.user.has_perm("experts.manage_workshops"),
        "may_certify": request.user.has_perm("experts.manage_certificates"),
        "can_see_history": request.user.has_perm("core.view_history"),
        "known_form": forms.get("known_form") or KnownParticipantForm(prefix="known"),
        "new_form": forms.get("new_form") or NewParticipantForm(prefix="new"),
    }
    return render(request, "experts/workshop_detail.html", context, status=status)


@require_GET
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A workshop: when, where, with whom, how many from which countries (names for the secretariat)."""
    require_request(request, "experts.view_workshops")
    try:
        workshop = selectors.workshop_detail(pk=pk)
    except Workshop.DoesNotExist as error:
        raise Http404 from error
    return _workshop_page(request, workshop)


@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    """The experts whose certificate is valid today: name, country, number, valid until (nothing else)."""
    require_request(request, "experts.view_registry")
    form = RegistryFilterForm(request.GET or None)
    filters = form.filters()
    found = selectors.registry(country=filters.get("country", ""), text=filters.get("text", ""))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "experts/registry.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Is this certificate valid? valid, expired, revoked, not yet valid or unknown, and nothing more."""
    require_request(request, "experts.verify_certificate")
    form = VerifyForm(request.GET if "number" in request.GET else None)
    result = selectors.verify(form.cleaned_data["number"]) if form.is_bound and form.is_valid() else None
    response = render(request, "experts/verify.html", {"form": form, "result": result})
    response["Cache-Control"] = "no-store"
    return response


# --- The secretariat's pages ------------------------------------------------------------------------------------


@login_required
def workshop_create(request: HttpRequest) -> HttpResponse:
    require_request(request, "experts.manage_workshops")
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.create_workshop(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The workshop was recorded. Add its participants below."))
            return redirect(workshop)
    status = 400 if form.errors else 200
    return render(request, "experts/workshop_form.html", {"form": form, "workshop": None}, status=status)


@login_required
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "experts.manage_workshops")
    workshop = get_object_or_404(Workshop, pk=pk)
    form = WorkshopForm(request.POST or None, initial=WorkshopForm.initial_of(workshop))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workshop(actor=request.user, workshop=workshop, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect(workshop)
    status = 400 if form.errors else 200
    return render(request, "experts/workshop_form.html", {"form": form, "workshop": workshop}, status=status)


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a participant: a person on record (by email) or a new person."""
    require_request(request, "experts.manage_workshops")
    workshop = get_object_or_404(Workshop, pk=pk)
    if "new-given_name" in request.POST:
        new_form = NewParticipantForm(request.POST, prefix="new")
        if new_form.is_valid():
            try:
                services.add_new_participant(actor=request.user, workshop=workshop, **new_form.cleaned_data)
            except ValidationError as error:
                add_errors(new_form, error)
            else:
                messages.success(request, _("The participant was added."))
                return redirect(workshop)
        return _workshop_page(request, selectors.workshop_detail(pk=pk), status=400, new_form=new_form)
    known_form = KnownParticipantForm(request.POST, prefix="known")
    if known_form.is_valid():
        data = known_form.cleaned_data
        try:
            services.add_participant(
                actor=request.user,
                workshop=workshop,
                person=data["email"],
                country=data["country"],
                trained=data["trained"],
            )
        except ValidationError as error:
            add_errors(known_form, error)
        else:
            messages.success(request, _("The participant was added."))
            return redirect(workshop)
    return _workshop_page(request, selectors.workshop_detail(pk=pk), status=400, known_form=known_form)


@login_required
@require_POST
def participant_trained(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a participant as trained, or undo it."""
    require_request(request, "experts.manage_workshops")
    participation = get_object_or_404(Participation.objects.select_related("workshop", "person"), pk=pk)
    try:
        services.set_trained(
            actor=request.user, participation=participation, trained=request.POST.get("trained") == "1"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s was updated.") % {"name": participation.person.full_name})
    return redirect(participation.workshop)


@login_required
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Certify a participant trained at the workshop."""
    require_request(request, "experts.manage_certificates")
    participation = get_object_or_404(Participation.objects.select_related("workshop", "person__country"), pk=pk)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.issue_certificate(
                actor=request.user, person=participation.person, workshop=participation.workshop, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Certificate %(number)s was issued.") % {"number": certificate.number})
            return redirect(certificate)
    status = 400 if form.errors else 200
    context = {"form": form, "participation": participation}
    return render(request, "experts/certificate_issue.html", context, status=status)


@login_required
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    """Every certificate, whatever its status, with the people trained but not certified yet."""
    require_request(request, "experts.view_certificates")
    form = CertificateFilterForm(request.GET or None)
    page = Paginator(selectors.certificate_list(**form.filters()), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "waiting": selectors.trained_people_without_certificate(),
    }
    return render(request, "experts/certificate_list.html", context)


@login_required
def certificate_detail(request: HttpRequest, number: str) -> HttpResponse:
    """A certificate's full record and the form to revoke it (secretariat)."""
    require_request(request, "experts.view_certificates")
    certificate = get_object_or_404(
        Certificate.objects.select_related("person__country", "workshop", "issued_by", "revoked_by"), number=number
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        require_request(request, "experts.manage_certificates")
        if form.is_valid():
            try:
                services.revoke_certificate(actor=request.user, certificate=certificate, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Certificate %(number)s was revoked.") % {"number": certificate.number})
                return redirect(certificate)
    status = 400 if form.errors else 200
    context = {
        "certificate": certificate,
        "form": form,
        "may_revoke": request.user.has_perm("experts.manage_certificates") and certificate.revoked_on is None,
        "can_see_history": request.user.has_perm("core.view_history"),
    }
    return render(request, "experts/certificate_detail.html", context, status=status)
