"""Input of the outreach pages; the rules they lead to are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Country, Group, Organisation, OrganisationCategory, Region, Sector
from ponte.outreach.models import Campaign, CampaignKind
from ponte.outreach.services import TEXT_LIMITS, Targeting, text_field_names

TEXT_LABELS = {"title": _("Title"), "body": _("Text")}


def html_lang(code: str) -> str:
    """The ``lang`` attribute of a language code: Chinese is written zh-CN, as in the page's own ``lang``."""
    return "zh-CN" if code == "zh-hans" else code


class CampaignForm(forms.Form):
    """A campaign as its writer sees it: kind, signature, texts in six languages (English required), audience."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices, widget=forms.RadioSelect)
    author_organisation = forms.TypedChoiceField(label=_("Written by"), coerce=int, required=False, empty_value=None)
    countries: forms.ModelMultipleChoiceField[Country] = forms.ModelMultipleChoiceField(
        Country.objects.order_by("name"),
        label=_("Countries"),
        required=False,
        help_text=_("Hold Ctrl (or ⌘) to choose several. None chosen: every country."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    regions = forms.MultipleChoiceField(
        label=_("ITU-D regions"), choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors: forms.ModelMultipleChoiceField[Sector] = forms.ModelMultipleChoiceField(
        Sector.objects.order_by("code"), label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    groups: forms.ModelMultipleChoiceField[Group] = forms.ModelMultipleChoiceField(
        Group.objects.filter(is_active=True)
        .select_related("sector")
        .order_by("sector__code", "kind", "number", "code"),
        label=_("Groups"),
        required=False,
        help_text=_("Organisations taking part in any of these groups."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Organisation categories"),
        choices=OrganisationCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: list[Organisation], may_sign_as_secretariat: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        field = self.fields["author_organisation"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared as one
        choices: list[tuple[Any, str]] = [(pk, str(org)) for pk, org in self.organisations.items()]
        if may_sign_as_secretariat:
            field.choices = [("", _("The secretariat")), *choices]
        else:
            field.required = True
            field.choices = choices
            # An association writes to its own country only (the services say so): nothing to choose.
            del self.fields["countries"]
        self.fields["groups"].label_from_instance = lambda group: f"{group.sector.code} {group.code}"  # type: ignore[attr-defined]
        for code, name in settings.LANGUAGES:
            attrs = {"lang": html_lang(code), "dir": "rtl" if code == "ar" else "ltr", "class": "wide"}
            for text, label in TEXT_LABELS.items():
                widget: forms.Widget = (
                    forms.TextInput(attrs=attrs) if text == "title" else forms.Textarea(attrs=attrs | {"rows": 10})
                )
                self.fields[build_localized_fieldname(text, code)] = forms.CharField(
                    label=_("%(field)s (%(language)s)") % {"field": label, "language": name},
                    required=code == "en",
                    max_length=TEXT_LIMITS[text],
                    widget=widget,
                    help_text=_("Markdown: **bold**, *italic*, lists, links.") if text == "body" else "",
                )

    @classmethod
    def initial_of(cls, campaign: Campaign) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(campaign, name) or "" for name in text_field_names()}
        return initial | {
            "kind": campaign.kind,
            "author_organisation": campaign.author_organisation_id,
            "countries": list(campaign.countries.all()),
            "regions": list(campaign.regions),
            "sectors": list(campaign.sectors.all()),
            "groups": list(campaign.groups.all()),
            "categories": list(campaign.categories),
        }

    def language_sections(self) -> list[tuple[str, str, Any, list[forms.BoundField]]]:
        """The texts grouped by language, English first: (code, ``lang`` attribute, name, fields)."""
        english_first = sorted(settings.LANGUAGES, key=lambda language: language[0] != settings.LANGUAGE_CODE)
        return [
            (code, html_lang(code), name, [self[build_localized_fieldname(field, code)] for field in TEXT_LABELS])
            for code, name in english_first
        ]

    def audience_fields(self) -> list[forms.BoundField]:
        names = ("countries", "regions", "sectors", "groups", "categories")
        return [self[name] for name in names if name in self.fields]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        author = data.get("author_organisation")
        return {
            "kind": data["kind"],
            "texts": {name: data.get(name, "") for name in text_field_names()},
            "author_organisation": self.organisations.get(author) if author else None,
            "targeting": Targeting.of(
                countries=data.get("countries", ()),
                regions=data["regions"],
                sectors=data["sectors"],
                groups=data["groups"],
                categories=data["categories"],
            ),
        }
