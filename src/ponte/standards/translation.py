"""Recommendation titles and summaries in six languages (django-modeltranslation), then history (after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.standards.models import Recommendation


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "summary")


simple_history.register(Recommendation)
