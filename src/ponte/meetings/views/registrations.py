"""Pages of meetings: the public list and page, registering and cancelling, my meetings, calendars."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.models import Country, Group, Organisation, Person
from ponte.core.services import ensure_person_for_user
from ponte.core.views import AuthenticatedHttpRequest
from ponte.meetings import selectors, services
from ponte.meetings.calendars import calendar_of
from ponte.meetings.forms import MeetingFilterForm, RegistrationForm
from ponte.meetings.models import CalendarFeed, Meeting, Registration, RegistrationMode, RegistrationState


def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    meetings = selectors.meetings(
        sector=filters.get("sector") or "",
        group=filters.get("group") or "",
        year=filters.get("year"),
        past=bool(filters.get("past")),
    )
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {"page": page, "form": form})


def _meeting(code: str) -> Meeting:
    try:
        return selectors.meeting_detail(code=code)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    meeting = _meeting(code)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting))


def _detail_context(request: HttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {"meeting": meeting, "form": None, "mine": [], "figures": None}
    if user.is_authenticated:
        choices = selectors.registration_choices(user=user)
        if choices.any:
            context["form"] = RegistrationForm(meeting=meeting, choices=choices)
        context["mine"] = [
            registration
            for registration in selectors.registrations_of(user=user).filter(meeting=meeting)
            if registration.state != RegistrationState.CANCELLED
        ]
        context["can_nominate"] = bool(choices.delegations) and meeting.fellowship_budget > 0
        if user.has_perm("meetings.view_participation_figures"):
            context["figures"] = selectors.interpretation_requests(meeting)
    context.update(extra)
    return context


def _participant(request: AuthenticatedHttpRequest, email: str) -> Person:
    if not email:
        return ensure_person_for_user(user=request.user)
    person = Person.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email)).first()
    if person is None:
        raise ValidationError(
            {"participant_email": _("Nobody with this email has a Ponte account yet: ask them to sign up first.")}
        )
    return person


@login_required
@require_POST
def register(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    meeting = _meeting(code)
    choices = selectors.registration_choices(user=request.user)
    if not choices.any:
        raise PermissionDenied("meetings.register")
    form = RegistrationForm(request.POST, meeting=meeting, choices=choices)
    if form.is_valid():
        data = form.cleaned_data
        kind, _sep, key = data["on_behalf"].partition(":")
        try:
            registration = services.register(
                actor=request.user,
                meeting=meeting,
                person=_participant(request, data["participant_email"]),
                mode=data["mode"],
                interpretation_language=data["interpretation_language"],
                organisation=get_object_or_404(Organisation, pk=key) if kind == "org" else None,
                delegation=get_object_or_404(Country, pk=key) if kind == "country" else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.state == RegistrationState.PENDING_PAYMENT:
                messages.success(
                    request,
                    _("Registered. The registration is confirmed once invoice %(number)s is paid.")
                    % {"number": registration.invoice.number if registration.invoice else ""},
                )
            else:
                messages.success(request, _("Registered. A confirmation was sent by email."))
            return redirect(meeting)
    context = _detail_context(request, meeting, form=form)
    return render(request, "meetings/meeting_detail.html", context, status=400)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("meeting", "person"), pk=pk)
    if not request.user.has_perm("meetings.cancel_registration", registration):
        raise PermissionDenied("meetings.cancel_registration")
    try:
        services.cancel_registration(actor=request.user, registration=registration)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The registration was cancelled; the seat is free again."))
    return redirect(registration.meeting)


@login_required
def my_meetings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.reset_calendar_feed(actor=request.user)
        messages.success(request, _("Your calendar address is ready. Any earlier address no longer works."))
        return redirect("meetings:my_meetings")
    registrations = selectors.registrations_of(user=request.user)
    page = Paginator(registrations, 25).get_page(request.GET.get("page"))
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("meetings:personal_calendar", kwargs={"token": feed.token})) if feed else ""
    )
    return render(request, "meetings/my_meetings.html", {"page": page, "feed_url": feed_url})


def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings as an iCalendar feed for calendar apps; the secret token stands for the sign-in."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = Meeting.objects.filter(
        registrations__person__user=feed.user, registrations__state__in=selectors.ACTIVE
    ).select_related("group__sector", "country")
    site = request.build_absolute_uri("/").rstrip("/")
    response = _ics(calendar_of(meetings.distinct(), name=_("My meetings"), site=site), "my-meetings")
    response["Cache-Control"] = "private, no-store"
    return response


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def group_calendar(request: HttpRequest, sector: str, code: str) -> HttpResponse:
    """A group's meetings as an iCalendar feed that calendar apps subscribe to (public)."""
    group: Group = get_object_or_404(Group.objects.select_related("sector"), sector__code=sector, code=code)
    meetings = Meeting.objects.filter(Q(group=group) | Q(group__parent=group)).select_related(
        "group__sector", "country"
    )
    site = request.build_absolute_uri("/").rstrip("/")
    return _ics(calendar_of(meetings, name=str(group), site=site), f"{sector}-{code}")


@login_required
def my_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The meetings the signed-in person is registered for, as iCalendar."""
    meetings = Meeting.objects.filter(
        registrations__person__user=request.user,
        registrations__state__in=selectors.ACTIVE,
    ).select_related("group__sector", "country")
    site = request.build_absolute_uri("/").rstrip("/")
    return _ics(calendar_of(meetings.distinct(), name=_("My meetings"), site=site), "my-meetings")


def _meeting_days(meeting: Meeting) -> list[datetime.date]:
    return [meeting.starts_on + datetime.timedelta(days=n) for n in range(meeting.days)]


@login_required
def check_in(request: HttpRequest, code: str) -> HttpResponse:
    """The secretariat's check-in screen: who is present today, in the room or remotely."""
    meeting = _meeting(code)
    if not request.user.has_perm("meetings.record_attendance", meeting):
        raise PermissionDenied("meetings.record_attendance")
    days = _meeting_days(meeting)
    today = timezone.localdate()
    chosen = request.POST.get("day") or request.GET.get("day") or ""
    day = next((d for d in days if d.isoformat() == chosen), today if today in days else days[0])
    if request.method == "POST":
        registration = get_object_or_404(Registration, pk=request.POST.get("registration"), meeting=meeting)
        mode = request.POST.get("mode", "")
        if mode not in RegistrationMode.values:
            raise Http404
        try:
            services.record_attendance(actor=request.user, registration=registration, day=day, mode=mode)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        query = request.POST.get("q", "")
        return redirect(f"{request.path}?day={day.isoformat()}&q={query}")
    query = request.GET.get("q", "").strip()[:100]
    registrations = selectors.check_in_list(meeting=meeting, day=day, query=query)
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    present = meeting.attendances.filter(day=day).count()
    context = {"meeting": meeting, "days": days, "day": day, "page": page, "query": query, "present": present}
    return render(request, "meetings/check_in.html", context)
