"""Campaign texts in six languages (django-modeltranslation), then history (registered after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.outreach.models import Campaign


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)


simple_history.register(Campaign, m2m_fields=["countries", "sectors", "groups"])
