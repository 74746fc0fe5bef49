"""The world and the browsers of the access tests (imported by their modules: tests/security is shared)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.conftest import signed_in
from tests.security.access_world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """One world per module, rolled back at its end: each test runs in a savepoint inside it."""
    media = tempfile.TemporaryDirectory()
    fast = override_settings(
        LANGUAGE_CODE="en",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media.name,
        ACCOUNT_RATE_LIMITS=False,
    )
    with media, django_db_blocker.unblock(), fast, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def access_browsers(world: World, django_db_blocker: Any) -> dict[str, Client]:
    """Made once: each new test client loads the middleware again (WhiteNoise reads every static file)."""
    with django_db_blocker.unblock():
        return {
            "anonymous": Client(),
            "member": signed_in(world.member),
            "other representative": signed_in(world.participant.user),
            "other focal point": signed_in(world.focal_point),
        }


@pytest.fixture
def visitor(access_browsers: dict[str, Client]) -> Client:
    """The anonymous visitor, without the cookies of an earlier test."""
    browser = access_browsers["anonymous"]
    browser.cookies.clear()
    return browser


@pytest.fixture
def stranger(access_browsers: dict[str, Client]) -> Client:
    """Signed in with an account that holds no role."""
    return access_browsers["member"]
