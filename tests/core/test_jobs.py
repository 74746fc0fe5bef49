"""Background jobs: in-process without Redis, through a real Redis broker and worker when configured."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from django.core import mail

from ponte.core.notifications import notify
from ponte.core.tasks import send_email
from ponte.tasks import app

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_without_a_broker_the_email_is_sent_in_process() -> None:
    notify(
        to="fp@example.org",
        language="fr",
        template="core/email/role_granted",
        context={"name": "Mona", "role": "Point focal national", "scope": "Égypte"},
        kind=None,
        recipient=None,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Ponte")
    assert "Chère/Cher Mona" in mail.outbox[0].body or "Mona" in mail.outbox[0].body


@pytest.fixture
def redis_worker() -> Iterator[None]:
    if not _redis_up():
        if os.environ.get("PONTE_REQUIRE_SERVICES"):
            pytest.fail(f"Redis is not reachable at {REDIS_TEST_URL}")
        pytest.skip("Redis is not running")
    from celery.contrib.testing.worker import start_worker

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS_TEST_URL, task_always_eager=False)
    _forget_connections()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        _forget_connections()


def _forget_connections() -> None:
    """Make Celery reconnect with the broker now configured (it caches its pools)."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.redis
def test_email_job_goes_through_redis_to_a_worker(redis_worker: None) -> None:
    send_email.delay(
        to="staff@example.org",
        language="en",
        template="core/email/role_granted",
        context={"name": "Amina", "role": "Secretariat", "scope": ""},
    )
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert mail.outbox[-1].to == ["staff@example.org"]
    assert "Secretariat" in mail.outbox[-1].subject
