"""Input of the experts pages; the rules they lead to are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Country, Person
from ponte.experts.models import CertificateStatus, Workshop, WorkshopKind
from ponte.experts.services import MAX_VALIDITY_YEARS, TEXT_LIMITS, text_field_names
from ponte.partnerships.models import Partner

TEXT_LABELS = {"title": _("Title"), "description": _("Description")}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def html_lang(code: str) -> str:
    return "zh-CN" if code == "zh-hans" else code


def _countries() -> forms.ModelChoiceField[Country]:
    field: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        Country.objects.order_by("name"), label=_("Country"), to_field_name="alpha3"
    )
    return field


class WorkshopForm(forms.Form):
    """A workshop as the secretariat records it: its title in six languages (English required), dates, place,
    partners."""

    kind = forms.ChoiceField(label=_("Kind"), choices=WorkshopKind.choices)
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    city = forms.CharField(label=_("City"), max_length=120)
    country = _countries()
    partners: forms.ModelMultipleChoiceField[Partner] = forms.ModelMultipleChoiceField(
        Partner.objects.filter(is_active=True).order_by("name"),
        label=_("Partners in the partner directory"),
        required=False,
        help_text=_("Optional. Hold Ctrl (or ⌘) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    other_partners = forms.CharField(
        label=_("Other partners"),
        required=False,
        max_length=500,
        help_text=_("Partners that are not in the directory, separated by semicolons."),
        widget=forms.TextInput(attrs={"class": "wide"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            attrs = {"lang": html_lang(code), "dir": "rtl" if code == "ar" else "ltr", "class": "wide"}
            for field, label in TEXT_LABELS.items():
                widget: forms.Widget = (
                    forms.TextInput(attrs=attrs) if field == "title" else forms.Textarea(attrs=attrs | {"rows": 3})
                )
                self.fields[build_localized_fieldname(field, code)] = forms.CharField(
                    label=_("%(field)s (%(language)s)") % {"field": label, "language": name},
                    required=code == "en" and field == "title",
                    max_length=TEXT_LIMITS[field],
                    widget=widget,
                )

    @classmethod
    def initial_of(cls, workshop: Workshop) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(workshop, name) or "" for name in text_field_names()}
        return initial | {
            "kind": workshop.kind,
            "starts_on": workshop.starts_on,
            "ends_on": workshop.ends_on,
            "city": workshop.city,
            "country": workshop.country,
            "partners": list(workshop.partners.all()),
            "other_partners": workshop.other_partners,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned

    def fact_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("kind", "starts_on", "ends_on", "city", "country", "partners", "other_partners")
        ]

    def language_sections(self) -> list[tuple[str, str, Any, list[forms.BoundField]]]:
        return [
            (code, html_lang(code), name, [self[build_localized_fieldname(field, code)] for field in TEXT_LABELS])
            for code, name in settings.LANGUAGES
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "texts": {name: data.get(name, "") for name in text_field_names()},
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "city": data["city"],
            "country": data["country"],
            "partners": data["partners"],
            "other_partners": data["other_partners"],
        }


class KnownParticipantForm(forms.Form):
    """A participant already known to the platform, found by email."""

    email = forms.EmailField(label=_("Email of a person already on record"))
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        Country.objects.order_by("name"),
        label=_("Came from"),
        to_field_name="alpha3",
        required=False,
        help_text=_("Leave empty for the person's own country."),
    )
    trained = forms.BooleanField(label=_("Completed the training"), required=False)

    def clean_email(self) -> Person:
        person = Person.objects.filter(email__iexact=self.cleaned_data["email"].strip()).first()
        if person is None:
            raise forms.ValidationError(
                _("Nobody with this email is on record: add them as a new participant below."), code="unknown"
            )
        return person


class NewParticipantForm(forms.Form):
    """A participant not yet known to the platform: recorded as a person, then as a participant."""

    given_name = forms.CharField(label=_("Given name"), max_length=120)
    family_name = forms.CharField(label=_("Family name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"), required=False, help_text=_("Optional; never shown publicly."))
    country = _countries()
    trained = forms.BooleanField(label=_("Completed the training"), required=False)


class CertificateForm(forms.Form):
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_WIDGET)
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for three years. At most %(years)s years.") % {"years": MAX_VALIDITY_YEARS},
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the certificate revoked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the certificate's record; the public verification only says it was revoked."),
    )
    revoked_on = forms.DateField(
        label=_("Revoked from"), required=False, widget=DATE_WIDGET, help_text=_("Leave empty for today.")
    )


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        help_text=_("As printed on the certificate, e.g. ITU-INN-2017-0007-K4QX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = [(c.alpha3, c.name) for c in Country.objects.filter(people__innovation_certificates__isnull=False)
                     .distinct().order_by("name")]  # fmt: skip
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one above
        field.choices = [("", _("All countries")), *countries]

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"country": self.cleaned_data["country"], "text": self.cleaned_data["q"].strip()}


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status today"), required=False, choices=[("", _("Any status")), *CertificateStatus.choices]
    )

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "text": self.cleaned_data["q"].strip()}
