"""Event and activity texts in six languages (django-modeltranslation), then history (after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.sponsorship.models import Activity, SponsoredEvent


@register(SponsoredEvent)
class SponsoredEventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("name", "description")


simple_history.register(SponsoredEvent)
simple_history.register(Activity)
