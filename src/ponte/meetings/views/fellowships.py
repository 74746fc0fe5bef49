"""Pages of fellowships (see ponte.meetings.services.fellowships): a focal point nominates and follows its
nominations; the secretariat decides per meeting, within the budget."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ponte.core.models import Country, Person, User
from ponte.core.services import ensure_person_for_user
from ponte.core.views import AuthenticatedHttpRequest
from ponte.funds.exports import format_money
from ponte.funds.models import FundSource
from ponte.funds.selectors import available_by_source, richest_source
from ponte.funds.services import FELLOWSHIP_CURRENCY
from ponte.meetings.models import Fellowship, FellowshipKind, FellowshipState, Meeting
from ponte.meetings.selectors import fellowships as selectors
from ponte.meetings.services import fellowships as services

# --- Forms (input only: the rules are the services') -----------------------------------------------------------


class NominationForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    person_email = forms.EmailField(
        label=_("Candidate's email"),
        required=False,
        help_text=_("The email of the candidate's Ponte account."),
    )
    person = forms.ModelChoiceField(
        label=_("Or a person of your country"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Nobody chosen"),
    )
    motivation = forms.CharField(
        label=_("Why this candidate"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Their role in the work of the group and any contribution they bring."),
    )

    def __init__(self, *args: Any, countries: list[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)  # noqa: S101 - declared above
        country.choices = [(c.pk, c.name) for c in countries]
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)  # noqa: S101 - declared above
        person.queryset = selectors.nominable_people(countries=countries)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, person = data.get("person_email"), data.get("person")
        if email and person:
            self.add_error("person", _("Give the email or choose a person, not both."))
        elif not email and not person and not self.has_error("person_email"):
            self.add_error("person_email", _("Give the candidate's email, or choose a person of your country."))
        elif email:
            data["person"] = Person.objects.filter(user__email__iexact=email).first()
            data["account"] = User.objects.filter(email__iexact=email, is_active=True).first()
            if data["person"] is None and data["account"] is None:
                self.add_error("person_email", _("Nobody with this email has a Ponte account yet."))
        return data


class AwardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Fellowship"), choices=FellowshipKind.choices, widget=forms.RadioSelect)
    ticket = forms.DecimalField(label=_("Ticket (CHF)"), min_value=0, max_digits=10, decimal_places=2, initial=0)
    daily_allowance = forms.DecimalField(
        label=_("Daily allowance (CHF)"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )
    days = forms.IntegerField(label=_("Days of allowance"), min_value=0, max_value=366, initial=0)
    source = forms.ChoiceField(
        label=_("Charged to"),
        required=False,
        help_text=_("The source of the BSG fund that pays the fellowship."),
    )
    note = forms.CharField(
        label=_("Note to the candidate"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, funds: dict[str, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)  # noqa: S101 - declared above
        source.choices = [
            (
                value,
                _("%(source)s: CHF %(available)s available")
                % {"source": label, "available": format_money(funds[value])},
            )
            for value, label in FundSource.choices
        ]
        source.initial = richest_source(funds)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why not"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The candidate and the focal point read it."),
    )


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors at the form's fields, the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- Focal points ----------------------------------------------------------------------------------------------


def _meeting(code: str) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("group__sector", "country"), code=code)


def _countries(request: AuthenticatedHttpRequest) -> list[Country]:
    countries = selectors.nomination_countries(user=request.user)
    if not countries:
        raise PermissionDenied("meetings.nominate_fellow")
    return countries


def _nominate(
    request: AuthenticatedHttpRequest, meeting: Meeting, countries: list[Country], data: dict[str, Any]
) -> Person:
    # One transaction: a person first linked to their account here is not kept if the nomination is refused.
    with transaction.atomic():
        person = data["person"] or ensure_person_for_user(user=data["account"])
        services.nominate_fellow(
            actor=request.user,
            meeting=meeting,
            person=person,
            country=next(c for c in countries if c.pk == data["country"]),
            motivation=data["motivation"],
        )
    return person


@login_required
def nominate(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A focal point nominates a candidate of its country for a fellowship to a meeting."""
    meeting = _meeting(code)
    countries = _countries(request)
    form = NominationForm(request.POST or None, countries=countries)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person = _nominate(request, meeting, countries, form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext("%(person)s is nominated. The secretariat's decision will be sent by email.")
                    % {"person": person.full_name},
                )
                return redirect("meetings:fellowship_mine")
    context = {"meeting": meeting, "form": form, "closes_on": services.nominations_close_on(meeting)}
    return render(request, "meetings/fellowship_nominate.html", context, status=status)


@login_required
def my_nominations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A focal point's nominations and what became of them."""
    countries = _countries(request)
    page = Paginator(selectors.nominations_of(countries=countries), 25).get_page(request.GET.get("page"))
    return render(request, "meetings/fellowship_mine.html", {"page": page, "countries": countries})


# --- Secretariat -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One candidate on the decision page, with the forms to decide (pending candidates only)."""

    fellowship: Fellowship
    award: AwardForm | None
    decline: DeclineForm | None


def _require_decider(request: HttpRequest, meeting: Meeting) -> None:
    if not request.user.has_perm("meetings.decide_fellowship", meeting):
        raise PermissionDenied("meetings.decide_fellowship")


def _fund(meeting: Meeting) -> dict[str, Decimal]:
    """What each source of the BSG fund can pay for the meeting's fellowships (CHF, the meeting's year)."""
    return available_by_source(currency=FELLOWSHIP_CURRENCY, year=meeting.starts_on.year)


def _decisions_page(request: HttpRequest, meeting: Meeting, bound: Any = None, status: int = 200) -> HttpResponse:
    rows = []
    funds = _fund(meeting)
    for fellowship in selectors.candidates(meeting=meeting):
        award = decline = None
        if fellowship.state == FellowshipState.NOMINATED:
            award = AwardForm(prefix=f"award-{fellowship.pk}", initial={"days": meeting.days}, funds=funds)
            decline = DeclineForm(prefix=f"decline-{fellowship.pk}")
            if isinstance(bound, AwardForm) and bound.prefix == award.prefix:
                award = bound
            if isinstance(bound, DeclineForm) and bound.prefix == decline.prefix:
                decline = bound
        rows.append(Decision(fellowship, award, decline))
    context = {
        "meeting": meeting,
        "budget": selectors.fellowship_budget(meeting),
        "rows": rows,
        "bound": bound,
        "closes_on": services.nominations_close_on(meeting),
    }
    return render(request, "meetings/fellowship_decisions.html", context, status=status)


@login_required
def decisions(request: HttpRequest, code: str) -> HttpResponse:
    """The secretariat's page of a meeting's fellowships: budget, candidates by priority, decisions."""
    meeting = _meeting(code)
    _require_decider(request, meeting)
    return _decisions_page(request, meeting)


def _fellowship(meeting: Meeting, pk: int) -> Fellowship:
    return get_object_or_404(Fellowship.objects.select_related("person", "country", "meeting"), pk=pk, meeting=meeting)


def _decided(request: HttpRequest, meeting: Meeting, fellowship: Fellowship, text: str) -> HttpResponse:
    messages.success(request, text % {"person": fellowship.person.full_name})
    return redirect(reverse("meetings:fellowship_decisions", kwargs={"code": meeting.code}))


@login_required
@require_POST
def award(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = _meeting(code)
    _require_decider(request, meeting)
    fellowship = _fellowship(meeting, pk)
    form = AwardForm(request.POST, prefix=f"award-{fellowship.pk}", funds=_fund(meeting))
    if form.is_valid():
        try:
            services.award_fellowship(actor=request.user, fellowship=fellowship, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _decided(request, meeting, fellowship, gettext("A fellowship was awarded to %(person)s."))
    return _decisions_page(request, meeting, bound=form, status=400)


@login_required
@require_POST
def decline(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = _meeting(code)
    _require_decider(request, meeting)
    fellowship = _fellowship(meeting, pk)
    form = DeclineForm(request.POST, prefix=f"decline-{fellowship.pk}")
    if form.is_valid():
        try:
            services.decline_fellowship(actor=request.user, fellowship=fellowship, note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _decided(request, meeting, fellowship, gettext("%(person)s was told no fellowship is awarded."))
    return _decisions_page(request, meeting, bound=form, status=400)


urlpatterns: list[URLPattern] = [
    path("fellowships/my/", my_nominations, name="fellowship_mine"),
    path("fellowships/<str:code>/nominate/", nominate, name="fellowship_nominate"),
    path("fellowships/<str:code>/decide/", decisions, name="fellowship_decisions"),
    path("fellowships/<str:code>/award/<int:pk>/", award, name="fellowship_award"),
    path("fellowships/<str:code>/decline/<int:pk>/", decline, name="fellowship_decline"),
]
