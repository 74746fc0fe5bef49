"""Input validation for applications and decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Group, Organisation
from ponte.membership.models import ApplicationKind, NationalSmeDefinition, PaymentMethod


class ApplicationForm(forms.Form):
    """What an organisation tells its administration when it applies."""

    kind = forms.ChoiceField(
        label=_("You apply for"),
        choices=ApplicationKind.choices,
        initial=ApplicationKind.PARTICIPATION,
        widget=forms.RadioSelect,
        help_text=_(
            "The SME programme lets an SME take part in study groups free of charge; membership is billed each "
            "year in the organisation's category."
        ),
    )

    employee_count = forms.IntegerField(label=_("Number of employees"), min_value=0)
    annual_turnover = forms.DecimalField(
        label=_("Annual turnover (optional)"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    turnover_currency = forms.CharField(label=_("Currency of the turnover"), max_length=3, initial="CHF")
    groups: forms.ModelMultipleChoiceField[Group] = forms.ModelMultipleChoiceField(
        label=_("Groups of interest"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group of interest.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = Group.objects.filter(is_active=True, kind__in=["study_group", "tsag"]).select_related("sector")
        field = self.fields["groups"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared just above
        field.queryset = groups

    def clean_turnover_currency(self) -> str:
        currency: str = self.cleaned_data["turnover_currency"].upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(_("Give the three-letter currency code, e.g. CHF."), code="currency")
        return currency


class RejectionForm(forms.Form):
    rejection_reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class SmeDefinitionForm(forms.ModelForm[NationalSmeDefinition]):
    class Meta:
        model = NationalSmeDefinition
        fields = ["max_employees", "max_turnover", "turnover_currency", "legal_basis"]


class TableUploadForm(forms.Form):
    """A CSV or XLSX file of at most 5 MB."""

    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="type")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="size")
        return upload


class BatchUploadForm(TableUploadForm):
    """A CSV or XLSX file of an association's member SMEs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns: name, country (ISO alpha-3), employee_count, annual_turnover, turnover_currency, "
            "groups (e.g. “ITU-T SG20; ITU-D SG2”), website."
        )


class BankStatementForm(TableUploadForm):
    """A bank statement exported as CSV or XLSX."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns: date (YYYY-MM-DD), amount, currency, reference, and optionally transaction_id. "
            "Credits whose reference holds an invoice number pay that invoice."
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("PDF file (at most 10 MB)"))


class SimulationForm(forms.Form):
    """An SME fee policy to try against the year's members."""

    year = forms.TypedChoiceField(label=_("Fee year"), coerce=int)
    threshold = forms.IntegerField(label=_("SME category: fewer employees than"), min_value=1, initial=300)
    sme_fee = forms.DecimalField(
        label=_("SME fee per year (CHF)"), min_value=0, max_digits=12, decimal_places=2, initial=2000
    )
    existing_may_switch = forms.BooleanField(
        label=_("Existing members that qualify may switch to the SME category"), required=False, initial=True
    )
    name = forms.CharField(label=_("Name, to save this scenario"), max_length=120, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)  # noqa: S101 - declared just above
        year_field.choices = [(year, str(year)) for year in years]


class PaymentForm(forms.Form):
    """Money received against an invoice, recorded by staff."""

    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=255, required=False)


class CancelInvoiceForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancellation"), widget=forms.Textarea(attrs={"rows": 2}))


class IssueInvoicesForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class MeetingDaysForm(forms.Form):
    """Pay-as-you-go participation to bill: who, which meeting, how many days."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    subject = forms.CharField(label=_("Meeting"), max_length=200, help_text=_("e.g. ITU-T SG16, Geneva, March"))
    days = forms.IntegerField(label=_("Meeting days"), min_value=1, max_value=60)
    held_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))


class MatchEntryForm(forms.Form):
    invoice = forms.CharField(label=_("Invoice number"), max_length=20)
