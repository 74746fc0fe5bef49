"""Pages of leadership (see ponte.meetings.services.leadership): a group's leaders and regional balance, the
overview across groups (both public), and the secretariat's appointment form and end-of-term action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ponte.core.models import Group, Organisation, Person, Region
from ponte.meetings.models import LeadershipPost, LeadershipRole
from ponte.meetings.selectors import leadership as selectors
from ponte.meetings.services import leadership as services

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AppointmentForm(forms.Form):
    """The secretariat's input for ``services.leadership.appoint``; the rules are the service's."""

    person_email = forms.EmailField(
        label=gettext_lazy("Email of the person appointed"),
        help_text=gettext_lazy("The email of their Ponte account or of their person record."),
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name", "pk"), label=gettext_lazy("Holds the post for")
    )
    role = forms.ChoiceField(label=gettext_lazy("Post"), choices=LeadershipRole.choices)
    region = forms.ChoiceField(
        label=gettext_lazy("Region represented"),
        choices=[("", gettext_lazy("None (not a vice-chair)")), *Region.choices],
        required=False,
        help_text=gettext_lazy("Vice-chairs only: the region whose duties they carry."),
    )
    regional_duties = forms.CharField(
        label=gettext_lazy("Regional duties"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    question = forms.CharField(
        label=gettext_lazy("Question"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Rapporteurs and associate rapporteurs: the Question they lead, e.g. Q5/16."),
    )
    starts_on = forms.DateField(label=gettext_lazy("Term starts on"), widget=_DATE)
    ends_on = forms.DateField(
        label=gettext_lazy("Term ends on"),
        widget=_DATE,
        required=False,
        help_text=gettext_lazy("Its last day; leave empty while the end is not known."),
    )


class EndTermForm(forms.Form):
    ends_on = forms.DateField(label=gettext_lazy("Last day of the term"), widget=_DATE)


# The service names the person; the form asks for their email.
_FORM_FIELD = {"person": "person_email"}


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = _FORM_FIELD.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def _group(sector: str, code: str) -> Group:
    group: Group = get_object_or_404(Group.objects.select_related("sector"), sector__code=sector, code=code)
    return group


def overview(request: HttpRequest) -> HttpResponse:
    """Regional balance of current leadership posts across all groups (public)."""
    balances = selectors.regional_balance()
    context = {"balances": balances, "total": selectors.combined(balances), "regions": Region.choices}
    return render(request, "meetings/leadership_overview.html", context)


def group_leadership(request: HttpRequest, sector: str, code: str) -> HttpResponse:
    """A group's current leaders (and its subgroups'), with their regional balance (public)."""
    group = _group(sector, code)
    balances = selectors.regional_balance(within=group)
    context: dict[str, Any] = {
        "group": group,
        "posts": list(selectors.current_leadership(group=group)),
        "balances": balances,
        "total": selectors.combined(balances),
        "regions": Region.choices,
        "can_appoint": request.user.has_perm("meetings.appoint_leadership", group),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/leadership_group.html", context)


def _person(email: str) -> Person:
    person = Person.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email)).first()
    if person is None:
        raise ValidationError({"person": _("Nobody with this email is known to Ponte.")}, code="unknown_person")
    return person


@login_required
def appoint(request: HttpRequest, sector: str, code: str) -> HttpResponse:
    """The secretariat appoints someone to a post of the group."""
    group = _group(sector, code)
    if not request.user.has_perm("meetings.appoint_leadership", group):
        raise PermissionDenied("meetings.appoint_leadership")
    form = AppointmentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.appoint(
                    actor=request.user,
                    group=group,
                    person=_person(data["person_email"]),
                    organisation=data["organisation"],
                    role=data["role"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    region=data["region"],
                    regional_duties=data["regional_duties"],
                    question=data["question"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s is appointed %(role)s of %(group)s.")
                    % {"person": post.person.full_name, "role": post.get_role_display(), "group": group},
                )
                return redirect("meetings:leadership_group", sector=group.sector.code, code=group.code)
        return render(request, "meetings/leadership_appoint.html", {"group": group, "form": form}, status=400)
    return render(request, "meetings/leadership_appoint.html", {"group": group, "form": form})


@login_required
@require_POST
def end_term(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat ends a post's term on the day given."""
    post = get_object_or_404(LeadershipPost.objects.select_related("group__sector", "person"), pk=pk)
    if not request.user.has_perm("meetings.appoint_leadership", post.group):
        raise PermissionDenied("meetings.appoint_leadership")
    form = EndTermForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the term as a date."))
    else:
        try:
            services.end_term(actor=request.user, post=post, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The term of %(person)s as %(role)s ends on %(date)s.")
                % {
                    "person": post.person.full_name,
                    "role": post.get_role_display(),
                    "date": date_format(form.cleaned_data["ends_on"]),
                },
            )
    return redirect("meetings:leadership_group", sector=post.group.sector.code, code=post.group.code)


urlpatterns: list[URLPattern] = [
    path("leadership/", overview, name="leadership_overview"),
    path("leadership/posts/<int:pk>/end/", end_term, name="leadership_end_term"),
    # A working party's code holds a slash ("WP1/16"): "appoint" is matched first, the code is the rest.
    path("leadership/<str:sector>/<path:code>/appoint/", appoint, name="leadership_appoint"),
    path("leadership/<str:sector>/<path:code>/", group_leadership, name="leadership_group"),
]
