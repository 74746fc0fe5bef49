"""Pages of the partner-opportunity platform: the public list and pages, a representative's "My opportunities",
and the secretariat's pages to write, publish, close and follow opportunities.

Thin: parse the input, ask ``rules``, call one service or selector, render. Refused input answers 400 with the
errors at the form and saves nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from modeltranslation.utils import build_localized_fieldname

from ponte.core.actions import require_request
from ponte.core.exports import csv_cell
from ponte.opportunities import selectors, services
from ponte.opportunities.forms import (
    FocusForm,
    InterestForm,
    OpportunityFilterForm,
    OpportunityForm,
    PitchDocumentForm,
    StateFilterForm,
    html_lang,
)
from ponte.opportunities.models import Interest, Opportunity, PitchDocument

PER_PAGE = 20


def _visible(request: HttpRequest, pk: int) -> Opportunity:
    """The opportunity if the reader may see it; a draft is "not found" for everyone but the secretariat."""
    try:
        opportunity = selectors.opportunity_detail(pk=pk)
    except Opportunity.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("opportunities.view_opportunity", opportunity):
        raise Http404
    return opportunity


def _form_errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Public pages -----------------------------------------------------------------------------------------------


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    """Published opportunities, newest first, filtered by action area, region, kind and title."""
    form = OpportunityFilterForm(request.GET or None)
    found = selectors.published_opportunities(**form.filters())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "is_representative": bool(selectors.represented_organisations(user=request.user)),
        "may_manage": request.user.has_perm("opportunities.manage_opportunities"),
    }
    return render(request, "opportunities/opportunity_list.html", context)


def _detail_context(request: HttpRequest, opportunity: Opportunity, **extra: Any) -> dict[str, Any]:
    organisations = selectors.represented_organisations(user=request.user)
    interests = selectors.interests_of(organisations=organisations)
    standing = [interests[org.pk][opportunity.pk] for org in organisations if opportunity.pk in interests[org.pk]]
    free = [org for org in organisations if opportunity.pk not in interests[org.pk]]
    interest_form = extra.pop("interest_form", None)
    if interest_form is None and free and opportunity.is_open:
        interest_form = InterestForm(organisations=free)
    return {
        "opportunity": opportunity,
        "other_languages": _other_languages(request, opportunity),
        "documents": (
            opportunity.documents.all()
            if request.user.has_perm("opportunities.view_pitch_documents", opportunity)
            else None
        ),
        "standing_interests": standing,
        "interest_form": interest_form,
        "is_representative": bool(organisations),
        "may_manage": request.user.has_perm("opportunities.manage_opportunities"),
        **extra,
    }


def _other_languages(request: HttpRequest, opportunity: Opportunity) -> list[dict[str, str]]:
    """The other languages the opportunity is written in, each with the page's address in that language."""
    current = get_language()
    found = []
    for code, _name in settings.LANGUAGES:
        if code != current and getattr(opportunity, build_localized_fieldname("summary", code), None):
            info = get_language_info(code)
            found.append(
                {"code": html_lang(code), "name": info["name_local"], "url": translate_url(request.path, code)}
            )
    return found


@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An opportunity in the reader's language, with its pitch documents for signed-in readers."""
    opportunity = _visible(request, pk)
    return render(request, "opportunities/opportunity_detail.html", _detail_context(request, opportunity))


@login_required
@require_POST
def interest_express(request: HttpRequest, pk: int) -> HttpResponse:
    """A representative tells the secretariat its organisation is interested."""
    opportunity = _visible(request, pk)
    organisations = selectors.represented_organisations(user=request.user)
    chosen = next((org for org in organisations if str(org.pk) == request.POST.get("organisation")), None)
    # Acting for an organisation one does not represent is refused, not merely an invalid choice.
    require_request(request, "opportunities.act_for_organisation", chosen)
    form = InterestForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            services.express_interest(
                actor=request.user,
                opportunity=opportunity,
                organisation=form.chosen_organisation(),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Your interest was sent to the secretariat. They will contact you about the next steps."),
            )
            return redirect(opportunity)
    context = _detail_context(request, opportunity, interest_form=form)
    return render(request, "opportunities/opportunity_detail.html", context, status=400)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_object_or_404(Interest.objects.select_related("organisation", "opportunity"), pk=pk)
    require_request(request, "opportunities.withdraw_interest", interest)
    try:
        services.withdraw_interest(actor=request.user, interest=interest)
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    else:
        messages.success(request, _("The interest was withdrawn."))
    target = request.POST.get("next", "")
    if target == "mine":
        return redirect(f"{reverse('opportunities:mine')}?organisation={interest.organisation_id}")
    return redirect(interest.opportunity)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A pitch document, for those who may read it and nobody else; never shown inline."""
    document = get_object_or_404(PitchDocument.objects.select_related("opportunity"), pk=pk)
    require_request(request, "opportunities.view_pitch_documents", document.opportunity)
    name = f"{slugify(document.title) or 'document'}-{document.pk}.{document.extension}"
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- My opportunities -------------------------------------------------------------------------------------------


@login_required
def my_opportunities(request: HttpRequest) -> HttpResponse:
    """A representative's focus, the opportunities recommended for it with the reason, and its interests."""
    organisations = selectors.represented_organisations(user=request.user)
    if not organisations:
        if request.method == "POST":
            require_request(request, "opportunities.act_for_organisation", None)
        return render(request, "opportunities/mine.html", {"organisation": None})
    chosen = request.POST.get("organisation") if request.method == "POST" else request.GET.get("organisation")
    found = next((org for org in organisations if str(org.pk) == chosen), None)
    if found is None and request.method == "POST":
        # A focus is only ever saved for an organisation the account represents, never another one by default.
        require_request(request, "opportunities.act_for_organisation", None)
    organisation = found or organisations[0]
    focus = selectors.focus_of(organisation=organisation)
    form = FocusForm(request.POST or None, initial=_focus_initial(focus))
    status = 200
    if request.method == "POST":
        require_request(request, "opportunities.act_for_organisation", organisation)
        if form.is_valid():
            try:
                services.save_focus(actor=request.user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your focus was saved. The recommendations below follow it."))
                return redirect(f"{request.path}?organisation={organisation.pk}")
        status = 400
    interests = list(selectors.standing_interests_of(organisation=organisation))
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "form": form,
        "focus": focus,
        "recommendations": selectors.recommended_for(organisation),
        "interests": interests,
        "interested_in": {interest.opportunity_id for interest in interests},
    }
    return render(request, "opportunities/mine.html", context, status=status)


def _focus_initial(focus: Any) -> dict[str, Any]:
    if focus is None:
        return {}
    return {
        "action_areas": list(focus.action_areas.all()),
        "regions": list(focus.regions.all()),
        "mechanisms": list(focus.mechanisms.all()),
        "wants_digest": focus.wants_digest,
    }


# --- The secretariat's pages ------------------------------------------------------------------------------------


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    """Every opportunity, drafts included, with its standing interests counted."""
    require_request(request, "opportunities.manage_opportunities")
    form = StateFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    page = Paginator(selectors.managed_opportunities(state=state), 50).get_page(request.GET.get("page"))
    return render(request, "opportunities/manage_list.html", {"form": form, "page": page})


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    require_request(request, "opportunities.manage_opportunities")
    form = OpportunityForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                opportunity = services.create_opportunity(actor=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft was saved. Publish it when it is ready."))
                return redirect("opportunities:manage_detail", pk=opportunity.pk)
        return render(request, "opportunities/opportunity_form.html", {"form": form}, status=400)
    return render(request, "opportunities/opportunity_form.html", {"form": form})


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "opportunities.manage_opportunities")
    opportunity = _managed(pk)
    form = OpportunityForm(request.POST or None, initial=OpportunityForm.initial_of(opportunity))
    context = {"form": form, "opportunity": opportunity}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_opportunity(actor=request.user, opportunity=opportunity, **form.service_arguments())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The opportunity was saved."))
                return redirect("opportunities:manage_detail", pk=opportunity.pk)
        return render(request, "opportunities/opportunity_form.html", context, status=400)
    return render(request, "opportunities/opportunity_form.html", context)


def _managed(pk: int) -> Opportunity:
    try:
        return selectors.opportunity_detail(pk=pk)
    except Opportunity.DoesNotExist as error:
        raise Http404 from error


def _manage_context(opportunity: Opportunity, **extra: Any) -> dict[str, Any]:
    return {
        "opportunity": opportunity,
        "interests": selectors.standing_interests(opportunity=opportunity),
        "withdrawn": selectors.withdrawn_interest_count(opportunity=opportunity),
        "document_form": extra.pop("document_form", None) or PitchDocumentForm(),
        **extra,
    }


@login_required
@require_GET
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat's page of one opportunity: its state, documents and who is interested."""
    require_request(request, "opportunities.view_interests")
    opportunity = _managed(pk)
    return render(request, "opportunities/manage_detail.html", _manage_context(opportunity))


@login_required
@require_POST
def opportunity_publish(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "opportunities.manage_opportunities")
    opportunity = get_object_or_404(Opportunity, pk=pk)
    try:
        services.publish_opportunity(actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    else:
        messages.success(request, _("The opportunity is published: everyone can read it."))
    return redirect("opportunities:manage_detail", pk=pk)


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "opportunities.manage_opportunities")
    opportunity = get_object_or_404(Opportunity, pk=pk)
    try:
        services.close_opportunity(actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        _form_errors_to_messages(request, error)
    else:
        messages.success(request, _("The opportunity is closed: it no longer takes expressions of interest."))
    return redirect("opportunities:manage_detail", pk=pk)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "opportunities.manage_opportunities")
    opportunity = _managed(pk)
    form = PitchDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_pitch_document(
                actor=request.user,
                opportunity=opportunity,
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect("opportunities:manage_detail", pk=pk)
    context = _manage_context(opportunity, document_form=form)
    return render(request, "opportunities/manage_detail.html", context, status=400)


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "opportunities.manage_opportunities")
    document = get_object_or_404(PitchDocument, pk=pk)
    opportunity_id = document.opportunity_id
    services.remove_pitch_document(actor=request.user, document=document)
    messages.success(request, _("The document was removed."))
    return redirect("opportunities:manage_detail", pk=opportunity_id)


INTEREST_COLUMNS = (
    gettext_lazy("Expressed on"),
    gettext_lazy("Organisation"),
    gettext_lazy("Category"),
    gettext_lazy("Country (ISO alpha-3)"),
    gettext_lazy("Contact"),
    gettext_lazy("Email"),
    gettext_lazy("Message"),
)


def _interest_lines(opportunity: Opportunity) -> Iterator[str]:
    class _Line:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([str(column) for column in INTEREST_COLUMNS])
    for interest in selectors.standing_interests(opportunity=opportunity):
        organisation = interest.organisation
        person = getattr(interest.expressed_by, "person", None)
        yield writer.writerow(
            [
                timezone.localtime(interest.created_at).date().isoformat(),
                csv_cell(organisation.name),
                organisation.get_category_display(),
                organisation.country.alpha3 if organisation.country else "",
                csv_cell(person.full_name if person else interest.expressed_by.get_full_name()),
                interest.expressed_by.email,
                csv_cell(interest.message),
            ]
        )


@login_required
@require_GET
def interests_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Who is interested in an opportunity, as a spreadsheet-ready CSV (UTF-8 with its mark, for Excel)."""
    require_request(request, "opportunities.view_interests")
    opportunity = _managed(pk)
    response = StreamingHttpResponse(_interest_lines(opportunity), content_type="text/csv; charset=utf-8")
    name = f"interests-opportunity-{opportunity.pk}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
