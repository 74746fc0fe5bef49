"""Input of the conformity pages; the rules they lead to are the services'. Field names are the file's columns, so
an error of a service lands at the field of the page as it lands at the column of a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ponte.conformity import selectors
from ponte.conformity.importers import check_upload
from ponte.conformity.models import Declaration, ProductCategory, TestLab
from ponte.conformity.services import LIMITS, Entry
from ponte.core.models import Country
from ponte.standards.models import Recommendation

DATE_INPUT = {"type": "date"}


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one
    field.choices = choices


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown at the form's fields (at the top for what has no field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class FilterForm(forms.Form):
    """The search of the list, its export and (the same names) the API."""

    q = forms.CharField(label=_("Manufacturer, model, product or report"), required=False, max_length=100)
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, max_length=60, help_text=_("For example H.702 or ITU-T L.1000.")
    )
    lab = forms.TypedChoiceField(label=_("Test lab"), required=False, coerce=int, empty_value=None)
    country = forms.ChoiceField(label=_("Manufacturer's country"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    validity = forms.ChoiceField(label=_("Validity"), required=False)

    def __init__(self, *args: Any, may_see_withdrawn: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["lab"], [("", _("All labs")), *selectors.lab_choices()])
        countries = [(country.alpha3, country.name) for country in selectors.manufacturer_countries()]
        _set_choices(self.fields["country"], [("", _("All countries")), *countries])
        _set_choices(self.fields["category"], [("", _("All categories")), *ProductCategory.choices])
        validities = [("", _("Valid or expired")), ("valid", _("Valid now")), ("expired", _("Expired"))]
        if may_see_withdrawn:
            validities[0] = ("", _("All"))
            validities.append(("withdrawn", _("Withdrawn")))
        _set_choices(self.fields["validity"], validities)

    def clean_recommendation(self) -> str:
        text: str = self.cleaned_data["recommendation"].strip()
        if text and not selectors.recommendations_named(text).exists():
            raise forms.ValidationError(
                _("No Recommendation is known as %(name)s."), code="unknown", params={"name": text}
            )
        return text

    def filters(self) -> selectors.Filters:
        """The valid filters; an unknown Recommendation still filters (nothing matches it) beside its error."""
        if not self.is_bound:
            return selectors.Filters()
        self.is_valid()  # the valid fields are in cleaned_data, the others have their error
        cleaned: dict[str, Any] = self.cleaned_data
        recommendation = cleaned.get("recommendation") or ""
        if "recommendation" in self.errors:
            recommendation = str(self.data.get("recommendation", "")).strip()[:60]
        return selectors.Filters(
            text=(cleaned.get("q") or "").strip(),
            recommendation=recommendation,
            lab=cleaned.get("lab"),
            country=cleaned.get("country") or "",
            category=cleaned.get("category") or "",
            validity=cleaned.get("validity") or "",
        )


class _RecommendationChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Recommendation) -> str:
        return f"{obj.sector.code} {obj.identifier} — {obj.title}"


def _recommendations(queryset: Any) -> _RecommendationChoice:
    return _RecommendationChoice(
        queryset,
        label=_("Recommendations the product conforms to"),
        help_text=_("Those in the accreditation scope of the lab."),
        widget=forms.CheckboxSelectMultiple,
    )


def _report_fields() -> dict[str, forms.Field]:
    return {
        "report_reference": forms.CharField(label=_("Test report reference"), max_length=LIMITS["report_reference"]),
        "report_date": forms.DateField(
            label=_("Report date"), widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE_INPUT)
        ),
        "valid_until": forms.DateField(
            label=_("Valid until"), widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE_INPUT)
        ),
    }


class DeclarationForm(forms.Form):
    """A new declaration: the lab, the product (found by manufacturer and model, or added) and the report."""

    lab = forms.ModelChoiceField(TestLab.objects.none(), label=_("Test lab"), empty_label=None)
    manufacturer = forms.CharField(
        label=_("Manufacturer"),
        max_length=LIMITS["manufacturer"],
        help_text=_("As recorded, if it is: the list suggests the known names."),
        widget=forms.TextInput(attrs={"list": "manufacturer-names", "autocomplete": "off"}),
    )
    manufacturer_country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        Country.objects.order_by("name"), label=_("Manufacturer's country"), to_field_name="alpha3"
    )
    model = forms.CharField(label=_("Model"), max_length=LIMITS["model"], help_text=_("As printed on the product."))
    product = forms.CharField(label=_("Product name"), max_length=LIMITS["product"])
    category = forms.ChoiceField(label=_("Category"), choices=ProductCategory.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional; Markdown. Left empty, a recorded product keeps its description."),
    )
    recommendations = _recommendations(Recommendation.objects.none())

    def __init__(self, *args: Any, labs: list[TestLab], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lab_field = self.fields["lab"]
        assert isinstance(lab_field, forms.ModelChoiceField)  # noqa: S101 - declared as one
        lab_field.queryset = TestLab.objects.filter(pk__in=[lab.pk for lab in labs]).order_by("name")
        recommendation_field = self.fields["recommendations"]
        assert isinstance(recommendation_field, forms.ModelMultipleChoiceField)  # noqa: S101
        recommendation_field.queryset = selectors.scope_of_labs(labs)
        self.fields.update(_report_fields())

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            lab=data["lab"],
            manufacturer=data["manufacturer"],
            manufacturer_country=data["manufacturer_country"],
            model=data["model"],
            product=data["product"],
            category=data["category"],
            recommendations=tuple(data["recommendations"]),
            report_reference=data["report_reference"],
            report_date=data["report_date"],
            valid_until=data["valid_until"],
            description=data["description"] or None,
        )


class DeclarationChangeForm(forms.Form):
    """Corrections of a declaration and of its product's name, category and description."""

    product = forms.CharField(label=_("Product name"), max_length=LIMITS["product"])
    category = forms.ChoiceField(label=_("Category"), choices=ProductCategory.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional; Markdown."),
    )
    recommendations = _recommendations(Recommendation.objects.none())

    def __init__(self, data: Any = None, *, declaration: Declaration, **kwargs: Any) -> None:
        product = declaration.product
        initial = {
            "product": product.name,
            "category": product.category,
            "description": product.description,
            "recommendations": list(declaration.recommendations.all()),
            "report_reference": declaration.report_reference,
            "report_date": declaration.report_date,
            "valid_until": declaration.valid_until,
        }
        super().__init__(data, initial=initial, **kwargs)
        recommendation_field = self.fields["recommendations"]
        assert isinstance(recommendation_field, forms.ModelMultipleChoiceField)  # noqa: S101
        in_scope = Recommendation.objects.filter(test_labs=declaration.lab_id)
        current = declaration.recommendations.all()
        recommendation_field.queryset = (
            (
                Recommendation.objects.filter(pk__in=in_scope.values("pk"))
                | Recommendation.objects.filter(pk__in=current.values("pk"))
            )
            .select_related("sector")
            .order_by("sector__code", "identifier")
        )
        self.fields.update(_report_fields())


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        max_length=LIMITS["reason"],
        help_text=_("Shown to the secretariat and the lab, e.g. “The manufacturer changed the firmware”."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Declarations file (CSV or XLSX)"),
        help_text=_(
            "Columns: manufacturer, manufacturer_country (ISO alpha-3), model, product, category, recommendations "
            "(separated by ;, e.g. ITU-T H.702;ITU-T F.921), lab, report_reference, report_date and valid_until "
            "(YYYY-MM-DD). At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            self.content = check_upload(upload)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from None
        return upload
