"""Every role against every kind of protected page and API call, on the server.

One table says what each role gets; a denial is 403 (or the sign-in page for
the anonymous), never data.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import Organisation, Person, RoleKind, User
from tests.conftest import signed_in
from tests.factories import AffiliationFactory, PersonFactory, country, group, with_role

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "expert", "representative", "japan_focal_point", "egypt_focal_point", "secretariat"]

# page -> roles that get it (the Japanese SME, its staff member, its history, the admin)
ALLOWED = {
    "organisation_edit": {"representative", "japan_focal_point", "secretariat"},
    "organisation_create": {"japan_focal_point", "egypt_focal_point", "secretariat"},
    "person_detail": {"representative", "japan_focal_point", "secretariat"},
    "history": {"secretariat"},
    "admin": {"secretariat"},
    "api_patch": {"representative", "japan_focal_point", "secretariat"},
}


@pytest.fixture
def world(japanese_sme: Organisation, secretariat: User) -> dict[str, Any]:
    person: Person = PersonFactory(country=country("JPN"))
    AffiliationFactory(person=person, organisation=japanese_sme)
    users: dict[str, Any] = {
        "anonymous": None,
        "member": with_role_free(),
        "expert": with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16")),
        "representative": with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme),
        "japan_focal_point": with_role(RoleKind.FOCAL_POINT, country=country("JPN")),
        "egypt_focal_point": with_role(RoleKind.FOCAL_POINT, country=country("EGY")),
        "secretariat": secretariat,
    }
    return {"users": users, "organisation": japanese_sme, "person": person}


def with_role_free() -> User:
    from tests.factories import UserFactory

    user: User = UserFactory()
    return user


def _request(client: Client, page: str, world: dict[str, Any]) -> int:
    organisation, person = world["organisation"], world["person"]
    if page == "api_patch":
        return client.patch(
            f"/api/v1/organisations/{organisation.pk}",
            json.dumps({"website": "https://changed.example"}),
            content_type="application/json",
        ).status_code
    url = {
        "organisation_edit": reverse("core:organisation_edit", args=[organisation.pk]),
        "organisation_create": reverse("core:organisation_create"),
        "person_detail": reverse("core:person_detail", args=[person.pk]),
        "history": reverse("core:history", args=["organisation", organisation.pk]),
        "admin": "/en/admin/core/organisation/",
    }[page]
    response = client.get(url)
    if response.status_code == 302 and ("/login/" in response["Location"]):
        return 401
    return response.status_code


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_each_role_gets_exactly_what_the_rules_allow(world: dict[str, Any], page: str) -> None:
    outcome = {}
    for role in ROLES:
        user = world["users"][role]
        client = signed_in(user) if user else Client()
        outcome[role] = _request(client, page, world)
    allowed = {role for role, status in outcome.items() if status == 200}
    assert allowed == ALLOWED[page], outcome
    denied = {status for role, status in outcome.items() if role not in ALLOWED[page]}
    assert denied <= {401, 403}, outcome
    world["organisation"].refresh_from_db()
    if page == "api_patch":
        assert world["organisation"].website == "https://changed.example"
