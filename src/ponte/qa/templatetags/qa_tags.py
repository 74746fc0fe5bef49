"""Template helpers of the Q&A pages: the small forms beside each post, and how people are named."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms, template
from django.utils import translation
from django.utils.safestring import mark_safe

from ponte.core.models import User
from ponte.qa import selectors
from ponte.qa.forms import FORMS_BY_ACTION, auto_id_for

register = template.Library()


@register.simple_tag(takes_context=True)
def post_form(context: dict[str, Any], post: Any, action: str) -> forms.Form:
    """The form of ``action`` ("flag", "hide", "follow-up") for a post: the refused one, with its errors, if this
    request refused it; otherwise an empty one whose ids are the post's own (several posts share the page)."""
    kind = selectors.kind_of(post)
    refused = context.get("invalid_forms", {}).get((kind, post.pk, action))
    if refused is not None:
        form: forms.Form = refused
        return form
    blank: forms.Form = FORMS_BY_ACTION[action](auto_id=auto_id_for(kind, post.pk, action))
    return blank


# The ids a blank field is rendered with once, then replaced by each post's own (``post_field``).
_PLACEHOLDER_KIND, _PLACEHOLDER_PK = "qa-blank-post", 0


@register.simple_tag(takes_context=True)
def post_field(context: dict[str, Any], post: Any, action: str, name: str) -> str:
    """Field ``name`` of the post's small form ``action`` with its label, help and errors (``as_field_group``).

    A thread shows these forms beside each post, hundreds on a busy one, and rendering Django's form templates for
    each took seconds for a signed-in reader; so a blank field is rendered once per request (per action, field and
    language) and given each post's ids. A form this request refused is rendered as it is, errors and values.
    """
    kind = selectors.kind_of(post)
    refused = context.get("invalid_forms", {}).get((kind, post.pk, action))
    if refused is not None:
        return str(refused[name].as_field_group())
    request = context.get("request")
    cache: dict[tuple[str, str, str], str] = {} if request is None else request.__dict__.setdefault("_qa_fields", {})
    key = (action, name, translation.get_language() or "")
    if key not in cache:
        blank = FORMS_BY_ACTION[action](auto_id=auto_id_for(_PLACEHOLDER_KIND, _PLACEHOLDER_PK, action))
        cache[key] = str(blank[name].as_field_group())
    placeholder = auto_id_for(_PLACEHOLDER_KIND, _PLACEHOLDER_PK, action).removesuffix("%s")
    return mark_safe(cache[key].replace(placeholder, auto_id_for(kind, post.pk, action).removesuffix("%s")))  # noqa: S308 - rendered by Django's form templates, escaped there


@register.simple_tag
def recommendation_options(choices: list[tuple[str, str]]) -> str:
    """The Recommendation suggestions' ``<option>``s, joined in Python: the template's loop over the thousands of
    the catalogue took a third of the question list's time."""
    options = (f'<option value="{escape(reference)}">{escape(title)}</option>' for reference, title in choices)
    return mark_safe("".join(options))  # noqa: S308 - every value escaped just above


@register.simple_tag(takes_context=True)
def form_refused(context: dict[str, Any], post: Any, action: str) -> bool:
    """Whether this request refused the form of ``action`` for the post (its ``<details>`` is then open)."""
    return (selectors.kind_of(post), post.pk, action) in context.get("invalid_forms", {})


@register.filter
def public_name(user: User | None) -> str:
    return selectors.public_name(user)


@register.filter
def post_kind(post: Any) -> str:
    return selectors.kind_of(post)


@register.filter
def html_lang(code: str) -> str:
    """The ``lang`` attribute of a language code: Chinese is written zh-CN, as in the page's own ``lang``."""
    return "zh-CN" if code == "zh-hans" else code


@register.filter
def post_author(post: Any) -> User | None:
    """Who wrote a question, an answer or a follow-up."""
    author: User | None = post.asked_by if selectors.kind_of(post) == "question" else post.author
    return author


@register.inclusion_tag("qa/_recommendation_questions.html", takes_context=True)
def recommendation_questions(context: dict[str, Any], recommendation: Any, limit: int = 5) -> dict[str, Any]:
    """On a Recommendation's page: its latest questions, a link to ask one about it, and its feed.

    ``{% load qa_tags %}{% recommendation_questions recommendation %}`` (one query).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "recommendation": recommendation,
        "questions": selectors.latest_questions(recommendation=recommendation, limit=limit),
        "label": f"{recommendation.sector.code} {recommendation.identifier}",
        "may_ask": bool(user is not None and user.has_perm("qa.ask_question")),
    }
