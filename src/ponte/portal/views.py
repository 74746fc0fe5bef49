"""Pages of the personal portal: "My portal" and the one-click follow button's target.

Thin: ask ``rules``, call one selector or service, render or redirect back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ponte.core.actions import require_request
from ponte.core.models import Group
from ponte.opportunities.models import Opportunity
from ponte.portal import selectors, services
from ponte.portal.models import FollowKind
from ponte.standards.models import Recommendation


@login_required
@require_GET
def my_portal(request: HttpRequest) -> HttpResponse:
    """Everything that concerns the signed-in person, things needing action first."""
    require_request(request, "portal.view_portal")
    portal = selectors.portal_for(user=request.user)  # type: ignore[arg-type]
    return render(request, "portal/my_portal.html", {"portal": portal})


def find_target(kind: str, pk: int, viewer: Any) -> Any:
    """The group, Recommendation or opportunity ``kind`` and ``pk`` name, if the viewer may see it; else 404."""
    models: dict[str, type[Any]] = {
        FollowKind.GROUP: Group,
        FollowKind.RECOMMENDATION: Recommendation,
        FollowKind.OPPORTUNITY: Opportunity,
    }
    model = models.get(kind)
    target = model._default_manager.filter(pk=pk).first() if model else None
    if target is None:
        raise Http404
    # A draft opportunity is "not found" for everyone but the secretariat, here as on its page.
    if isinstance(target, Opportunity) and not viewer.has_perm("opportunities.view_opportunity", target):
        raise Http404
    return target


def _back(request: HttpRequest, target: Any) -> HttpResponse:
    """To the page the button was on (a safe ``next`` of this site), else to the target's own page."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect(target.get_absolute_url())


@login_required
@require_POST
def follow_toggle(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow (``action=follow``) or stop following (``action=unfollow``) a group, Recommendation or opportunity."""
    target = find_target(kind, pk, request.user)
    if request.POST.get("action") == "unfollow":
        services.unfollow(actor=request.user, target=target)  # type: ignore[arg-type]
        messages.success(request, _("You no longer follow %(name)s.") % {"name": target})
        return _back(request, target)
    try:
        services.follow(actor=request.user, target=target)  # type: ignore[arg-type]
    except PermissionDenied:
        messages.error(request, _("Only active groups, Recommendations and published opportunities can be followed."))
        return _back(request, target)
    messages.success(
        request,
        _("You follow %(name)s: its news is on your portal.") % {"name": target},
    )
    return _back(request, target)
