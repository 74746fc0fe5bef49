"""Pages of the core app: thin, every one asks ``rules`` before showing or changing anything."""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core import selectors, services
from ponte.core.actions import require_request as _require
from ponte.core.forms import OrganisationForm, OrganisationRegistrationForm, ProfileForm, StaffMemberForm
from ponte.core.models import (
    Affiliation,
    Country,
    Group,
    Organisation,
    OrganisationCategory,
    Person,
    Region,
    User,
)
from ponte.core.rules import scopes_of

PAGE_SIZE = 25


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``login_required``: its user is an account."""

    user: User


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/home.html", {"numbers": selectors.platform_numbers(), "fees": selectors.programme_fees()}
    )


def take_part(request: HttpRequest) -> HttpResponse:
    """How an SME (or a university, or a company) takes part: the paths, the steps, the questions people ask."""
    return render(
        request, "core/take_part.html", {"numbers": selectors.platform_numbers(), "fees": selectors.programme_fees()}
    )


@login_required
def organisation_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record the organisation one works for, and become its representative, to apply for it next."""
    if not request.user.has_perm("core.register_organisation"):
        messages.info(request, _("You already represent an organisation: apply for it from your programme page."))
        return redirect("membership:my_programme")
    form = OrganisationRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.register_own_organisation(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is recorded and you are its representative. Now tell your administration what it wants.")
                % {"name": organisation.name},
            )
            return redirect("membership:application_start", organisation_pk=organisation.pk)
    return render(request, "core/organisation_register.html", {"form": form})


def organisation_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    filters = {
        "query": request.GET.get("q", "").strip(),
        "category": category if category in OrganisationCategory.values else "",
        "country": request.GET.get("country", "")[:2],
    }
    # The secretariat and focal points may also list what awaits their confirmation (``Organisation.listed``).
    may_confirm = request.user.has_perm("core.add_organisation")
    awaiting = may_confirm and request.GET.get("awaiting") == "1"
    organisations = selectors.organisation_list(
        query=filters["query"], category=filters["category"], country=filters["country"], listed=not awaiting
    )
    if awaiting:
        organisations = selectors.awaiting_confirmation(organisations, user=request.user)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/organisation_list.html",
        {
            "page": page,
            "filters": filters,
            "awaiting": awaiting,
            "may_confirm": may_confirm,
            "categories": OrganisationCategory.choices,
            # EXISTS per country, not DISTINCT over every organisation (a fifth of a second at 50,000).
            "countries": Country.objects.filter(Exists(Organisation.objects.filter(country=OuterRef("pk")))),
            "can_add": may_confirm,
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = selectors.organisation_detail(pk=pk, with_staff=False)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    user = request.user
    if not user.has_perm("core.view_organisation", organisation):
        raise Http404  # not listed yet: as if it did not exist, for all but those accountable for it
    show_details = user.has_perm("core.view_organisation_details", organisation)
    if show_details:  # its people, only for those who see them
        organisation.current_affiliations = selectors.current_staff(organisation)  # type: ignore[attr-defined]
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "can_confirm": user.has_perm("core.confirm_organisation", organisation),
            "show_details": show_details,
            "can_change": user.has_perm("core.change_organisation", organisation),
            "can_see_history": user.has_perm("core.view_history"),
        },
    )


@require_POST
@login_required
def organisation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Vouch for an organisation its own people recorded: it is listed publicly from now on."""
    organisation = get_object_or_404(Organisation, pk=pk)
    _require(request, "core.confirm_organisation", organisation)
    services.confirm_organisation(actor=request.user, organisation=organisation)
    messages.success(request, _("%(name)s is confirmed and listed publicly.") % {"name": organisation.name})
    return redirect(organisation)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    _require(request, "core.add_organisation")
    countries = scopes_of(request.user).countries
    form = OrganisationForm(request.POST or None, user=request.user, focal_countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation was recorded."))
            return redirect(organisation)
    return render(request, "core/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    _require(request, "core.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The form must not save: the service decides and keeps history.
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        organisation.refresh_from_db()
        try:
            services.update_organisation(actor=request.user, organisation=organisation, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(organisation)
    return render(request, "core/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def staff_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add someone to an organisation's staff (its representative, focal point or the secretariat)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    _require(request, "core.change_organisation", organisation)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_staff_member(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person was added to the organisation."))
            return redirect(organisation)
    return render(request, "core/staff_member_form.html", {"form": form, "organisation": organisation})


@login_required
def affiliation_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End someone's affiliation (POST only); the record stays."""
    affiliation = get_object_or_404(Affiliation.objects.select_related("organisation", "person"), pk=pk)
    _require(request, "core.change_organisation", affiliation.organisation)
    if request.method != "POST":
        return redirect(affiliation.organisation)
    services.end_affiliation(actor=request.user, affiliation=affiliation)
    messages.success(
        request,
        _("%(person)s no longer works for %(organisation)s.")
        % {"person": affiliation.person.full_name, "organisation": affiliation.organisation.name},
    )
    return redirect(affiliation.organisation)


def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/group_list.html", {"groups": selectors.group_list()})


def group_detail(request: HttpRequest, sector: str, code: str) -> HttpResponse:
    try:
        group = selectors.group_detail(sector=sector, code=code)
    except Group.DoesNotExist as exc:
        raise Http404 from exc
    # In pages, as the organisations' list: a study group has well over a thousand, and rendering them all took
    # a second.
    page = Paginator(selectors.organisation_list(group=group), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/group_detail.html", {"group": group, "organisations": page.object_list, "page": page})


def country_list(request: HttpRequest) -> HttpResponse:
    region = request.GET.get("region", "") if request.GET.get("region") in Region else ""
    classification = request.GET.get("classification", "")
    return render(
        request,
        "core/country_list.html",
        {
            "countries": selectors.country_list(region=region, classification=classification),
            "regions": Region.choices,
            "region": region,
            "classification": classification,
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("country"), pk=pk)
    _require(request, "core.view_person", person)
    affiliations = Affiliation.objects.filter(person=person).select_related("organisation")
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "affiliations": affiliations,
            "can_see_history": request.user.has_perm("core.view_history"),
        },
    )


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My account: my profile, my roles and links to sign-in settings."""
    person = services.ensure_person_for_user(user=request.user)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        person.refresh_from_db()
        services.update_person(actor=request.user, person=person, **fields)
        messages.success(request, _("Your profile was saved."))
        return redirect("core:account")
    return render(
        request,
        "core/account.html",
        {
            "form": form,
            "person": person,
            "roles": selectors.roles_of(user=request.user),
            "affiliations": Affiliation.objects.filter(person=person).select_related("organisation"),
        },
    )


def _history_models() -> dict[str, type[Any]]:
    """Ponte's domain models that keep history, by model name (organisation, application…)."""
    return {
        model._meta.model_name or "": model
        for model in django_apps.get_models()
        if model.__module__.startswith("ponte.") and hasattr(model, "history")
    }


@login_required
def history(request: HttpRequest, model: str, pk: str) -> HttpResponse:
    """Every change of a domain record: who, when, before and after (secretariat only)."""
    _require(request, "core.view_history")
    model_class = _history_models().get(model)
    if model_class is None:
        raise Http404
    instance = get_object_or_404(model_class, pk=pk)
    return render(
        request,
        "core/history.html",
        {"instance": instance, "entries": selectors.history_of(instance), "model_name": model_class._meta.verbose_name},
    )
