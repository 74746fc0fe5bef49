"""Input of the innovation pages; the rules they lead to are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.models import Country, Region
from ponte.experts.models import Certificate
from ponte.experts.services import normalise_number
from ponte.innovation.models import Assessment, LeadKind, Pillar
from ponte.innovation.services import EVIDENCE_LIMIT, SUMMARY_LIMIT, ScoreInput, evidence_field, score_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def html_lang(code: str) -> str:
    return "zh-CN" if code == "zh-hans" else code


class AssessmentForm(forms.Form):
    """An assessment as its lead writes it: country, date, lead, a summary in six languages, a score per pillar.

    A certified national expert chooses only among the countries it is certified for and always leads itself; the
    secretariat chooses any country and who leads (a national expert by certificate number)."""

    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        Country.objects.none(), label=_("Country"), to_field_name="alpha3"
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_WIDGET)
    led_by = forms.ChoiceField(label=_("Led by"), choices=LeadKind.choices, widget=forms.RadioSelect)
    lead_certificate = forms.CharField(
        label=_("Certificate number of the national expert who leads"),
        required=False,
        max_length=40,
        help_text=_("Only when a national expert leads, e.g. ITU-INN-2017-0007-K4QX."),
    )

    def __init__(self, *args: Any, pillars: list[Pillar], countries: Any, may_lead_any: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pillars = pillars
        self.may_lead_any = may_lead_any
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ModelChoiceField)  # noqa: S101 - declared as one above
        country_field.queryset = countries
        if not may_lead_any:
            # A certified expert leads, with its own certificate: nothing to choose.
            del self.fields["led_by"]
            del self.fields["lead_certificate"]
            if len(countries) == 1:
                country_field.empty_label = None
                country_field.initial = countries[0]
        for code, name in settings.LANGUAGES:
            self.fields[build_localized_fieldname("summary", code)] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": name},
                required=False,
                max_length=SUMMARY_LIMIT,
                widget=forms.Textarea(
                    attrs={"rows": 4, "lang": html_lang(code), "dir": "rtl" if code == "ar" else "ltr", "class": "wide"}
                ),
            )
        for pillar in pillars:
            self.fields[score_field(pillar)] = forms.DecimalField(
                label=_("%(pillar)s: score (0 to 100)") % {"pillar": pillar.name},
                required=False,
                min_value=0,
                max_value=100,
                max_digits=4,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "100", "inputmode": "decimal"}),
            )
            self.fields[evidence_field(pillar)] = forms.CharField(
                label=_("%(pillar)s: evidence") % {"pillar": pillar.name},
                required=False,
                max_length=EVIDENCE_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2, "class": "wide"}),
                help_text=_("What the score rests on: sources, interviews, data. Markdown is allowed."),
            )

    @classmethod
    def initial_of(cls, assessment: Assessment) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "country": assessment.country,
            "assessed_on": assessment.assessed_on,
            "led_by": assessment.led_by,
            "lead_certificate": assessment.lead_certificate.number if assessment.lead_certificate else "",
        }
        for code, _name in settings.LANGUAGES:
            name = build_localized_fieldname("summary", code)
            initial[name] = getattr(assessment, name) or ""
        for score in assessment.scores.all():
            initial[score_field(score.pillar)] = score.score
            initial[evidence_field(score.pillar)] = score.evidence
        return initial

    def clean_lead_certificate(self) -> Certificate | None:
        number = normalise_number(self.cleaned_data.get("lead_certificate") or "")
        if not number:
            return None
        certificate = Certificate.objects.select_related("person").filter(number=number).first()
        if certificate is None:
            raise forms.ValidationError(_("No certificate has this number."), code="unknown")
        return certificate

    def fact_fields(self) -> list[forms.BoundField]:
        names = ["country", "assessed_on", "led_by", "lead_certificate"]
        return [self[name] for name in names if name in self.fields]

    def summary_fields(self) -> list[forms.BoundField]:
        return [self[build_localized_fieldname("summary", code)] for code, _name in settings.LANGUAGES]

    def pillar_sections(self) -> list[tuple[Pillar, forms.BoundField, forms.BoundField]]:
        return [(pillar, self[score_field(pillar)], self[evidence_field(pillar)]) for pillar in self.pillars]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            "led_by": data.get("led_by", LeadKind.NATIONAL_EXPERT),
            "lead_certificate": data.get("lead_certificate"),
            "texts": {field.name: data.get(field.name, "") for field in self.summary_fields()},
            "scores": {
                pillar.code: ScoreInput(data.get(score_field(pillar)), data.get(evidence_field(pillar)) or "")
                for pillar in self.pillars
            },
        }


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RegionFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("ITU-D region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )

    def chosen_region(self) -> str:
        return self.cleaned_data["region"] if self.is_bound and self.is_valid() else ""
