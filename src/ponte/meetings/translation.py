"""Meeting titles in six languages (django-modeltranslation), then history (registered after translation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from ponte.meetings.models import Meeting


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title",)


simple_history.register(Meeting)
