"""Pages of the outreach app: the public news (list, page, RSS and Atom feeds), the writers' pages (list, write,
preview the audience, send, follow the counts) and the unsubscribe page reached from an email.

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
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ponte.core.actions import require_request
from ponte.outreach import selectors, services
from ponte.outreach.forms import CampaignForm
from ponte.outreach.models import Campaign, CampaignState

PER_PAGE = 20


# --- Public pages -----------------------------------------------------------------------------------------------


@require_GET
def announcement_list(request: HttpRequest) -> HttpResponse:
    """Published announcements and sent newsletters, newest first, in the reader's language."""
    page = Paginator(selectors.published_campaigns(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "may_write": request.user.has_perm("outreach.write_campaigns")}
    return render(request, "outreach/campaign_list.html", context)


def _visible(request: HttpRequest, pk: int) -> Campaign:
    """The campaign if the reader may see it; a draft is "not found" for everyone but its writers."""
    try:
        campaign = selectors.campaign_detail(pk=pk)
    except Campaign.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("outreach.read_campaign", campaign):
        raise Http404
    return campaign


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible(request, pk)
    context = {"campaign": campaign, "may_manage": request.user.has_perm("outreach.manage_campaign", campaign)}
    return render(request, "outreach/campaign_detail.html", context)


# --- The writers' pages -----------------------------------------------------------------------------------------


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    """The campaigns the account may write and follow, drafts first, with their counts."""
    require_request(request, "outreach.write_campaigns")
    page = Paginator(selectors.managed_campaigns(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "outreach/manage_list.html", {"page": page})


def _form(request: HttpRequest, **kwargs: Any) -> CampaignForm:
    return CampaignForm(
        request.POST or None,
        organisations=selectors.writing_organisations(user=request.user),
        may_sign_as_secretariat=request.user.has_perm("outreach.target_anywhere"),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require_request(request, "outreach.write_campaigns")
    form = _form(request)
    if request.method == "POST":
        if form.is_valid():
            try:
                campaign = services.create_campaign(actor=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft was saved. Check its audience, then send it."))
                return redirect("outreach:manage_detail", pk=campaign.pk)
        return render(request, "outreach/campaign_form.html", {"form": form}, status=400)
    return render(request, "outreach/campaign_form.html", {"form": form})


def _managed(request: HttpRequest, pk: int) -> Campaign:
    try:
        campaign = selectors.campaign_detail(pk=pk)
    except Campaign.DoesNotExist as error:
        raise Http404 from error
    require_request(request, "outreach.manage_campaign", campaign)
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    if campaign.state != CampaignState.DRAFT:
        messages.error(request, _("This campaign was sent: it can no longer be changed."))
        return redirect("outreach:manage_detail", pk=pk)
    form = _form(request, initial=CampaignForm.initial_of(campaign))
    context = {"form": form, "campaign": campaign}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_campaign(actor=request.user, campaign=campaign, **form.service_arguments())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("outreach:manage_detail", pk=pk)
        return render(request, "outreach/campaign_form.html", context, status=400)
    return render(request, "outreach/campaign_form.html", context)


@login_required
@require_GET
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign for its writers: the text, who it is for and how many that is, and what was delivered."""
    campaign = _managed(request, pk)
    context = {
        "campaign": campaign,
        "audience_size": selectors.audience_size(campaign),
        "counts": selectors.campaign_counts(campaign),
    }
    return render(request, "outreach/manage_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (with the audience size); POST publishes the campaign and queues its emails."""
    campaign = _managed(request, pk)
    if request.method == "POST":
        try:
            services.send_campaign(actor=request.user, campaign=campaign)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The campaign is published and its emails are on their way."))
        return redirect("outreach:manage_detail", pk=pk)
    context = {"campaign": campaign, "audience_size": selectors.audience_size(campaign)}
    return render(request, "outreach/campaign_send.html", context)


# --- Unsubscribing ----------------------------------------------------------------------------------------------


# The email's List-Unsubscribe-Post header lets mail programs POST here without a page (RFC 8058): the signed
# token, not a session, says who is unsubscribing, so there is no CSRF token to check.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm; POST turns newsletters and announcements off for the account of the link."""
    try:
        user, campaign = (
            services.unsubscribe(token=token) if request.method == "POST" else services.read_unsubscribe_token(token)
        )
    except ValidationError as error:
        return render(request, "outreach/unsubscribe.html", {"error": error.messages[0]}, status=400)
    context = {"campaign": campaign, "email": user.email, "done": request.method == "POST"}
    return render(request, "outreach/unsubscribe.html", context)
