"""Pages of contributions (see ponte.meetings.services.contributions): the list with search and filters, a
contribution's page with all its revisions, the private download, and the submit form.

The two forms live here rather than in ``meetings/forms.py`` while that module is being changed by others.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Group, Organisation
from ponte.core.uploads import DOCX, EXTENSIONS, PDF
from ponte.core.views import AuthenticatedHttpRequest
from ponte.meetings.models import Contribution, Meeting
from ponte.meetings.selectors import contributions as selectors
from ponte.meetings.services.contributions import (
    MAX_CONTRIBUTION_BYTES,
    file_type,
    normalise_number,
    submit_contribution,
)


class ContributionFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, title or source"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    group = forms.CharField(label=_("Group"), required=False, max_length=32)
    meeting = forms.CharField(label=_("Meeting code"), required=False, max_length=40)
    question = forms.CharField(label=_("Question"), required=False, max_length=20)
    source = forms.TypedChoiceField(label=_("Source organisation"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sectors, sources = selectors.filter_choices()
        _set_choices(self.fields["sector"], [("", _("All sectors")), *((s.code, s.code) for s in sectors)])
        _set_choices(self.fields["source"], [("", _("All organisations")), *((o.pk, o.name) for o in sources)])


class ContributionForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Submitted for"), coerce=int)
    co_sources = forms.CharField(
        label=_("Co-sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Other source organisations, one name per line, as listed in Ponte. If several organisations share "
            "a name, add the country code in brackets, e.g. Nile IoT (EG)."
        ),
    )
    number = forms.CharField(label=_("Number"), max_length=40, help_text=_("e.g. SG16-C123"))
    title = forms.CharField(label=_("Title"), max_length=300)
    group: forms.ModelChoiceField[Group] = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none())
    meeting = forms.CharField(
        label=_("Meeting code"), required=False, max_length=40, help_text=_("Optional, e.g. T25-SG16-260615")
    )
    question = forms.CharField(label=_("Question"), required=False, max_length=20, help_text=_("Optional, e.g. Q5/16"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF or Word (DOCX), at most %(size)s MB.") % {"size": MAX_CONTRIBUTION_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": f".pdf,.docx,{PDF},{DOCX}"}),
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["organisation"], [(o.pk, o.name) for o in organisations])
        self.organisations = {o.pk: o for o in organisations}
        group = self.fields["group"]
        assert isinstance(group, forms.ModelChoiceField)  # noqa: S101 - declared above
        group.queryset = Group.objects.filter(is_active=True).select_related("sector")

    def clean_co_sources(self) -> list[Organisation]:
        lines = [line.strip() for line in self.cleaned_data["co_sources"].splitlines() if line.strip()]
        resolved = selectors.resolve_organisation_names(lines)
        errors = [
            ValidationError(_("No active organisation is called “%(name)s”."), code="unknown", params={"name": name})
            for name in resolved.unknown
        ]
        errors += [
            ValidationError(
                _("Several organisations are called “%(name)s” (%(countries)s): add the country code in brackets."),
                code="ambiguous",
                params={"name": name, "countries": ", ".join(countries)},
            )
            for name, countries in resolved.ambiguous.items()
        ]
        if errors:
            raise ValidationError(errors)
        return resolved.organisations

    def clean_meeting(self) -> Meeting | None:
        code = self.cleaned_data["meeting"].strip()
        if not code:
            return None
        meeting = Meeting.objects.select_related("group").filter(code__iexact=code).first()
        if meeting is None:
            raise ValidationError(_("No meeting has the code %(code)s."), code="no_meeting", params={"code": code})
        return meeting

    def clean_file(self) -> Any:
        """Refused at once, with the other fields' errors: the service asks the same function again."""
        upload = self.cleaned_data["file"]
        try:
            file_type(upload)
        except ValidationError as error:
            raise ValidationError(error.error_dict["file"]) from error
        return upload

    def sources(self) -> list[Organisation]:
        return [self.organisations[self.cleaned_data["organisation"]], *self.cleaned_data["co_sources"]]


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one above
    field.choices = choices


def _closed(request: HttpRequest) -> HttpResponse:
    """Refused: contributions are for the people doing the work; say who they are and how to become one."""
    return render(request, "meetings/contributions_closed.html", status=403)


@login_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("meetings.view_contribution"):
        return _closed(request)
    form = ContributionFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    found = selectors.contributions(
        query=(filters.get("q") or "").strip(),
        sector=filters.get("sector") or "",
        group=(filters.get("group") or "").strip(),
        meeting=(filters.get("meeting") or "").strip(),
        question=filters.get("question") or "",
        source=filters.get("source"),
    )
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    may_submit = bool(selectors.submitting_for(user=request.user))
    return render(request, "meetings/contribution_list.html", {"page": page, "form": form, "may_submit": may_submit})


def _may_revise(request: HttpRequest, revisions: list[Contribution]) -> bool:
    sources = {source for contribution in revisions for source in contribution.sources.all()}
    return any(request.user.has_perm("meetings.submit_contribution_for", source) for source in sources)


@login_required
def contribution_detail(request: HttpRequest, number: str) -> HttpResponse:
    if not request.user.has_perm("meetings.view_contribution"):
        return _closed(request)
    revisions = selectors.revisions(number=normalise_number(number))
    if not revisions:
        raise Http404
    if revisions[0].number != number:
        return redirect("meetings:contribution_detail", number=revisions[0].number)
    context = {"latest": revisions[0], "revisions": revisions, "may_revise": _may_revise(request, revisions)}
    return render(request, "meetings/contribution_detail.html", context)


@login_required
def contribution_download(request: HttpRequest, number: str, revision: int) -> HttpResponse | FileResponse:
    """Serve one revision's file to those the rules allow, as a private, uncached attachment."""
    if not request.user.has_perm("meetings.view_contribution"):
        return _closed(request)
    contribution = get_object_or_404(Contribution, number=number, revision=revision)
    try:
        handle = contribution.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = EXTENSIONS.get(contribution.content_type, "pdf")
    name = contribution.number + (f"-R{contribution.revision}" if contribution.revision else "")
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}.{extension}", content_type=contribution.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _revision_initial(number: str) -> dict[str, Any]:
    """The form filled in from a number's latest revision, to submit the next one."""
    revisions = selectors.revisions(number=normalise_number(number)) if number else []
    if not revisions:
        return {"number": number}
    latest = revisions[0]
    return {
        "number": latest.number,
        "title": latest.title,
        "group": latest.group_id,
        "meeting": latest.meeting.code if latest.meeting else "",
        "question": latest.question,
        "revision": latest.revision + 1,
    }


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        form.add_error(key if key in form.fields else None, errors)


@login_required
def contribution_submit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A representative submits a contribution for an organisation they represent (or the next revision)."""
    organisations = selectors.submitting_for(user=request.user)
    if not organisations:
        raise PermissionDenied("meetings.submit_contribution_for")
    if request.method != "POST":
        initial = _revision_initial(request.GET.get("number", "").strip()[:40])
        form = ContributionForm(initial=initial, organisations=organisations)
        return render(request, "meetings/contribution_form.html", {"form": form})
    form = ContributionForm(request.POST, request.FILES, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contribution = submit_contribution(
                actor=request.user,
                number=data["number"],
                title=data["title"],
                group=data["group"],
                sources=form.sources(),
                upload=data["file"],
                meeting=data["meeting"],
                question=data["question"],
                revision=data["revision"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied:
            message = gettext("Only a representative of one of its sources, or the secretariat, may revise %(number)s.")
            form.add_error("number", message % {"number": normalise_number(data["number"])})
        else:
            messages.success(request, gettext("%(contribution)s was submitted.") % {"contribution": contribution})
            return redirect(reverse("meetings:contribution_detail", kwargs={"number": contribution.number}))
    return render(request, "meetings/contribution_form.html", {"form": form}, status=400)


urlpatterns: list[URLPattern] = [
    path("contributions/", contribution_list, name="contribution_list"),
    path("contributions/new/", contribution_submit, name="contribution_submit"),
    path("contributions/<str:number>/", contribution_detail, name="contribution_detail"),
    path("contributions/<str:number>/<int:revision>/download/", contribution_download, name="contribution_download"),
]
