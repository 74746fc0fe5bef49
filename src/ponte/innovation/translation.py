"""Pillar names and assessment summaries in six languages (django-modeltranslation), then history (registered
after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.innovation.models import Assessment, Pillar


@register(Pillar)
class PillarTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Assessment)
class AssessmentTranslation(TranslationOptions):
    fields = ("summary",)


simple_history.register(Assessment)
