"""The Celery application: background work of the registry (index updates, certificates, messages, sweeps).

Without a broker (the demo and the tests) every task runs at once in the calling process
(`CELERY_TASK_ALWAYS_EAGER`); with `REGISTRY_CELERY_BROKER_URL` or `REDIS_URL` a worker runs them and
beat schedules the sweeps.  The database outboxes stay the source of truth: a task that is lost is
caught up by the periodic drain tasks.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
