"""``{% follow_button obj %}``: the one-click "Follow" / "Following ✓" button of a group, Recommendation or
opportunity page (a sign-in link for anonymous visitors)."""

from __future__ import annotations

from typing import Any

from django import template

from ponte.portal import selectors
from ponte.portal.services import kind_of

register = template.Library()


@register.inclusion_tag("portal/includes/follow_button.html", takes_context=True)
def follow_button(context: template.Context, target: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    following = selectors.follow_of(user=user, target=target) is not None if signed_in else False
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "kind": kind_of(target).value,
        "signed_in": signed_in,
        "following": following,
        "may_follow": signed_in and (following or user.has_perm("portal.follow", target)),  # type: ignore[union-attr]
        "next": request.get_full_path() if request is not None else "",
    }
