"""Accounts: email sign-in with verification, and two-factor sign-in mandatory for staff."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from ponte.core.models import Person, RoleKind, User
from tests.conftest import signed_in
from tests.factories import with_role

pytestmark = pytest.mark.django_db


def test_sign_up_requires_email_verification_and_creates_the_person(client: Client) -> None:
    response = client.post(
        "/fr/account/signup/",
        {"email": "new@sme.example", "password1": "a-long-passphrase-2026", "password2": "a-long-passphrase-2026"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@sme.example")
    person = Person.objects.get(user=user)
    assert person.language == "fr"
    assert len(mail.outbox) == 1
    assert "new@sme.example" in mail.outbox[0].to
    # Unverified: signing in leads to the verification page, not the account.
    response = client.post("/en/account/login/", {"login": "new@sme.example", "password": "a-long-passphrase-2026"})
    assert "confirm-email" in response["Location"] or response.status_code == 200


def test_member_signs_in_with_email_and_password(client: Client, member: User) -> None:
    response = client.post("/en/account/login/", {"login": member.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get(reverse("core:account")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client: Client, member: User) -> None:
    response = client.post("/ru/account/login/", {"login": member.email, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_staff_without_second_factor_is_sent_to_set_it_up(client: Client) -> None:
    staff = with_role(RoleKind.SECRETARIAT)
    client.force_login(staff)
    response = client.get(reverse("core:organisation_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up the factor asks for the password again (allauth's reauthentication), not a denial.
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 or "/account/reauthenticate/" in setup["Location"]
    assert client.get("/en/admin/").status_code == 302


def test_staff_without_second_factor_gets_no_data_from_the_api(client: Client) -> None:
    staff = with_role(RoleKind.SECRETARIAT)
    client.force_login(staff)
    response = client.get("/api/v1/partnerships/agreements/stats")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_staff_with_second_factor_reaches_the_admin(secretariat: User) -> None:
    client = signed_in(secretariat)
    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/core/organisation/").status_code == 200


def test_staff_sign_in_asks_for_the_totp_code(client: Client, secretariat: User) -> None:
    assert Authenticator.objects.filter(user=secretariat).exists()
    response = client.post("/en/account/login/", {"login": secretariat.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "/account/2fa/authenticate/" in response["Location"]


@pytest.mark.parametrize("fixture", ["japan_focal_point", "representative", "member"])
def test_only_the_secretariat_gets_into_the_admin(request: pytest.FixtureRequest, fixture: str) -> None:
    user = request.getfixturevalue(fixture)
    response = signed_in(user).get("/en/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
