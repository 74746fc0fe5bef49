"""Input of the fund's pages (the rules are the services')."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Country, Organisation
from ponte.funds.models import DisbursementPurpose, EntryKind, FundSource

ALL_YEARS = "all"


class ReportYearForm(forms.Form):
    year = forms.ChoiceField(label=_("Financial year"))

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [*((str(year), str(year)) for year in years), (ALL_YEARS, _("All years"))]

    def chosen_year(self) -> int | None:
        chosen = self.cleaned_data["year"]
        return None if chosen == ALL_YEARS else int(chosen)


class EntryFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Financial year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *EntryKind.choices])
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All")), *FundSource.choices])
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("All")), *DisbursementPurpose.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = [("", _("All")), *((year, str(year)) for year in years)]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


def _today() -> Any:
    return timezone.localdate()


class _EntryForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        min_length=3,
        initial="CHF",
        help_text=_("Three-letter ISO 4217 code: CHF, USD, EUR…"),
    )
    booked_on = forms.DateField(label=_("Booked on"), initial=_today, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(
        label=_("Financial year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Leave empty for the year of the booking date."),
    )
    description = forms.CharField(label=_("Description"), max_length=500)

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class ReceiptForm(_EntryForm):
    source = forms.ChoiceField(label=_("Source"), choices=FundSource.choices)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("None"),
    )
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Contributing country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
        help_text=_("Required for a voluntary contribution from a developing country."),
    )

    field_order = ["source", "amount", "currency", "booked_on", "year", "organisation", "country", "description"]


class DisbursementForm(_EntryForm):
    source = forms.ChoiceField(label=_("Charged to"), choices=FundSource.choices)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=DisbursementPurpose.choices)

    field_order = ["purpose", "source", "amount", "currency", "booked_on", "year", "description"]


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why reverse it"), max_length=500)
