"""Input of the opportunity pages; the rules they lead to are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Country, Organisation
from ponte.opportunities.models import Opportunity, OpportunityKind, OpportunityState, https_only
from ponte.opportunities.services import MESSAGE_LIMIT, TEXT_LIMITS, text_field_names
from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism

TEXT_LABELS = {"title": _("Title"), "summary": _("Summary"), "description": _("Description")}


def html_lang(code: str) -> str:
    """The ``lang`` attribute of a language code: Chinese is written zh-CN, as in the page's own ``lang``."""
    return "zh-CN" if code == "zh-hans" else code


def _set_choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one
    field.choices = choices


class RegionChoiceField(forms.ModelMultipleChoiceField[BeneficiaryRegion]):
    """Regions by name (Africa), not by code (AFR)."""

    def label_from_instance(self, obj: BeneficiaryRegion) -> str:
        return str(obj.name)


def _areas() -> forms.ModelMultipleChoiceField[ActionArea]:
    return forms.ModelMultipleChoiceField(
        ActionArea.objects.order_by("position"),
        label=_("Action areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _regions() -> RegionChoiceField:
    return RegionChoiceField(
        BeneficiaryRegion.objects.order_by("position"),
        label=_("Regions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _mechanisms(label: Any) -> forms.ModelMultipleChoiceField[FundingMechanism]:
    return forms.ModelMultipleChoiceField(
        FundingMechanism.objects.order_by("position"), label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


class OpportunityForm(forms.Form):
    """An opportunity as the secretariat writes it: its texts in six languages (English required) and its lists."""

    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    action_areas = _areas()
    regions = _regions()
    countries: forms.ModelMultipleChoiceField[Country] = forms.ModelMultipleChoiceField(
        Country.objects.order_by("name"),
        label=_("Beneficiary countries"),
        required=False,
        help_text=_("Optional. Hold Ctrl (or ⌘) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    mechanisms = _mechanisms(_("Funding mechanisms sought"))
    budget_sought = forms.DecimalField(
        label=_("Budget sought"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        min_length=3,
        initial="USD",
        help_text=_("Three-letter ISO 4217 code: USD, CHF, EUR…"),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[https_only],
        help_text=_("An https:// address; it is shown as a link, never embedded."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action_areas"].help_text = _("At least one is needed to publish.")
        self.fields["regions"].help_text = _("At least one is needed to publish; Global if it is for all.")
        for code, name in settings.LANGUAGES:
            attrs = {"lang": html_lang(code), "dir": "rtl" if code == "ar" else "ltr"}
            for field, label in TEXT_LABELS.items():
                english_required = code == "en" and field != "description"
                name_of_field = build_localized_fieldname(field, code)
                widget: forms.Widget = (
                    forms.TextInput(attrs=attrs | {"class": "wide"})
                    if field == "title"
                    else forms.Textarea(attrs=attrs | {"rows": 3 if field == "summary" else 8, "class": "wide"})
                )
                self.fields[name_of_field] = forms.CharField(
                    label=_("%(field)s (%(language)s)") % {"field": label, "language": name},
                    required=english_required,
                    max_length=TEXT_LIMITS[field],
                    widget=widget,
                )

    @classmethod
    def initial_of(cls, opportunity: Opportunity) -> dict[str, Any]:
        """The form's starting values for editing ``opportunity``."""
        initial: dict[str, Any] = {name: getattr(opportunity, name) or "" for name in text_field_names()}
        return initial | {
            "kind": opportunity.kind,
            "action_areas": list(opportunity.action_areas.all()),
            "regions": list(opportunity.regions.all()),
            "countries": list(opportunity.countries.all()),
            "mechanisms": list(opportunity.mechanisms.all()),
            "budget_sought": opportunity.budget_sought,
            "currency": opportunity.currency,
            "video_url": opportunity.video_url,
        }

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()

    def language_sections(self) -> list[tuple[str, str, Any, list[forms.BoundField]]]:
        """The texts grouped by language for the page, English first: (code, ``lang`` attribute, name, fields)."""
        english_first = sorted(settings.LANGUAGES, key=lambda language: language[0] != settings.LANGUAGE_CODE)
        return [
            (code, html_lang(code), name, [self[build_localized_fieldname(field, code)] for field in TEXT_LABELS])
            for code, name in english_first
        ]

    def list_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("action_areas", "regions", "countries", "mechanisms")]

    def money_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("budget_sought", "currency", "video_url")]

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned input as the services take it."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "texts": {name: data.get(name, "") for name in text_field_names()},
            "action_areas": data["action_areas"],
            "regions": data["regions"],
            "countries": data["countries"],
            "mechanisms": data["mechanisms"],
            "budget_sought": data["budget_sought"],
            "currency": data["currency"],
            "video_url": data["video_url"],
        }


class PitchDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES, initial="en")
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PowerPoint (PPTX) or Word (DOCX), at most 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.pptx,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.presentationml.presentation,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


class FocusForm(forms.Form):
    """What an organisation looks for; the recommendations follow it."""

    action_areas = _areas()
    regions = _regions()
    mechanisms = _mechanisms(_("Funding mechanisms you could offer"))
    wants_digest = forms.BooleanField(
        label=_("Email me new opportunities that match this focus"),
        required=False,
        help_text=_("At most one email a day, only when something new matches."),
    )


class InterestForm(forms.Form):
    """Expressing interest: for which of the reader's organisations, and a word to the secretariat."""

    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    message = forms.CharField(
        label=_("Message to the secretariat (optional)"),
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you could bring: funding, expertise, equipment, a team on the ground…"),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        _set_choices(self.fields["organisation"], [(pk, str(org)) for pk, org in self.organisations.items()])
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].pk

    def chosen_organisation(self) -> Organisation:
        return self.organisations[self.cleaned_data["organisation"]]


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    area = forms.ChoiceField(label=_("Action area"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OpportunityKind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = [(area.code, area.name) for area in ActionArea.objects.order_by("position")]
        _set_choices(self.fields["area"], [("", _("All action areas")), *areas])
        regions = [(region.code, region.name) for region in BeneficiaryRegion.objects.order_by("position")]
        _set_choices(self.fields["region"], [("", _("All regions")), *regions])

    def filters(self) -> dict[str, str]:
        """The chosen filters, empty when none or when the input is not valid."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "area": data["area"],
            "region": data["region"],
            "kind": data["kind"],
            "text": data["q"].strip(),
        }


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *OpportunityState.choices]
    )
