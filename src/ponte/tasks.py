"""The Celery application.

With ``REDIS_URL`` set, jobs go to Redis and a worker runs them
(``celery -A ponte worker``); without it they run in-process at once
(``CELERY_TASK_ALWAYS_EAGER``), so the embedded set-up needs no other service.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")

app = Celery("ponte")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
