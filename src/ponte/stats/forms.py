"""The dashboard's filters: year, sector, group and region, the same as the API and the command take."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Region
from ponte.stats.selectors import group_code

SECTORS = ("ITU-T", "ITU-D", "ITU-R")


class ParticipationFilterForm(forms.Form):
    """Filters of the participation dashboard; empty fields mean "all"."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *((code, code) for code in SECTORS)]
    )
    group = forms.CharField(
        label=_("Group"), required=False, max_length=32, help_text=_("The group's short code, e.g. SG16 or TSAG.")
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)  # noqa: S101 - declared above
        year_field.choices = [("", _("All years")), *((str(year), str(year)) for year in years)]

    def clean_group(self) -> str:
        code: str = self.cleaned_data["group"].strip()
        stored = group_code(code)
        if stored is None:
            raise forms.ValidationError(
                _("There is no group with the code %(code)s."), code="unknown_group", params={"code": code}
            )
        return stored

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments, once the form is valid."""
        values = self.cleaned_data
        return {
            "year": values["year"],
            "sector": values["sector"],
            "group": values["group"],
            "region": values["region"],
        }
