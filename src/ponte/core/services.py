"""Writes to the core records: organisations, people, affiliations and roles.

Core owns what every other app stands on. Each function is one thing a user
does; it checks the actor's permission through ``rules``, validates, saves in
one transaction, records the change in history with a namespaced reason
(``core.organisation.updated``) and sends email only after commit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save_with_reason
from ponte.core.models import (
    Affiliation,
    Country,
    Group,
    Organisation,
    OrganisationCategory,
    Person,
    Role,
    RoleKind,
    User,
)
from ponte.core.notifications import notify
from ponte.core.rules import forget_scopes


def _apply(instance: Any, fields: dict[str, Any]) -> list[str]:
    """Set the given attributes; return the names of those that changed."""
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def create_organisation(
    *, actor: Any, name: str, category: str, country: Country | None, groups: Any = (), **fields: Any
) -> Organisation:
    """Record a new organisation; a focal point may only do so for its own country."""
    _require(actor, "core.add_organisation")
    organisation = Organisation(name=name, category=category, country=country, **fields)
    if not actor.has_perm("core.change_organisation", organisation):
        raise PermissionDenied("core.change_organisation")
    _save_with_reason(organisation, "core.organisation.created", actor)
    if groups:
        organisation.groups.set(groups)
    return organisation


# The categories a person may record their own organisation in; the secretariat records the others.
SELF_REGISTERED_CATEGORIES = (
    OrganisationCategory.SME,
    OrganisationCategory.ACADEMIA,
    OrganisationCategory.SECTOR_MEMBER,
    OrganisationCategory.ASSOCIATE,
)


@transaction.atomic
def register_own_organisation(
    *,
    actor: Any,
    name: str,
    category: str,
    country: Country,
    employee_count: int | None = None,
    website: str = "",
    position: str = "",
) -> Organisation:
    """A person records the organisation they work for and becomes its representative, so that it can apply."""
    _require(actor, "core.register_organisation")
    if category not in SELF_REGISTERED_CATEGORIES:
        raise ValidationError({"category": _("Choose one of the categories offered.")}, code="category")
    name = " ".join(name.split())
    if Organisation.objects.filter(name__iexact=name, country=country).exists():
        raise ValidationError(
            {
                "name": _(
                    "An organisation of this name is already recorded in this country: ask its representative "
                    "or the secretariat to add you to it."
                )
            },
            code="already_recorded",
        )
    organisation = Organisation(
        name=name, category=category, country=country, employee_count=employee_count, website=website, listed=False
    )
    _save_with_reason(organisation, "core.organisation.self_registered", actor)
    person = ensure_person_for_user(user=actor)
    affiliation = Affiliation(
        person=person, organisation=organisation, position=position, started_on=timezone.localdate()
    )
    _save_with_reason(affiliation, "core.affiliation.created", actor)
    role = Role(user=actor, kind=RoleKind.REPRESENTATIVE, organisation=organisation)
    _save_with_reason(role, "core.role.representative.self_registered", actor)
    forget_scopes(actor)
    return organisation


@transaction.atomic
def confirm_organisation(*, actor: Any, organisation: Organisation) -> Organisation:
    """The secretariat or the country's focal point vouches for an organisation its own people recorded: it is
    listed publicly from now on (list, search, API)."""
    _require(actor, "core.confirm_organisation", organisation)
    return list_organisation(organisation, reason="core.organisation.confirmed", actor=actor)


def list_organisation(organisation: Organisation, *, reason: str, actor: Any) -> Organisation:
    """List an organisation publicly (if not yet), with the reason in its history; for the services that vouch for
    it, such as an approved application. The caller checks the actor's right."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.listed:
        organisation.listed = True
        _save_with_reason(organisation, reason, actor)
    return organisation


@transaction.atomic
def update_organisation(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    """Change an organisation's data; moving it to another country needs the right to act there too."""
    _require(actor, "core.change_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    groups = fields.pop("groups", None)
    changed = _apply(organisation, fields)
    if changed:
        _require(actor, "core.change_organisation", organisation)
        _save_with_reason(organisation, "core.organisation.updated", actor)
    if groups is not None and set(organisation.groups.all()) != set(groups):
        organisation.groups.set(groups)
    return organisation


@transaction.atomic
def archive_organisation(*, actor: Any, organisation: Organisation) -> Organisation:
    """Archive instead of deleting: the record and its history stay."""
    _require(actor, "core.archive_organisation", organisation)
    if organisation.is_active:
        organisation.is_active = False
        _save_with_reason(organisation, "core.organisation.archived", actor)
    return organisation


@transaction.atomic
def update_person(*, actor: Any, person: Person, **fields: Any) -> Person:
    """Change a person's data (their own, or as secretariat or their organisation's representative)."""
    _require(actor, "core.change_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if _apply(person, fields):
        _save_with_reason(person, "core.person.updated", actor)
    return person


@transaction.atomic
def create_person(*, actor: Any, given_name: str, family_name: str, email: str = "", **fields: Any) -> Person:
    """Record a person without an account (e.g. a delegate registered by staff)."""
    _require(actor, "core.add_person")
    person = Person(given_name=given_name, family_name=family_name, email=email, **fields)
    _save_with_reason(person, "core.person.created", actor)
    return person


@transaction.atomic
def add_affiliation(
    *, actor: Any, person: Person, organisation: Organisation, position: str = "", started_on: Any = None
) -> Affiliation:
    """Record that a person works for an organisation."""
    _require(actor, "core.change_organisation", organisation)
    affiliation = Affiliation(person=person, organisation=organisation, position=position, started_on=started_on)
    _save_with_reason(affiliation, "core.affiliation.created", actor)
    return affiliation


@transaction.atomic
def add_staff_member(
    *,
    actor: Any,
    organisation: Organisation,
    given_name: str,
    family_name: str,
    email: str,
    position: str = "",
) -> Affiliation:
    """Record that someone works for the organisation, finding the person by email or recording them.

    A person already on record keeps their own data: only the affiliation is added.
    """
    _require(actor, "core.change_organisation", organisation)
    person = Person.objects.filter(email__iexact=email).first() if email else None
    if person is None:
        person = Person(given_name=given_name, family_name=family_name, email=email, country=organisation.country)
        _save_with_reason(person, "core.person.created", actor)
    if Affiliation.objects.filter(person=person, organisation=organisation, ended_on__isnull=True).exists():
        raise ValidationError(
            {"email": _("This person already works for this organisation.")}, code="already_affiliated"
        )
    affiliation = Affiliation(
        person=person, organisation=organisation, position=position, started_on=timezone.localdate()
    )
    _save_with_reason(affiliation, "core.affiliation.created", actor)
    return affiliation


@transaction.atomic
def end_affiliation(*, actor: Any, affiliation: Affiliation, ended_on: Any = None) -> Affiliation:
    """Close an affiliation; it stays on record."""
    _require(actor, "core.change_organisation", affiliation.organisation)
    if affiliation.ended_on is None:
        affiliation.ended_on = ended_on or timezone.localdate()
        _save_with_reason(affiliation, "core.affiliation.ended", actor)
    return affiliation


@transaction.atomic
def ensure_person_for_user(*, user: User) -> Person:
    """The person behind an account, created from the account on first need."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    person = Person.objects.filter(email__iexact=user.email, user__isnull=True).first() if user.email else None
    if person is None:
        person = Person(
            given_name=user.first_name or user.email.split("@")[0],
            family_name=user.last_name,
            email=user.email,
        )
    person.user = user
    _save_with_reason(person, "core.person.linked_to_account", user)
    return person


@transaction.atomic
def assign_role(
    *,
    actor: Any,
    user: User,
    kind: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
    group: Group | None = None,
) -> Role:
    """Give an account a scoped role and tell its holder by email.

    The secretariat role also opens the admin (``is_staff``); staff then must
    set up two-factor sign-in before anything else.
    """
    _require(actor, "core.manage_roles")
    existing = Role.objects.filter(
        user=user, kind=kind, country=country, organisation=organisation, group=group, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    role = Role(user=user, kind=kind, country=country, organisation=organisation, group=group)
    _save_with_reason(role, f"core.role.{kind}.granted", actor)
    if kind == RoleKind.SECRETARIAT and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_scopes(user)
    person = ensure_person_for_user(user=user)
    with translation.override(person.language):
        context = {"name": person.full_name, "role": str(role.get_kind_display()), "scope": _scope_label(role)}
    transaction.on_commit(
        # Account email (what the account may now do): always sent.
        lambda: notify(
            to=user.email,
            language=person.language,
            template="core/email/role_granted",
            context=context,
            kind=None,
            recipient=user,
        )
    )
    return role


@transaction.atomic
def revoke_role(*, actor: Any, role: Role) -> Role:
    """End a role; it stays on record with the time it ended."""
    _require(actor, "core.manage_roles")
    if role.revoked_at is not None:
        return role
    if role.user_id == actor.pk and role.kind == RoleKind.SECRETARIAT:
        raise ValidationError(_("You cannot revoke your own secretariat role."), code="own_role")
    role.revoked_at = timezone.now()
    _save_with_reason(role, f"core.role.{role.kind}.revoked", actor)
    user = role.user
    if (
        role.kind == RoleKind.SECRETARIAT
        and user.is_staff
        and not user.is_superuser
        and not Role.objects.filter(user=user, kind=RoleKind.SECRETARIAT, revoked_at__isnull=True).exists()
    ):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    forget_scopes(user)
    return role


def _scope_label(role: Role) -> str:
    scope = role.country or role.organisation or role.group
    return str(scope) if scope else ""
