"""The form that creates an API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.tokens.scopes import SCOPE_CHOICES


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the system using it.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Read lets the system look; write lets it act. Choose only what it needs."),
        error_messages={"invalid_choice": _("Unknown scope: %(value)s.")},
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Optional. Leave empty for a token that lasts until it is revoked."),
    )

    def cleaned(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
