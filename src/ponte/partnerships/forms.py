"""Forms of the partnership pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    """The dashboard's period: years by signing date, both inclusive; empty means since the first, until the last."""

    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1900, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1900, max_value=2100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None and first > last:
            raise forms.ValidationError(
                _("The period starts (%(first)s) after it ends (%(last)s)."),
                code="period",
                params={"first": first, "last": last},
            )
        return cleaned
