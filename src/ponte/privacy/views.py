"""Pages of the privacy app: "Email and privacy" for every signed-in person (email preferences, data download,
deletion request), and the secretariat's list of deletion requests to decide.

Thin: parse the input, ask ``rules``, call one service or selector, render. Refused input answers 400 with the
errors at the form and saves nothing.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ponte.core.actions import require_request
from ponte.core.models import EmailKind, User
from ponte.privacy import selectors, services
from ponte.privacy.forms import EXPLANATIONS, DecisionForm, DeletionRequestForm, EmailPreferenceForm
from ponte.privacy.models import DeletionRequest, DeletionState


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required ran first
    return user


def _page(
    request: HttpRequest,
    *,
    preferences: EmailPreferenceForm | None = None,
    deletion: DeletionRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    preferences = preferences or EmailPreferenceForm(initial={"wanted": selectors.wanted_kinds(user)})
    chosen = set(preferences["wanted"].value() or [])
    kinds = [
        {"value": kind.value, "label": kind.label, "explanation": EXPLANATIONS[kind], "checked": kind.value in chosen}
        for kind in EmailKind
    ]
    context = {
        "preferences": preferences,
        "kinds": kinds,
        "preference": selectors.preference_of(user),
        "deletion": deletion or DeletionRequestForm(),
        "pending": selectors.pending_deletion_request_of(user),
        "requests": selectors.deletion_requests_of(user),
        "may_decide": user.has_perm("privacy.view_deletion_requests"),
    }
    return render(request, "privacy/index.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The person's email preferences (saved on POST), their data download and their deletion request."""
    require_request(request, "privacy.manage_own_privacy")
    if request.method != "POST":
        return _page(request)
    form = EmailPreferenceForm(request.POST)
    if not form.is_valid():
        return _page(request, preferences=form, status=400)
    services.set_email_preferences(actor=request.user, wanted=form.cleaned_data["wanted"])
    messages.success(request, _("Your email preferences are saved."))
    return redirect("privacy:index")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything Ponte holds about the signed-in person, as a JSON file to download."""
    require_request(request, "privacy.manage_own_privacy")
    return export_response(_user(request))


def export_response(user: User) -> HttpResponse:
    """The download (shared with the API): a JSON attachment named after the day."""
    data = {"exported_at": timezone.now().isoformat(), **selectors.export_for(user)}
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="ponte-personal-data-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_deletion(request: HttpRequest) -> HttpResponse:
    require_request(request, "privacy.manage_own_privacy")
    form = DeletionRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, deletion=form, status=400)
    try:
        services.request_deletion(actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, deletion=form, status=400)
    messages.success(request, _("Your request is with the secretariat. You will be told by email when it decides."))
    return redirect("privacy:index")


@login_required
@require_POST
def withdraw_deletion(request: HttpRequest, pk: int) -> HttpResponse:
    deletion = get_object_or_404(DeletionRequest, pk=pk, user=request.user)
    try:
        services.withdraw_deletion_request(actor=request.user, request=deletion)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your request is withdrawn: nothing will be deleted."))
    return redirect("privacy:index")


@login_required
@require_GET
def deletion_requests(request: HttpRequest) -> HttpResponse:
    """The secretariat's list: pending requests to decide, then the decided ones."""
    require_request(request, "privacy.view_deletion_requests")
    state = request.GET.get("state", DeletionState.PENDING)
    if state not in DeletionState.values:
        state = DeletionState.PENDING
    context = {
        "requests": selectors.deletion_requests(state=state)[:200],
        "state": state,
        "states": DeletionState.choices,
        "form": DecisionForm(),
    }
    return render(request, "privacy/deletion_requests.html", context)


@login_required
@require_POST
def decide_deletion(request: HttpRequest, pk: int) -> HttpResponse:
    require_request(request, "privacy.view_deletion_requests")
    deletion = get_object_or_404(DeletionRequest, pk=pk)
    require_request(request, "privacy.decide_deletion_request", deletion)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to decline."))
        return redirect("privacy:deletion_requests")
    try:
        if form.cleaned_data["decision"] == "approve":
            services.approve_deletion_request(actor=request.user, request=deletion, note=form.cleaned_data["note"])
            messages.success(
                request, _("Approved: the personal data of request %(number)s is deleted.") % {"number": pk}
            )
        else:
            services.decline_deletion_request(actor=request.user, request=deletion, note=form.cleaned_data["note"])
            messages.success(request, _("Request %(number)s is declined; the person is told.") % {"number": pk})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("privacy:deletion_requests")
