"""Mark staff-written texts with the language they are shown in: a text not yet translated falls back to English,
and an English paragraph in an Arabic page needs ``lang="en" dir="ltr"`` to be read (and laid out) as English."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

register = template.Library()

RIGHT_TO_LEFT = {"ar"}


def shown_language(instance: object, field: str) -> str:
    """The language the reader sees ``field`` in: theirs when translated, English (the fallback) otherwise."""
    language = get_language() or settings.LANGUAGE_CODE
    if getattr(instance, build_localized_fieldname(field, language), None):
        return language
    return settings.LANGUAGE_CODE


@register.filter
def lang_attrs(instance: object, field: str) -> SafeString:
    """``lang="…" dir="…"`` for the element holding ``instance.<field>``."""
    language = shown_language(instance, field)
    html_lang = "zh-CN" if language == "zh-hans" else language
    return format_html('lang="{}" dir="{}"', html_lang, "rtl" if language in RIGHT_TO_LEFT else "ltr")
