"""Input of the privacy pages: email preferences, the deletion request and the secretariat's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.models import EmailKind

# What each kind of email is, in plain words (shown beside its checkbox).
EXPLANATIONS = {
    EmailKind.DECISIONS: _(
        "When an application, a meeting registration, a fellowship nomination or a sponsorship request of yours is "
        "decided, and when an application waits for your decision as a focal point."
    ),
    EmailKind.DEADLINES: _(
        "Reminders of an invoice of your organisation 7 days before it is due and the day it becomes overdue, of a "
        "meeting of a group you follow or your organisation takes part in 3 days before its registration closes if "
        "you are not registered, and, for focal points, of fellowship nominations 3 days before they close if your "
        "country has nominated no one."
    ),
    EmailKind.MATCHES: _(
        "New partner opportunities matching your organisation's focus, and interest in opportunities you published."
    ),
    EmailKind.ANSWERS: _(
        "Answers and follow-ups to your questions and posts in the Standards Q&A, new questions for your group "
        "if you are an expert, and questions waiting for an answer if you lead a group."
    ),
    EmailKind.NEWS: _("Newsletters and announcements of the programme."),
}


class EmailPreferenceForm(forms.Form):
    """One checkbox per kind of email a person may turn off."""

    wanted = forms.MultipleChoiceField(
        label=_("Email I want to receive"),
        choices=EmailKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and my personal data deleted once approved."),
        required=True,
        error_messages={"required": _("Tick the box to confirm the request.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: delete the personal data")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason (required to decline; the person reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
