"""Each role against each kind of core object, denials included."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ponte.core import services
from ponte.core.models import Organisation, Role, RoleKind, User
from tests.factories import AffiliationFactory, PersonFactory, country, group, with_role

pytestmark = pytest.mark.django_db


def test_secretariat_may_change_any_organisation(secretariat: User, japanese_sme: Organisation, egyptian_sme) -> None:
    assert secretariat.has_perm("core.change_organisation", japanese_sme)
    assert secretariat.has_perm("core.change_organisation", egyptian_sme)
    assert secretariat.has_perm("core.view_history")
    assert secretariat.has_perm("core.access_admin")


def test_focal_point_acts_for_its_own_country_only(japan_focal_point: User, japanese_sme, egyptian_sme) -> None:
    assert japan_focal_point.has_perm("core.change_organisation", japanese_sme)
    assert japan_focal_point.has_perm("core.view_organisation_details", japanese_sme)
    assert not japan_focal_point.has_perm("core.change_organisation", egyptian_sme)
    assert not japan_focal_point.has_perm("core.view_organisation_details", egyptian_sme)
    assert not japan_focal_point.has_perm("core.access_admin")
    assert not japan_focal_point.has_perm("core.view_history")


def test_representative_acts_for_its_own_organisation_only(representative: User, japanese_sme, egyptian_sme) -> None:
    assert representative.has_perm("core.change_organisation", japanese_sme)
    assert not representative.has_perm("core.change_organisation", egyptian_sme)
    other_japanese = Organisation.objects.create(name="Other KK", category="sme", country=country("JPN"))
    assert not representative.has_perm("core.change_organisation", other_japanese)
    assert not representative.has_perm("core.add_organisation")


def test_expert_and_public_see_only_public_cards(japanese_sme) -> None:
    expert = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    for user in (expert, AnonymousUser()):
        assert user.has_perm("core.view_organisation", japanese_sme)
        assert not user.has_perm("core.view_organisation_details", japanese_sme)
        assert not user.has_perm("core.change_organisation", japanese_sme)
        assert not user.has_perm("core.view_history")


def test_personal_data_is_seen_by_the_person_and_those_responsible(
    japan_focal_point, egypt_focal_point, representative, japanese_sme, member
) -> None:
    person = PersonFactory(country=country("JPN"), user=member)
    AffiliationFactory(person=person, organisation=japanese_sme)
    assert member.has_perm("core.view_person", person)
    assert member.has_perm("core.change_person", person)
    assert japan_focal_point.has_perm("core.view_person", person)
    assert not japan_focal_point.has_perm("core.change_person", person)
    assert representative.has_perm("core.change_person", person)
    assert not egypt_focal_point.has_perm("core.view_person", person)
    assert not AnonymousUser().has_perm("core.view_person", person)


def test_representative_loses_sight_of_former_staff(representative, japanese_sme) -> None:
    person = PersonFactory(country=country("EGY"))
    affiliation = AffiliationFactory(person=person, organisation=japanese_sme)
    assert representative.has_perm("core.view_person", person)
    affiliation.ended_on = affiliation.started_on or __import__("datetime").date(2026, 1, 1)
    affiliation.save()
    assert not representative.has_perm("core.view_person", person)


def test_revoked_role_gives_nothing(japanese_sme) -> None:
    user = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    Role.objects.filter(user=user).update(revoked_at="2026-01-01T00:00:00Z")
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm("core.change_organisation", japanese_sme)


def test_only_secretariat_grants_roles(japan_focal_point, secretariat, member) -> None:
    with pytest.raises(PermissionDenied):
        services.assign_role(actor=japan_focal_point, user=member, kind=RoleKind.FOCAL_POINT, country=country("EGY"))
    role = services.assign_role(actor=secretariat, user=member, kind=RoleKind.FOCAL_POINT, country=country("EGY"))
    assert role.is_active
    assert User.objects.get(pk=member.pk).has_perm("core.change_organisation", Organisation(country=country("EGY")))


def test_secretariat_role_opens_the_admin_and_revoking_closes_it(secretariat, member) -> None:
    role = services.assign_role(actor=secretariat, user=member, kind=RoleKind.SECRETARIAT)
    member.refresh_from_db()
    assert member.is_staff
    services.revoke_role(actor=secretariat, role=role)
    member.refresh_from_db()
    assert not member.is_staff
    assert Role.objects.filter(pk=role.pk, revoked_at__isnull=False).exists()


def test_a_role_needs_the_scope_of_its_kind(secretariat, member) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.assign_role(actor=secretariat, user=member, kind=RoleKind.FOCAL_POINT)
    assert "country" in error.value.message_dict
