"""Template helpers of the Q&A pages: the small forms beside each post, and how people are named."""

from __future__ import annotations

from typing import Any

from django import forms, template

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
