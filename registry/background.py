"""Queueing background work by task name, so the code that queues never imports the tasks it queues.

The Celery tasks (`registry/tasks.py`, `workflows/tasks.py`) import the services they run; the services
queue them here by name. Each app imports its tasks module when Django starts, so the names resolve
also without a worker.
"""

import logging

from celery import current_app

logger = logging.getLogger(__name__)


def dispatch(task_name: str, *args) -> None:
    """Queue the task named `task_name`; if the broker is unreachable, log it and leave it to the outbox sweep."""
    if current_app.conf.task_always_eager:
        current_app.tasks[task_name](*args)  # no broker (demo, tests): run it here, now, and let errors show
        return
    try:
        current_app.send_task(task_name, args=args, retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2})
    except Exception:  # noqa: BLE001 - the outbox row stays; the periodic sweep sends it
        logger.warning("could not queue %s%r; the periodic sweep will catch it up", task_name, args, exc_info=True)
