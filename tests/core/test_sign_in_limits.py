"""Sign-in is rate-limited (django-allauth's limits, on in production): after five wrong passwords an account is
locked for five minutes, even with the right password, and one address cannot try many accounts quickly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from ponte.core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery"  # what tests.factories.UserFactory sets
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _limits_on(settings: Any) -> Iterator[None]:
    settings.ACCOUNT_RATE_LIMITS = {}  # the defaults, as in production (tests otherwise turn them off)
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, email: str, password: str) -> Any:
    return client.post("/en/account/login/", {"login": email, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client: Client, member: User) -> None:
    for _ in range(5):
        response = _sign_in(client, member.email, "wrong")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = _sign_in(Client(), member.email, RIGHT)  # another browser: the lock is on the account
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_the_lock_ends_and_the_right_password_works_again(client: Client, member: User) -> None:
    for _ in range(5):
        _sign_in(client, member.email, "wrong")
    cache.clear()  # what five minutes do
    response = _sign_in(client, member.email, RIGHT)
    assert response.status_code == 302


def test_the_lock_is_shown_in_the_users_language(client: Client, member: User) -> None:
    for _ in range(6):
        response = client.post("/fr/account/login/", {"login": member.email, "password": "wrong"})
    assert "Trop de tentatives" in response.content.decode()


def test_one_address_cannot_try_many_accounts_quickly(client: Client) -> None:
    accounts = [UserFactory() for _ in range(11)]
    answers = [_sign_in(client, account.email, "wrong") for account in accounts]
    assert answers[-1].status_code == 429 or LOCKED in answers[-1].content.decode()
    assert all(LOCKED not in answer.content.decode() for answer in answers[:10])
