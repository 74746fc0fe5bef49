"""``{{ answer.body|user_text }}``: a person's Markdown as sanitised HTML (see ``ponte.core.text``); ``{% comma %}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from ponte.core.text import render_user_text

register = template.Library()


@register.filter
def user_text(value: str | None) -> SafeString:
    return render_user_text(value or "")


@register.simple_tag
def comma() -> str:
    """The comma between the items of a list in the reader's language: "، " in Arabic, "、" in Chinese (the
    partner search joins its lists with the same word)."""
    return pgettext("between the items of a list", ", ")
