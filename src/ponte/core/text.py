"""Text that people write (questions, answers, announcements) shown as HTML: Markdown, then sanitised.

One place for it, so no page can forget the sanitising: Markdown becomes HTML, then nh3 keeps only the
tags and attributes below (no script, style, event handler, iframe or image), links get
``rel="nofollow noopener"`` and only http(s) and mailto addresses survive.
"""

from __future__ import annotations

import html
import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "table", "thead",
    "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
MAX_LENGTH = 20_000
EXTENSIONS = ["fenced_code", "tables", "sane_lists"]

_converters = threading.local()


def _markdown(*, rich: bool) -> markdown.Markdown:
    """This thread's converter (a converter is not thread-safe), reset for each text: building one, with its
    extensions, cost more than converting a short answer (2.5 of 4 ms; a thread of 200 answers spent half a
    second on it)."""
    name = "rich" if rich else "plain"
    converter: markdown.Markdown | None = getattr(_converters, name, None)
    if converter is None:
        converter = markdown.Markdown(extensions=EXTENSIONS if rich else [], output_format="html")
        setattr(_converters, name, converter)
    return converter.reset()


def render_user_text(text: str) -> SafeString:
    """The HTML of a person's Markdown text, with everything unsafe removed."""
    html = _markdown(rich=True).convert(text[:MAX_LENGTH])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def plain_text(text: str) -> str:
    """The words of a person's Markdown text without any markup (for emails, feeds and search), unescaped:
    whoever shows it escapes it (templates do, plain-text emails need not)."""
    return html.unescape(nh3.clean(_markdown(rich=False).convert(text[:MAX_LENGTH]), tags=set())).strip()
