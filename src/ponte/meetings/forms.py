"""Input of the meetings pages: registering someone for a meeting, filtering the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ponte.meetings.models import Meeting, RegistrationMode
from ponte.meetings.selectors import RegistrationChoices


class RegistrationForm(forms.Form):
    on_behalf = forms.ChoiceField(label=_("Register for"))
    participant_email = forms.EmailField(
        label=_("Participant's email"),
        required=False,
        help_text=_("Leave empty to register yourself. Others must have a Ponte account."),
    )
    mode = forms.ChoiceField(label=_("Participation"), widget=forms.RadioSelect)
    interpretation_language = forms.ChoiceField(label=_("Interpretation requested"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, choices: RegistrationChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        behalf: list[tuple[str, str]] = [(f"org:{o.pk}", o.name) for o in choices.organisations]
        behalf += [
            (f"country:{c.pk}", str(_("National delegation of %(country)s") % {"country": c.name}))
            for c in choices.delegations
        ]
        self._set_choices("on_behalf", behalf)
        modes = [(value, label) for value, label in RegistrationMode.choices]
        if not meeting.has_room:
            modes = [(RegistrationMode.REMOTE.value, RegistrationMode.REMOTE.label)]
        elif not meeting.offers_remote:
            modes = [(RegistrationMode.IN_PERSON.value, RegistrationMode.IN_PERSON.label)]
        self._set_choices("mode", modes)
        self.fields["mode"].initial = modes[0][0]
        names = dict(settings.LANGUAGES)
        languages = [("", _("None"))] + [(code, names[code]) for code in meeting.interpretation_languages]
        self._set_choices("interpretation_language", languages)

    def _set_choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = choices


class MeetingFilterForm(forms.Form):
    sector = forms.CharField(label=_("Sector"), required=False, max_length=8)
    group = forms.CharField(label=_("Group"), required=False, max_length=32)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    past = forms.BooleanField(label=_("Past meetings"), required=False)
