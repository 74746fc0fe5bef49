"""Input of the Q&A pages. The limits and messages are the services'; the forms only read Recommendations and
groups by their references ("ITU-T H.702", "ITU-T SG16") and put every error at its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Group
from ponte.qa import selectors
from ponte.qa.models import FlagReason
from ponte.qa.services import LIMITS
from ponte.standards.models import Recommendation

RECOMMENDATION_FIELDS = ("recommendation_1", "recommendation_2", "recommendation_3")
DATALIST = "recommendation-choices"


def apply_errors(form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """A service's errors at the form's fields (``aliases`` renames the service's names); others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = (aliases or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


class GroupChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} — {obj.title}"


def _recommendation_field(number: int) -> forms.CharField:
    labels = {1: _("Recommendation"), 2: _("Another Recommendation"), 3: _("A third Recommendation")}
    return forms.CharField(
        label=labels[number],
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": DATALIST, "autocomplete": "off", "dir": "ltr"}),
    )


class QuestionForm(forms.Form):
    """A question as the asker writes it (``asking``: with the language and the group, which stay afterwards)."""

    title = forms.CharField(
        label=_("Title"),
        required=False,
        help_text=_("Your question in one sentence, e.g. “How do I test an IPTV terminal against H.702?”"),
        widget=forms.TextInput(attrs={"maxlength": LIMITS["title"], "dir": "auto", "class": "wide"}),
    )
    body = forms.CharField(
        label=_("Your question"),
        required=False,
        help_text=_(
            "What you read, what you tried, what is unclear. Markdown: **bold**, *italic*, lists, links. "
            "Write in the language you are most at ease with."
        ),
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": LIMITS["body"], "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    recommendation_1 = _recommendation_field(1)
    recommendation_2 = _recommendation_field(2)
    recommendation_3 = _recommendation_field(3)
    group = GroupChoiceField(
        queryset=Group.objects.none(),
        label=_("Group whose experts should answer"),
        required=False,
        empty_label=_("The group responsible for the first Recommendation"),
    )

    def __init__(self, *args: Any, asking: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asking = asking
        if asking:
            group_field = self.fields["group"]
            assert isinstance(group_field, forms.ModelChoiceField)  # noqa: S101 - declared as one
            group_field.queryset = selectors.group_choices()
            self.fields["language"].initial = (get_language() or settings.LANGUAGE_CODE).lower()
        else:
            del self.fields["language"]
            del self.fields["group"]
        self.chosen: list[Recommendation] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: list[Recommendation] = []
        for name in RECOMMENDATION_FIELDS:
            reference = (cleaned.get(name) or "").strip()
            if not reference:
                continue
            try:
                chosen.append(selectors.find_recommendation(reference, field_name=name))
            except ValidationError as error:
                apply_errors(self, error)
        self.chosen = chosen
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        """The service's arguments from what was understood (also of an invalid form, to check the rest)."""
        data = self.cleaned_data
        arguments: dict[str, Any] = {
            "title": data.get("title", ""),
            "body": data.get("body", ""),
            "recommendations": self.chosen,
        }
        if self.asking:
            arguments |= {"language": data.get("language", ""), "group": data.get("group")}
        return arguments

    @staticmethod
    def initial_for(recommendations: list[Recommendation]) -> dict[str, str]:
        return {name: str(rec) for name, rec in zip(RECOMMENDATION_FIELDS, recommendations, strict=False)}


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        required=False,
        help_text=_("Point to the clauses of the Recommendation and explain how to apply them. Markdown works."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": LIMITS["body"], "dir": "auto"}),
    )


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Follow-up"),
        required=False,
        help_text=_("A short comment, at most 600 characters: ask to clarify, thank, point to a text."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": LIMITS["follow_up"], "dir": "auto"}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=FlagReason.choices)
    note = forms.CharField(
        label=_("Note for the moderators"),
        required=False,
        help_text=_("Required for “Something else”."),
        widget=forms.TextInput(attrs={"maxlength": LIMITS["note"]}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it?"),
        required=False,
        help_text=_("Its author will read this."),
        widget=forms.TextInput(attrs={"maxlength": LIMITS["reason"]}),
    )


class LockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why lock it? (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": LIMITS["reason"]}),
    )


STATUS_CHOICES = [
    ("", _("Any")),
    ("unanswered", _("Unanswered")),
    ("answered", _("Answered")),
    ("accepted", _("With an accepted answer")),
]


class QuestionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    recommendation = forms.CharField(
        label=_("Recommendation"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": DATALIST, "autocomplete": "off", "placeholder": "ITU-T H.702"}),
    )
    group = GroupChoiceField(queryset=Group.objects.none(), label=_("Group"), required=False, empty_label=_("All"))
    status = forms.ChoiceField(label=_("Answers"), choices=STATUS_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Only my questions"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ModelChoiceField)  # noqa: S101 - declared as one
        group_field.queryset = selectors.group_choices()
        self.user = user
        if user is None or not user.is_authenticated:
            del self.fields["mine"]

    def clean_recommendation(self) -> Recommendation | None:
        reference = (self.cleaned_data.get("recommendation") or "").strip()
        if not reference:
            return None
        try:
            return selectors.find_recommendation(reference)
        except ValidationError as error:
            raise ValidationError(error.message_dict["recommendation"]) from error

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; nothing filtered when the form is invalid (its errors are shown)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        status = data.get("status") or ""
        return {
            "text": data.get("q") or "",
            "recommendation": data.get("recommendation"),
            "group": data.get("group"),
            "answered": {"answered": True, "unanswered": False}.get(status),
            "accepted": True if status == "accepted" else None,
            "asked_by": self.user if data.get("mine") else None,
        }


FORMS_BY_ACTION: dict[str, type[forms.Form]] = {"flag": FlagForm, "hide": HideForm, "follow-up": FollowUpForm}


def auto_id_for(kind: str, pk: int, action: str) -> str:
    """Field ids of a post's small form, unique on the page: "answer-12-flag-reason"."""
    return f"{kind}-{pk}-{action}-%s"
