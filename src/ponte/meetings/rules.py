"""Who may register whom, cancel, and see the secretariat's figures of a meeting: the one place that says it."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone

from ponte.core.models import Affiliation, Country, Organisation, OrganisationCategory
from ponte.core.rules import is_secretariat, scopes_of
from ponte.meetings.models import Registration, RegistrationState


@rules.predicate
def represents(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in scopes_of(user).organisations


@rules.predicate
def is_focal_point_of(user: Any, country: Country | None) -> bool:
    return country is not None and country.pk in scopes_of(user).countries


@rules.predicate
def answers_for_registration(user: Any, registration: Registration | None) -> bool:
    """The registered person, who registered them, their organisation's representative or delegation's focal
    point."""
    if registration is None or not user.is_authenticated:
        return False
    scopes = scopes_of(user)
    return (
        registration.registered_by_id == user.pk
        or registration.person.user_id == user.pk
        or (registration.organisation_id is not None and registration.organisation_id in scopes.organisations)
        or (registration.delegation_id is not None and registration.delegation_id in scopes.countries)
    )


@rules.predicate
def takes_part_in_the_work(user: Any) -> bool:
    """Someone doing the groups' work, as ITU's TIES accounts: anyone with a role (secretariat, focal point,
    representative, expert), the current staff of a listed member organisation (an administration, or an
    organisation that joined a group), or a delegate registered for a meeting. Sign-up is open, so an account
    alone is not enough. Read once per request."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached: bool | None = getattr(user, "_ponte_takes_part", None)
    if cached is not None:
        return cached
    scopes = scopes_of(user)
    found = scopes.secretariat or bool(scopes.countries or scopes.organisations or scopes.groups)
    if not found:
        today = timezone.localdate()
        member = Q(organisation__category=OrganisationCategory.ADMINISTRATION) | Q(organisation__groups__isnull=False)
        staff = Affiliation.objects.filter(
            member,
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            person__user=user,
            organisation__listed=True,
            organisation__is_active=True,
        )
        delegate = Registration.objects.filter(person__user=user).exclude(state=RegistrationState.CANCELLED)
        found = staff.exists() or delegate.exists()
    user._ponte_takes_part = found
    return found


rules.add_perm("meetings.view_meeting", rules.always_allow)
rules.add_perm("meetings.register_for_organisation", represents | is_secretariat)
rules.add_perm("meetings.register_in_delegation", is_focal_point_of | is_secretariat)
rules.add_perm("meetings.view_registration", answers_for_registration | is_secretariat)
rules.add_perm("meetings.cancel_registration", answers_for_registration | is_secretariat)
rules.add_perm("meetings.view_participation_figures", is_secretariat)
rules.add_perm("meetings.record_attendance", is_secretariat)
# Fellowships: the focal point nominates its country's candidates; the secretariat decides.
rules.add_perm("meetings.nominate_fellow", is_focal_point_of)
rules.add_perm("meetings.decide_fellowship", is_secretariat)
rules.add_perm("meetings.view_fellowships", is_secretariat)
# Contributions: a representative submits for its own organisation (the rights module says whether it may).
rules.add_perm("meetings.submit_contribution_for", represents | is_secretariat)
rules.add_perm("meetings.view_contribution", takes_part_in_the_work)
# Leadership: the secretariat records appointments.
rules.add_perm("meetings.appoint_leadership", is_secretariat)

# The admin asks for Django's model permissions: meetings are managed by the secretariat.
for _model in ("meeting", "registration", "attendance", "fellowship", "contribution", "leadershippost"):
    for _action in ("add", "change", "view"):
        if not rules.perm_exists(f"meetings.{_action}_{_model}"):
            rules.add_perm(f"meetings.{_action}_{_model}", is_secretariat)
