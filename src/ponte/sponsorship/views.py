"""Pages of the sponsorship platform.

A sponsor's three clicks: the published events, an event's activities, the quote of one (a page and a PDF)
with the form to request it. Then the sponsor's own requests, and the secretariat's pages: requests per event
to confirm or decline, and the revenue.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.core.actions import require_request
from ponte.core.models import Organisation
from ponte.core.views import AuthenticatedHttpRequest
from ponte.funds.charts import money_bars
from ponte.funds.exports import format_money
from ponte.partnerships.forms import PeriodForm
from ponte.sponsorship import exports, selectors, services
from ponte.sponsorship.forms import ConfirmForm, DeclineForm, RequestFilterForm, RequestForm, SponsorForm
from ponte.sponsorship.models import Activity, RequestState, SponsoredEvent, SponsorshipRequest

PER_PAGE = 25

# --- The sponsor's three clicks -----------------------------------------------------------------------------------


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Step 1: the published events not yet over."""
    page = Paginator(selectors.upcoming_events(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sponsorship/event_list.html", {"page": page, "step": 1})


def _event(request: HttpRequest, code: str) -> SponsoredEvent:
    """The event, if the reader may see it (unpublished ones exist only for the secretariat)."""
    try:
        event = selectors.event_detail(code)
    except SponsoredEvent.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("sponsorship.view_event", event):
        raise Http404
    return event


def _activity(request: HttpRequest, code: str, pk: int) -> Activity:
    event = _event(request, code)
    try:
        return selectors.activity_of(event, pk)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def event_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: the event's activities with their price and the slots left; sold-out ones say so."""
    event = _event(request, code)
    choices = selectors.sponsor_choices(request.user, event) if request.user.is_authenticated else []
    discount = choices[0].discount if choices else selectors.discount_for(event, None)
    rows = []
    for activity in selectors.activities_of(event):
        _amount, your_price = selectors.discounted(activity.price, discount.percent)
        rows.append(
            {
                "activity": activity,
                "slots_left": max(activity.slots - activity.taken, 0),  # type: ignore[attr-defined]
                "your_price": your_price,
            }
        )
    context = {
        "event": event,
        "rows": rows,
        "is_open": selectors.quotes_open(event),
        "sponsor": choices[0].organisation if choices and discount.percent else None,
        "step": 2,
    }
    return render(request, "sponsorship/event_detail.html", context)


def _sponsor(request: HttpRequest, event: SponsoredEvent) -> tuple[SponsorForm | None, Organisation | None]:
    """The form to choose the sponsor among the organisations the reader represents, and the one chosen
    (``?organisation=``; by default a member one)."""
    if not request.user.is_authenticated:
        return None, None
    choices = selectors.sponsor_choices(request.user, event)
    if not choices:
        return None, None
    default = choices[0].organisation
    data = request.GET if "organisation" in request.GET else None
    form = SponsorForm(data, choices=choices, initial={"organisation": default.pk})
    shown = form if len(choices) > 1 or form.errors else None  # nothing to choose with one organisation
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["organisation"]
        return shown, next(choice.organisation for choice in choices if choice.organisation.pk == chosen)
    return shown, default


def _quote_page(
    request: HttpRequest,
    activity: Activity,
    *,
    organisation: Organisation | None,
    sponsor_form: SponsorForm | None,
    request_form: RequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    quote = selectors.quote_for(activity, organisation)
    can_request = quote.is_open and not quote.sold_out
    if request_form is None and can_request and organisation is not None:
        choices = selectors.sponsor_choices(request.user, activity.event)
        request_form = RequestForm(choices=choices, initial={"organisation": organisation.pk})
    context = {
        "quote": quote,
        "event": activity.event,
        "activity": activity,
        "sponsor_form": sponsor_form,
        "request_form": request_form,
        "can_request": can_request,
        "organisation_query": f"?organisation={organisation.pk}" if organisation else "",
        "step": 3,
    }
    return render(request, "sponsorship/quote.html", context, status=status)


@require_GET
def quote(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Step 3: the quote, for the chosen organisation the reader represents (with its member discount)."""
    activity = _activity(request, code, pk)
    sponsor_form, organisation = _sponsor(request, activity.event)
    return _quote_page(request, activity, organisation=organisation, sponsor_form=sponsor_form)


@require_GET
def quote_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The quote of the page as a PDF in the page's language, while the event takes requests."""
    activity = _activity(request, code, pk)
    _form, organisation = _sponsor(request, activity.event)
    the_quote = selectors.quote_for(activity, organisation)
    if not the_quote.is_open:
        raise Http404
    response = HttpResponse(exports.quote_pdf(the_quote), content_type="application/pdf")
    name = f"sponsorship-quote-{activity.event.code}-{activity.pk}-{get_language()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _add_errors(form: Form, error: ValidationError) -> None:
    """A service's errors at the form's fields, the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_POST
def request_sponsorship(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    """Request the quoted activity for an organisation the reader represents."""
    activity = _activity(request, code, pk)
    choices = selectors.sponsor_choices(request.user, activity.event)
    if not choices:
        raise PermissionDenied("sponsorship.request_for_organisation")
    form = RequestForm(request.POST, choices=choices)
    organisation = choices[0].organisation
    if form.is_valid():
        organisation = next(c.organisation for c in choices if c.organisation.pk == form.cleaned_data["organisation"])
        try:
            created = services.request_sponsorship(
                activity=activity,
                organisation=organisation,
                requested_by=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Sponsorship %(reference)s was requested for %(price)s. The secretariat will confirm it by email.")
                % {"reference": created.reference, "price": f"{created.currency} {format_money(created.price)}"},
            )
            return redirect("sponsorship:my_sponsorships")
    if form.has_error("organisation"):
        # The hidden organisation was not one the reader represents: ask again for the default one, saying why.
        data = request.POST.copy()
        data["organisation"] = str(organisation.pk)
        again = RequestForm(data, choices=choices)
        again.is_valid()
        again.add_error(None, form.errors["organisation"])
        form = again
    sponsor_form = SponsorForm(choices=choices, initial={"organisation": organisation.pk}) if len(choices) > 1 else None
    return _quote_page(
        request, activity, organisation=organisation, sponsor_form=sponsor_form, request_form=form, status=400
    )


# --- The sponsor's requests ----------------------------------------------------------------------------------------


@login_required
@require_GET
def my_sponsorships(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The requests of the organisations the reader represents, newest first, to follow or withdraw them."""
    page = Paginator(selectors.requests_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    represents = request.user.has_perm("sponsorship.sponsor")
    return render(request, "sponsorship/my_sponsorships.html", {"page": page, "represents": represents})


def _request(reference: str) -> SponsorshipRequest:
    return get_object_or_404(
        SponsorshipRequest.objects.select_related("activity__event", "organisation", "requested_by"),
        reference=reference,
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    sponsorship = _request(reference)
    require_request(request, "sponsorship.withdraw_request", sponsorship)
    try:
        services.withdraw_request(request=sponsorship, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(reference)s was withdrawn.") % {"reference": reference})
    return redirect("sponsorship:my_sponsorships")


# --- The secretariat's pages ---------------------------------------------------------------------------------------


@login_required
@require_GET
def staff_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every event with its waiting and confirmed requests (secretariat)."""
    require_request(request, "sponsorship.view_requests")
    page = Paginator(selectors.events_for_staff(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sponsorship/staff_events.html", {"page": page})


def _staff_event_page(
    request: HttpRequest, event: SponsoredEvent, *, bound: Form | None = None, status: int = 200
) -> HttpResponse:
    filters = RequestFilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    page = Paginator(selectors.event_requests(event, state=state), 50).get_page(request.GET.get("page"))
    rows = []
    for sponsorship in page.object_list:
        confirm = ConfirmForm(prefix=f"confirm-{sponsorship.pk}")
        decline = DeclineForm(prefix=f"decline-{sponsorship.pk}")
        if bound is not None and bound.prefix == confirm.prefix:
            confirm = bound  # type: ignore[assignment]
        if bound is not None and bound.prefix == decline.prefix:
            decline = bound  # type: ignore[assignment]
        rows.append({"request": sponsorship, "confirm": confirm, "decline": decline})
    activities = [
        {"activity": activity, "taken": activity.taken}  # type: ignore[attr-defined]
        for activity in selectors.activities_of(event)
    ]
    context = {
        "event": event,
        "filters": filters,
        "page": page,
        "rows": rows,
        "activities": activities,
        "can_see_history": request.user.has_perm("core.view_history"),
        "waiting": RequestState.REQUESTED,
    }
    return render(request, "sponsorship/staff_event.html", context, status=status)


def _staff_event(code: str) -> SponsoredEvent:
    try:
        return selectors.event_detail(code)
    except SponsoredEvent.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def staff_event(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """An event's requests, waiting ones first, each with the forms to confirm or decline it (secretariat)."""
    require_request(request, "sponsorship.view_requests")
    return _staff_event_page(request, _staff_event(code))


def _decide(request: AuthenticatedHttpRequest, reference: str, *, confirm: bool) -> HttpResponse:
    require_request(request, "sponsorship.decide_request")
    sponsorship = _request(reference)
    event = sponsorship.activity.event
    form: Form = (
        ConfirmForm(request.POST, prefix=f"confirm-{sponsorship.pk}")
        if confirm
        else DeclineForm(request.POST, prefix=f"decline-{sponsorship.pk}")
    )
    if form.is_valid():
        service: Any = services.confirm_request if confirm else services.decline_request
        try:
            service(request=sponsorship, decided_by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            text = _("%(reference)s was confirmed.") if confirm else _("%(reference)s was declined.")
            messages.success(request, text % {"reference": reference})
            return redirect("sponsorship:staff_event", code=event.code)
    return _staff_event_page(request, event, bound=form, status=400)


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _decide(request, reference, confirm=True)


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _decide(request, reference, confirm=False)


def _period(request: HttpRequest) -> tuple[PeriodForm, int | None, int | None]:
    form = PeriodForm(request.GET or None)
    first = last = None
    if form.is_bound and form.is_valid():
        first, last = form.cleaned_data["year_from"], form.cleaned_data["year_to"]
    return form, first, last


def _sections(revenue: selectors.Revenue) -> list[dict[str, Any]]:
    sections = []
    for each in revenue.currencies:
        tables = exports.currency_tables(each)
        sections.append(
            {
                "currency": each.currency,
                "total": each.total,
                "sponsorships": each.sponsorships,
                "tables": tables,
                "years_chart": money_bars([(line.label, line.amount) for line in each.by_year]),
                "events_chart": money_bars([(line.label.split(" — ")[0], line.amount) for line in each.by_event]),
            }
        )
    return sections


@login_required
@require_GET
def revenue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirmed sponsorship revenue per year and per event, in each currency (secretariat)."""
    require_request(request, "sponsorship.view_revenue")
    form, first, last = _period(request)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode(), "known": selectors.revenue_years()}
    if not form.is_bound or form.is_valid():
        result = selectors.revenue(year_from=first, year_to=last)
        context |= {"revenue": result, "sections": _sections(result), "period": exports.period_text(result)}
    return render(request, "sponsorship/revenue.html", context)


REVENUE_FORMATS = {
    "csv": (exports.revenue_csv, "text/csv; charset=utf-8"),
    "xlsx": (exports.revenue_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@login_required
@require_GET
def revenue_download(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    """The revenue's tables as CSV or XLSX, for the page's period and in its language (secretariat)."""
    require_request(request, "sponsorship.view_revenue")
    form, first, last = _period(request)
    if form.is_bound and not form.is_valid():
        errors = "\n".join(" ".join(map(str, messages)) for messages in form.errors.values())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    render_file, content_type = REVENUE_FORMATS[file_format]
    response = HttpResponse(render_file(selectors.revenue(year_from=first, year_to=last)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sponsorship-revenue-{get_language()}.{file_format}"'
    return response
