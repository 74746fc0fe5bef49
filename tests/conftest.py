from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from ponte.core.models import Organisation, RoleKind, User
from tests.factories import OrganisationFactory, country, with_role


@pytest.fixture(autouse=True)
def _english_and_fast(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    # Tests read pages right after changing records; tests/core/test_page_cache.py turns the cache on.
    settings.PONTE_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def secretariat(db: None) -> User:
    """A secretariat account that has set up two-factor sign-in."""
    user = with_role(RoleKind.SECRETARIAT)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def japan_focal_point(db: None) -> User:
    return with_role(RoleKind.FOCAL_POINT, country=country("JPN"))


@pytest.fixture
def egypt_focal_point(db: None) -> User:
    return with_role(RoleKind.FOCAL_POINT, country=country("EGY"))


@pytest.fixture
def japanese_sme(db: None) -> Organisation:
    return OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))


@pytest.fixture
def egyptian_sme(db: None) -> Organisation:
    return OrganisationFactory(name="Nile IoT", country=country("EGY"))


@pytest.fixture
def representative(japanese_sme: Organisation) -> User:
    return with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)


@pytest.fixture
def member(db: None) -> User:
    """A signed-up account with no role."""
    return with_role_free()


def with_role_free() -> User:
    from tests.factories import UserFactory

    user: User = UserFactory()
    return user


def signed_in(user: User) -> Client:
    """A browser session signed in as ``user`` (second factor counted as done)."""
    client = Client()
    client.force_login(user)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        session = client.session
        session["account_authentication_methods"] = [{"method": "password"}, {"method": "mfa", "type": "totp"}]
        session.save()
    return client
