"""``{{ answer.body|user_text }}``: a person's Markdown as sanitised HTML (see ``ponte.core.text``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ponte.core.text import render_user_text

register = template.Library()


@register.filter
def user_text(value: str | None) -> SafeString:
    return render_user_text(value or "")
