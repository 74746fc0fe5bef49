"""Background jobs: in-process without Redis, through a real Redis broker and worker when configured, and kept in
the outbox while the broker is down, to be published once it is back."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from django.core import mail

from ponte.core.jobs import publish_waiting_jobs
from ponte.core.models import WaitingJob
from ponte.core.notifications import notify
from ponte.core.tasks import send_email
from ponte.tasks import app

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connections are refused at once


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


def _welcome(to: str) -> bool:
    return notify(
        to=to,
        language="en",
        template="core/email/role_granted",
        context={"name": "Amina", "role": "Secretariat", "scope": ""},
        kind=None,
        recipient=None,
    )


@pytest.fixture
def broker_down() -> Iterator[None]:
    """Jobs go to a broker (not in-process) that nobody answers."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=NOBODY_LISTENS, task_always_eager=False)
    _forget_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections()


@pytest.mark.django_db
def test_with_the_broker_down_the_email_waits_in_the_outbox(broker_down: None) -> None:
    assert _welcome("staff@example.org") is True  # no error for the request that caused it
    job = WaitingJob.objects.get()
    assert job.task == "ponte.core.tasks.send_email"
    assert job.kwargs["to"] == "staff@example.org"
    assert job.kwargs["context"]["name"] == "Amina"
    assert mail.outbox == []


@pytest.mark.django_db
def test_while_the_broker_stays_down_the_jobs_keep_waiting(broker_down: None) -> None:
    _welcome("first@example.org")
    _welcome("second@example.org")
    assert publish_waiting_jobs() == 0
    assert list(WaitingJob.objects.order_by("pk").values_list("kwargs__to", flat=True)) == [
        "first@example.org",
        "second@example.org",
    ]


@pytest.mark.django_db
def test_once_the_broker_is_back_the_waiting_emails_are_sent_once_oldest_first(broker_down: None) -> None:
    _welcome("first@example.org")
    _welcome("second@example.org")
    app.conf.update(task_always_eager=True)  # the broker is back (in-process here: publishing runs the job)
    assert publish_waiting_jobs() == 2
    assert [message.to for message in mail.outbox] == [["first@example.org"], ["second@example.org"]]
    assert not WaitingJob.objects.exists()
    assert publish_waiting_jobs() == 0
    assert len(mail.outbox) == 2


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_email_kept_while_redis_was_down_reaches_the_worker_when_it_is_back(broker_down: None) -> None:
    _welcome("staff@example.org")
    assert WaitingJob.objects.count() == 1
    if not _redis_up():
        pytest.skip("Redis is not running")
    app.conf.update(broker_url=REDIS_TEST_URL)
    _forget_connections()
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        assert publish_waiting_jobs() == 1
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)
    assert mail.outbox[-1].to == ["staff@example.org"]
    assert not WaitingJob.objects.exists()
