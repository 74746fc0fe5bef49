"""Who may do what with the core records: the one place that says it.

Roles are scoped (see ``Role``): the secretariat acts everywhere, a national
focal point for its own country only, an entity representative for its own
organisation, an expert in its group. Every view, admin page and API call asks
these rules through ``user.has_perm(...)``; nothing else decides access.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules

from ponte.core.models import Affiliation, Organisation, Person, Role, RoleKind


@dataclass(frozen=True)
class Scopes:
    """The active roles of one account, read once per request."""

    secretariat: bool
    countries: frozenset[str]
    organisations: frozenset[int]
    groups: frozenset[int]


_NO_SCOPES = Scopes(False, frozenset(), frozenset(), frozenset())


def scopes_of(user: Any) -> Scopes:
    """The account's active role scopes, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _NO_SCOPES
    cached: Scopes | None = getattr(user, "_ponte_scopes", None)
    if cached is not None:
        return cached
    rows = Role.objects.filter(user=user, revoked_at__isnull=True).values_list(
        "kind", "country_id", "organisation_id", "group_id"
    )
    kinds = {kind for kind, *_ in rows}
    scopes = Scopes(
        secretariat=user.is_superuser or RoleKind.SECRETARIAT in kinds,
        countries=frozenset(c for k, c, _o, _g in rows if k == RoleKind.FOCAL_POINT),
        organisations=frozenset(o for k, _c, o, _g in rows if k == RoleKind.REPRESENTATIVE),
        groups=frozenset(g for k, _c, _o, g in rows if k == RoleKind.EXPERT),
    )
    user._ponte_scopes = scopes
    return scopes


def forget_scopes(user: Any) -> None:
    """Drop the cached scopes after the account's roles changed."""
    if hasattr(user, "_ponte_scopes"):
        del user._ponte_scopes


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return scopes_of(user).secretariat


@rules.predicate
def is_focal_point(user: Any) -> bool:
    return bool(scopes_of(user).countries)


@rules.predicate
def is_representative(user: Any) -> bool:
    return bool(scopes_of(user).organisations)


@rules.predicate
def is_expert(user: Any) -> bool:
    return bool(scopes_of(user).groups)


@rules.predicate
def is_focal_point_of_organisation_country(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.country_id is not None and organisation.country_id in scopes_of(user).countries


@rules.predicate
def represents_organisation(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in scopes_of(user).organisations


@rules.predicate
def is_the_person(user: Any, person: Person | None) -> bool:
    return person is not None and person.user_id is not None and person.user_id == user.pk


@rules.predicate
def is_focal_point_of_person_country(user: Any, person: Person | None) -> bool:
    return person is not None and person.country_id is not None and person.country_id in scopes_of(user).countries


@rules.predicate
def represents_person_organisation(user: Any, person: Person | None) -> bool:
    """The person currently works for an organisation the account represents."""
    organisations = scopes_of(user).organisations
    if person is None or not organisations:
        return False
    return Affiliation.objects.filter(person=person, organisation_id__in=organisations, ended_on__isnull=True).exists()


@rules.predicate
def is_listed(user: Any, organisation: Organisation | None) -> bool:
    """Listed publicly (``Organisation.listed``); None stands for organisations in general, which are public."""
    return organisation is None or organisation.listed


can_manage_organisation = is_secretariat | represents_organisation | is_focal_point_of_organisation_country
can_see_person = is_secretariat | is_the_person | is_focal_point_of_person_country | represents_person_organisation
can_edit_person = is_secretariat | is_the_person | represents_person_organisation

# Reference data and the public face of organisations are open to everyone.
rules.add_perm("core.view_country", rules.always_allow)
rules.add_perm("core.view_sector", rules.always_allow)
rules.add_perm("core.view_group", rules.always_allow)
rules.add_perm("core.view_organisation", is_listed | can_manage_organisation)
rules.add_perm("core.change_country", is_secretariat)
rules.add_perm("core.change_sector", is_secretariat)
rules.add_perm("core.change_group", is_secretariat)
rules.add_perm("core.add_group", is_secretariat)

# Organisations: details beyond the public card, and changes.
rules.add_perm("core.view_organisation_details", can_manage_organisation)
rules.add_perm("core.change_organisation", can_manage_organisation)
rules.add_perm("core.add_organisation", is_secretariat | is_focal_point)
rules.add_perm("core.archive_organisation", is_secretariat)
# An organisation recorded by its own people is vouched for by someone accountable for its country.
rules.add_perm("core.confirm_organisation", ~is_listed & (is_secretariat | is_focal_point_of_organisation_country))
# Taking part starts alone: a signed-in person who represents no organisation yet may record their own
# (it becomes theirs to represent; its application still needs its administration's approval).
rules.add_perm("core.register_organisation", rules.is_authenticated & rules.is_active & ~is_representative)

# People: personal data is seen by the person, the secretariat, the focal point
# of the person's country and the representative of the person's organisation.
rules.add_perm("core.view_person", can_see_person)
rules.add_perm("core.change_person", can_edit_person)
rules.add_perm("core.add_person", is_secretariat | is_representative)

# Roles and the record of changes belong to the secretariat.
rules.add_perm("core.view_role", is_secretariat)
rules.add_perm("core.manage_roles", is_secretariat)
rules.add_perm("core.view_history", is_secretariat)
rules.add_perm("core.access_admin", is_secretariat)

# The admin asks for Django's model permissions; in Ponte they are the secretariat's.
for _model in ("role", "user", "affiliation", "person", "group", "organisation", "country", "sector"):
    for _action in ("add", "change", "view"):
        _name = f"core.{_action}_{_model}"
        if not rules.perm_exists(_name):
            rules.add_perm(_name, is_secretariat)
