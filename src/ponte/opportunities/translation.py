"""Opportunity texts in six languages (django-modeltranslation), then history (registered after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.opportunities.models import Opportunity


@register(Opportunity)
class OpportunityTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


simple_history.register(Opportunity, m2m_fields=["action_areas", "regions", "countries", "mechanisms"])
