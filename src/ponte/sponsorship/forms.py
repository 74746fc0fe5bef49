"""Forms of the sponsorship pages: choosing the sponsor of a quote, requesting, and the secretariat's decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.sponsorship.models import RequestState
from ponte.sponsorship.selectors import SponsorChoice
from ponte.sponsorship.services import MESSAGE_MAX


def _organisation_field(choices: list[SponsorChoice], label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[(choice.organisation.pk, choice.organisation.name) for choice in choices],
        error_messages={"invalid_choice": _("Choose one of the organisations you represent.")},
    )


class SponsorForm(forms.Form):
    """Which of the organisations the account represents the quote is for (a GET form: members first)."""

    def __init__(self, *args: Any, choices: list[SponsorChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(choices, _("Quote for"))


class RequestForm(forms.Form):
    """Request the quoted activity for the organisation of the quote (chosen above it), one the account
    represents: the sponsor asks for what it was shown."""

    message = forms.CharField(
        label=_("Message to the secretariat (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the contact person for the sponsorship, or what you would like to be shown."),
    )

    def __init__(self, *args: Any, choices: list[SponsorChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(choices, _("Sponsor"))
        self.fields["organisation"].widget = forms.HiddenInput()


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the sponsor (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it declined?"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the request is declined: the sponsor reads it.")},
        help_text=_("The sponsor reads it in the email telling the decision."),
    )


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *RequestState.choices])
