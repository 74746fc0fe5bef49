"""Redis down: pages, sign-in and its lockout keep working, from each server process's memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from ponte.core.models import User

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connections are refused at once
RIGHT = "correct-horse-battery"  # what tests.factories.UserFactory sets
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _redis_down(settings: Any) -> Iterator[None]:
    settings.CACHES = {
        "default": {
            "BACKEND": "ponte.core.cache.RedisCacheWithFallback",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.ACCOUNT_RATE_LIMITS = {}  # allauth's defaults, as in production
    yield
    cache.clear()


def _sign_in(client: Client, email: str, password: str) -> Any:
    return client.post("/en/account/login/", {"login": email, "password": password})


def test_pages_and_sign_in_work_while_redis_is_down(client: Client, member: User) -> None:
    assert client.get("/en/").status_code == 200
    assert client.get("/en/account/login/").status_code == 200
    assert _sign_in(client, member.email, RIGHT).status_code == 302
    assert client.get("/en/me/").status_code == 200


def test_five_wrong_passwords_still_lock_the_account_while_redis_is_down(client: Client, member: User) -> None:
    for _ in range(5):
        response = _sign_in(client, member.email, "wrong")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = _sign_in(Client(), member.email, RIGHT)
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_the_cache_keeps_values_in_memory_meanwhile() -> None:
    assert cache.add("partner-search:solar", [1, 2]) is True
    assert cache.add("partner-search:solar", [3]) is False
    assert cache.get("partner-search:solar") == [1, 2]
    assert cache.get_many(["partner-search:solar", "other"]) == {"partner-search:solar": [1, 2]}
