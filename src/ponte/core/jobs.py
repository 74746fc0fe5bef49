"""The one way to start a background job: published to the broker, or kept in the outbox while it is unreachable.

A request that changed something queues its jobs after commit (``transaction.on_commit(partial(enqueue, …))``).
With Redis down, publishing would fail after kombu's retries and the job would be lost or the page would fail;
instead the job is written to the ``WaitingJob`` table and the request goes on. The outbox is emptied, oldest
first, when a worker starts and every minute by beat (``core.tasks.publish_waiting_jobs``); each row is deleted
in the transaction that published it, under a row lock that a second flush skips, so the outbox never
publishes a job twice. Without a broker (the embedded set-up) jobs run in-process as before.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

from ponte.core.models import WaitingJob

logger = logging.getLogger(__name__)

# The caller is usually a request waiting for its answer: give up on the broker quickly, the outbox keeps the job.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# What publishing raises when the broker cannot be reached (kombu wraps the transport's errors in OperationalError).
BROKER_UNREACHABLE = (OperationalError, ConnectionError, TimeoutError)
FLUSH_BATCH = 1000


def _publish(task_name: str, kwargs: dict[str, Any]) -> None:
    from ponte.tasks import app

    app.signature(task_name, kwargs=kwargs).apply_async(retry=True, retry_policy=RETRY_POLICY)


def enqueue(task: Task[Any, Any], **kwargs: Any) -> None:
    """Start ``task`` with these keyword arguments (JSON values); kept in the outbox if the broker is down."""
    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)  # in-process: a failure is the job's own and propagates
        return
    try:
        _publish(task.name, kwargs)
    except BROKER_UNREACHABLE as error:
        WaitingJob.objects.create(task=task.name, kwargs=kwargs)
        logger.warning("Broker unreachable (%s): job %s kept in the outbox", error, task.name)


def publish_waiting_jobs(*, limit: int = FLUSH_BATCH) -> int:
    """Publish the jobs of the outbox, oldest first, deleting each once published; stops when the broker refuses.

    Returns how many were published.
    """
    published = 0
    for pk in WaitingJob.objects.order_by("pk").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            job = WaitingJob.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None:
                continue  # published by another flush meanwhile
            try:
                _publish(job.task, job.kwargs)
            except BROKER_UNREACHABLE as error:
                logger.warning("Broker still unreachable (%s): %s jobs wait in the outbox", error, _waiting())
                return published
            job.delete()
        published += 1
    if published:
        logger.info("Published %s jobs from the outbox", published)
    return published


def _waiting() -> int:
    return WaitingJob.objects.count()
