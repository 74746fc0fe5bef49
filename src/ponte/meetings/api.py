"""Meetings API: the public list and pages of meetings, the caller's own registrations, the contributions (for the
people taking part in the work), fellowships (a focal point's own nominations, the secretariat's decisions) and
the groups' leadership (public).

Permissions are the pages' (``ponte.meetings.rules``): what a page refuses is 401 without an account and 403 with
one; a record that does not exist is 404; invalid filters are 422 with the errors per field.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime, and a paginated view's
string annotations would not resolve.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from ponte.core.actions import require_request
from ponte.core.models import Group
from ponte.core.pagination import KeysetPagination, LimitOffsetPagination
from ponte.meetings import selectors
from ponte.meetings.models import Meeting
from ponte.meetings.schemas import (
    ContributionDetailOut,
    ContributionFilter,
    ContributionOut,
    FellowshipBudgetOut,
    GroupLeadershipOut,
    LeadershipBalanceOut,
    LeadershipQuery,
    MeetingDetailOut,
    MeetingFellowshipsOut,
    MeetingFilter,
    MeetingOut,
    NominationOut,
    RegionalBalanceOut,
    RegistrationOut,
)
from ponte.meetings.selectors import contributions as contribution_selectors
from ponte.meetings.selectors import fellowships as fellowship_selectors
from ponte.meetings.selectors import leadership as leadership_selectors
from ponte.meetings.services import fellowships as fellowship_services
from ponte.meetings.services.contributions import normalise_number
from ponte.tokens.auth import session_or_token

router = Router(tags=["meetings"])

# The page's order of the list (newest first), ending in the id so that a page boundary never repeats a row.
CONTRIBUTION_ORDER = ("-submitted_at", "number", "-id")

# Addresses of one segment ("/contributions", "/leadership") come before a meeting's "/{code}", which would take
# them as a meeting's code: the router matches in the order of the operations below.


@router.get("/", response=list[MeetingOut])
@paginate(LimitOffsetPagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> Any:
    """Upcoming meetings (or past ones with ``past=true``), filtered by sector, group code and year. Limit and
    offset: a few hundred meetings a year."""
    return selectors.meetings(**filters.dict())


# --- Contributions ---------------------------------------------------------------------------------------------


@router.get("/contributions", response=list[ContributionOut], auth=session_or_token)
@paginate(KeysetPagination, ordering=CONTRIBUTION_ORDER)
def list_contributions(request: HttpRequest, filters: Query[ContributionFilter]) -> Any:
    """The latest revision of each contribution, newest first, searched and filtered as on the contributions page.
    For the people taking part in the work (a role, the staff of a member organisation, a registered delegate);
    403 for any other account. In pages from a cursor (the table grows without bound): follow ``next``."""
    require_request(request, "meetings.view_contribution")
    return contribution_selectors.contributions(**filters.filters())


@router.get("/contributions/{number}", response=ContributionDetailOut, auth=session_or_token)
def get_contribution(request: HttpRequest, number: str) -> Any:
    """A contribution by number (case and spaces ignored): its latest revision, and every revision with the
    address of its file on the page's download route. For the people taking part in the work, as the list."""
    require_request(request, "meetings.view_contribution")
    revisions = contribution_selectors.revisions(number=normalise_number(number))
    if not revisions:
        raise Http404
    latest = revisions[0]
    latest.all_revisions = revisions  # type: ignore[attr-defined]
    return latest


# --- Fellowships -----------------------------------------------------------------------------------------------


@router.get("/fellowships/mine", response=list[NominationOut], auth=session_or_token)
@paginate(LimitOffsetPagination)
def my_nominations(request: HttpRequest) -> Any:
    """A focal point's nominations for its countries and what became of them, latest meetings first; 403 for
    anyone else. Limit and offset: a few countries' candidates."""
    countries = fellowship_selectors.nomination_countries(user=request.user)
    if not countries:
        raise PermissionDenied("meetings.nominate_fellow")
    return fellowship_selectors.nominations_of(countries=countries)


@router.get("/{code}/fellowships", response=MeetingFellowshipsOut, auth=session_or_token)
def meeting_fellowships(request: HttpRequest, code: str) -> Any:
    """The secretariat's view of a meeting's fellowships: the budget used and left, and every candidate by
    priority with the decision. 403 for anyone else; 404 for an unknown meeting."""
    meeting: Meeting = get_object_or_404(Meeting.objects.select_related("group__sector", "country"), code=code)
    require_request(request, "meetings.decide_fellowship", meeting)
    return {
        "meeting": meeting.code,
        "nominations_close_on": fellowship_services.nominations_close_on(meeting),
        "budget": FellowshipBudgetOut.from_budget(fellowship_selectors.fellowship_budget(meeting)),
        "candidates": list(fellowship_selectors.candidates(meeting=meeting)),
    }


# --- Leadership ------------------------------------------------------------------------------------------------


@router.get("/leadership", response=GroupLeadershipOut)
def group_leadership(request: HttpRequest, where: Query[LeadershipQuery]) -> Any:
    """A group's current leaders and its subgroups' (public, as the group's leadership page), with the regional
    balance of their posts; 404 for an unknown group. Not paged: a group has a few dozen posts."""
    group: Group = get_object_or_404(
        Group.objects.select_related("sector"), sector__code=where.sector, code=where.group
    )
    balances = leadership_selectors.regional_balance(within=group)
    return {
        "sector": group.sector.code,
        "group": group.code,
        "title": str(group.title),
        "posts": list(leadership_selectors.current_leadership(group=group)),
        "balance": [RegionalBalanceOut.from_balance(balance) for balance in balances],
        "total": RegionalBalanceOut.from_balance(leadership_selectors.combined(balances)),
    }


@router.get("/leadership/balance", response=LeadershipBalanceOut)
def leadership_balance(request: HttpRequest) -> Any:
    """The regional balance of current leadership posts across all groups (public, as the overview page)."""
    balances = leadership_selectors.regional_balance()
    return {
        "groups": [RegionalBalanceOut.from_balance(balance) for balance in balances],
        "total": RegionalBalanceOut.from_balance(leadership_selectors.combined(balances)),
    }


# --- Registrations, then a meeting by its code (last: it takes any one segment) ---------------------------------


@router.get("/registrations/mine", response=list[RegistrationOut], auth=session_or_token)
@paginate(LimitOffsetPagination)
def my_registrations(request: HttpRequest) -> Any:
    """The caller's own registrations and those they made for others. Limit and offset: one account's."""
    return selectors.registrations_of(user=request.user)


@router.get("/{code}", response=MeetingDetailOut)
def get_meeting(request: HttpRequest, code: str) -> Any:
    """A meeting by its code, with how many are registered in person and remotely (public)."""
    try:
        return selectors.meeting_detail(code=code)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
