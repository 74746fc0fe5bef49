"""The public partner search page: "who could fund this?", with the evidence for each partner found.

The page takes the same parameters as the API (``action_area``, ``region``,
``country``, ``mechanism``, ``q``), by code, so a search can be shared as a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from ponte.core.actions import require_request
from ponte.core.models import Country
from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism
from ponte.partnerships.search import Criteria, PartnerMatch, PartnerSearch, match_partners

FOUND_IN = {
    "name": _("its name"),
    "profile": _("its mandate or development strategy"),
    "agreement titles": _("the titles of its agreements"),
}


class PartnerSearchForm(forms.Form):
    """What the partner should fund; every field optional, but not all empty."""

    action_area = forms.MultipleChoiceField(
        label=_("Action areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.MultipleChoiceField(
        label=_("Beneficiary regions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    country = forms.MultipleChoiceField(
        label=_("Beneficiary countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    mechanism = forms.ChoiceField(label=_("Funding mechanism"), required=False)
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        help_text=_("A theme, a name or a country, in any of the six languages."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("action_area", [(area.code, area.name) for area in ActionArea.objects.all()])
        self._choose("region", [(region.code, region.name) for region in BeneficiaryRegion.objects.all()])
        self._choose("country", list(Country.objects.values_list("alpha3", "name")))
        mechanisms = [(mechanism.code, mechanism.name) for mechanism in FundingMechanism.objects.all()]
        self._choose("mechanism", [("", _("Any")), *mechanisms])

    def _choose(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not self.errors and self.criteria().is_empty:
            raise forms.ValidationError(
                _("Choose at least one action area, region, country or funding mechanism, or type some words."),
                code="empty",
            )
        return cleaned

    def criteria(self) -> Criteria:
        values = self.cleaned_data
        return Criteria(
            action_areas=tuple(values.get("action_area", ())),
            regions=tuple(values.get("region", ())),
            countries=tuple(values.get("country", ())),
            mechanism=values.get("mechanism", ""),
            text=values.get("q", ""),
        )


@dataclass(frozen=True)
class ShownMatch:
    """A partner found, with its evidence in words of the page's language."""

    match: PartnerMatch
    declared: list[str]  # the requested areas, regions, countries and mechanism it declares
    agreements_in: list[str]  # the requested areas and regions of its matching agreements
    found_in: list[str]  # where its texts contain the words


def _shown(match: PartnerMatch, found: PartnerSearch) -> ShownMatch:
    declared = [area.name for area in match.declared_areas] + [region.name for region in match.declared_regions]
    declared += [country.name for country in match.declared_countries]
    declared += [found.mechanism.name] if match.declares_mechanism and found.mechanism else []
    return ShownMatch(
        match=match,
        declared=declared,
        agreements_in=[area.name for area in match.agreement_areas]
        + [region.name for region in match.agreement_regions],
        found_in=[str(FOUND_IN[field]) for field in match.text_found_in],
    )


@require_GET
def partner_search(request: HttpRequest) -> HttpResponse:
    """The search form and, once something is asked, the partners ranked with why each is there."""
    require_request(request, "partnerships.search_partners")
    form = PartnerSearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "separator": pgettext_lazy("between the items of a list", ", ")}
    if form.is_bound and form.is_valid():
        found = match_partners(form.criteria())
        context |= {"search": found, "results": [_shown(match, found) for match in found.results]}
    return render(request, "partnerships/search.html", context)


urlpatterns: list[URLPattern] = [
    path("partners/search/", partner_search, name="partner_search"),
]
