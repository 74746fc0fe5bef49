"""Workshop texts in six languages (django-modeltranslation), then history (registered after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.experts.models import Workshop


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "description")


simple_history.register(Workshop, m2m_fields=["partners"])
