"""Input validation for the core pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ponte.core.models import Country, Group, Organisation, OrganisationCategory, Person
from ponte.core.services import SELF_REGISTERED_CATEGORIES

TRANSLATED_DESCRIPTION = [f"description_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]


def _choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model-choice field, typed so its queryset can be narrowed."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


# Membership categories (Sector Member, Associate…) are granted by the
# secretariat; a focal point records national organisations of these kinds.
FOCAL_POINT_CATEGORIES = {
    OrganisationCategory.SME,
    OrganisationCategory.ACADEMIA,
    OrganisationCategory.SME_ASSOCIATION,
    OrganisationCategory.PRIVATE_COMPANY,
    OrganisationCategory.NGO,
}


class OrganisationForm(forms.ModelForm[Organisation]):
    """Edit an organisation; category and country are the secretariat's to change."""

    class Meta:
        model = Organisation
        fields = ["name", "category", "country", "employee_count", "website", *TRANSLATED_DESCRIPTION, "groups"]
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in TRANSLATED_DESCRIPTION},
        }

    def __init__(self, *args: Any, user: Any, focal_countries: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "groups").queryset = Group.objects.filter(is_active=True).select_related("sector")
        _choice_field(self, "country").queryset = Country.objects.filter(is_itu_member=True)
        is_secretariat = user.has_perm("core.access_admin")
        if not is_secretariat and self.instance.pk:
            del self.fields["category"]
            del self.fields["country"]
        elif not is_secretariat:
            # A focal point records organisations of its own country only.
            _choice_field(self, "country").queryset = Country.objects.filter(code__in=focal_countries)
            self.fields["country"].required = True
            cast(forms.ChoiceField, self.fields["category"]).choices = [
                (value, label) for value, label in OrganisationCategory.choices if value in FOCAL_POINT_CATEGORIES
            ]
        for code, name in settings.LANGUAGES:
            field = self.fields[f"description_{code.replace('-', '_')}"]
            field.label = _("Description (%(language)s)") % {"language": name}

    def clean_employee_count(self) -> int | None:
        count: int | None = self.cleaned_data.get("employee_count")
        category = self.cleaned_data.get("category", self.instance.category)
        if category == OrganisationCategory.SME and count is None:
            raise forms.ValidationError(_("An SME must state its number of employees."), code="required")
        return count


class ProfileForm(forms.ModelForm[Person]):
    """A person's own data; gender and birth year are optional and never shown publicly."""

    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    class Meta:
        model = Person
        fields = ["given_name", "family_name", "country", "gender", "birth_year", "language"]
        help_texts = {
            "gender": _("Optional. Used only, without names, for the women's share of participation."),
            "birth_year": _("Optional. Used only, without names, for the youth share of participation."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "country").queryset = Country.objects.all()


class StaffMemberForm(forms.Form):
    """Someone who works for an organisation; found by email if already on record."""

    given_name = forms.CharField(label=_("Given name"), max_length=120)
    family_name = forms.CharField(label=_("Family name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"))
    position = forms.CharField(label=_("Position"), max_length=160, required=False)


class OrganisationRegistrationForm(forms.Form):
    """The organisation a person works for, recorded by that person so that it can apply."""

    name = forms.CharField(label=_("Name of your organisation"), max_length=255)
    category = forms.ChoiceField(
        label=_("It is"),
        choices=[],
        initial=OrganisationCategory.SME,
        widget=forms.RadioSelect,
        help_text=_("Small and medium enterprises join the SME programme; the others may apply for membership."),
    )
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        help_text=_("Where it is registered: this country's administration approves it."),
    )
    employee_count = forms.IntegerField(label=_("Number of employees"), min_value=0)
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")
    position = forms.CharField(label=_("Your position in it (optional)"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "country").queryset = Country.objects.filter(is_itu_member=True)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (value, label) for value, label in OrganisationCategory.choices if value in SELF_REGISTERED_CATEGORIES
        ]
