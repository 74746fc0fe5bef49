"""API of "My portal": the same sections as the page, and what the account follows.

Session authentication: 401 without a session; each account reads and changes only its own follows. Following
a draft opportunity or an unknown target answers 404, a closed opportunity or an inactive group 403.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

import dataclasses
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from ponte.core.actions import require_request
from ponte.portal import selectors, services
from ponte.portal.models import Follow
from ponte.portal.schemas import FollowIn, FollowOut, Kind, PortalOut
from ponte.portal.views import find_target
from ponte.tokens.auth import session_or_token

router = Router(tags=["portal"])


@router.get("/", response=PortalOut, auth=session_or_token)
def my_portal(request: HttpRequest) -> Any:
    """Everything that concerns the signed-in account, in the page's order: a count, the first five items with
    the address where each is acted on, the full list's address, and how to start when a section is empty."""
    require_request(request, "portal.view_portal")
    portal = selectors.portal_for(user=request.user)  # type: ignore[arg-type]
    return {"action_count": portal.action_count, "sections": [dataclasses.asdict(s) for s in portal.sections]}


def _out(follow: Follow) -> dict[str, Any]:
    target = follow.target
    return {
        "id": follow.pk,
        "kind": follow.kind.value,
        "target_id": target.pk,
        "title": str(target),
        "url": target.get_absolute_url(),
        "created_at": follow.created_at,
    }


@router.get("/follows", response=list[FollowOut], auth=session_or_token)
def list_follows(request: HttpRequest) -> Any:
    """The groups, Recommendations and opportunities the account follows, newest first."""
    require_request(request, "portal.view_portal")
    return [_out(follow) for follow in selectors.follows_of(user=request.user)]  # type: ignore[arg-type]


@router.post("/follows", response={200: FollowOut, 201: FollowOut}, auth=session_or_token)
def follow(request: HttpRequest, payload: FollowIn) -> Any:
    """Follow a group, a Recommendation or a published opportunity: 201 when new, 200 when already followed."""
    target = find_target(payload.kind, payload.id, request.user)
    existed = selectors.follow_of(user=request.user, target=target) is not None
    made = services.follow(actor=request.user, target=target)  # type: ignore[arg-type]
    return Status(200 if existed else 201, _out(made))


@router.delete("/follows", response={204: None}, auth=session_or_token)
def unfollow(request: HttpRequest, kind: Kind, id: int) -> Any:
    """Stop following (204 whether it was followed or not)."""
    target = find_target(kind, id, request.user)
    services.unfollow(actor=request.user, target=target)  # type: ignore[arg-type]
    return Status(204, None)
