"""Forms of the partnership pages: the dashboard's period, the agreement list's filters, the agreements file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.partnerships.models import ActionArea, AgreementType, BeneficiaryRegion

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # 200,000 rows of an agreements file
FIRST_YEAR, LAST_YEAR = 1990, 2100


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


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or title"), required=False, max_length=100)
    partner = forms.CharField(label=_("Partner"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False)
    region = forms.ChoiceField(label=_("Beneficiary region"), required=False)
    action_area = forms.ChoiceField(label=_("Action area"), required=False)
    year_from = forms.IntegerField(
        label=_("Signed from (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("Signed until (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["type"], [("", _("All types")), *AgreementType.choices])
        regions = [(region.code, f"{region.name} ({region.code})") for region in BeneficiaryRegion.objects.all()]
        _set_choices(self.fields["region"], [("", _("All regions")), *regions])
        areas = [(area.code, area.name) for area in ActionArea.objects.all()]
        _set_choices(self.fields["action_area"], [("", _("All action areas")), *areas])


class AgreementFileForm(forms.Form):
    file = forms.FileField(
        label=_("Agreements file (CSV or XLSX)"),
        help_text=_(
            "Columns: reference, type, title, partner, partner_kind, signed_on (YYYY-MM-DD), value, currency, "
            "value_usd, regions, countries (ISO alpha-3), action_areas, amends. Separate several values with ;."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="type")
        if upload.size > MAX_UPLOAD_BYTES:
            message = _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            raise forms.ValidationError(message, code="size")
        return upload


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one above
    field.choices = choices
