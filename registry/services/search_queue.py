"""The durable queue that keeps the search index in step with the register.

A register write stores an `IndexTask` in its own transaction, so the wish to
reindex survives a crash; after commit the task is tried once at once, and
`manage.py search_index --drain` retries what failed with backoff.  A write
therefore never fails because Elasticsearch is down.
"""

import datetime
import logging

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from registry.background import dispatch
from registry.models import IndexTask, Organization
from registry.search.backends import get_backend
from registry.search.base import SearchUnavailable

logger = logging.getLogger(__name__)

MAX_BACKOFF = datetime.timedelta(hours=1)


def enqueue_index(organization_id: int) -> None:
    """Queue an index update for one organization and try it once the transaction commits."""
    requeued = IndexTask.objects.filter(organization_id=organization_id).update(
        version=F("version") + 1, next_attempt_at=None, attempts=0, last_error=""
    )
    if not requeued:
        IndexTask.objects.get_or_create(organization_id=organization_id)
    transaction.on_commit(lambda: dispatch("registry.index_organizations", [organization_id]))


def enqueue_index_many(organization_ids: list[int], *, batch: int = 2000) -> None:
    """Queue index updates for many organizations at once (the set-based form of `enqueue_index`).

    Nothing is dispatched: the caller sends them (`drain_index_queue`) or leaves them to the periodic drain.
    """
    for start in range(0, len(organization_ids), batch):
        chunk = organization_ids[start : start + batch]
        IndexTask.objects.filter(organization_id__in=chunk).update(
            version=F("version") + 1, next_attempt_at=None, attempts=0, last_error=""
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO registry_indextask"
                    " (organization_id, queued_at, version, attempts, next_attempt_at, last_error)"
                    " SELECT unnest(%s::bigint[]), now(), 0, 0, NULL, ''"
                    " ON CONFLICT (organization_id) DO NOTHING",
                    [chunk],
                )
        else:
            IndexTask.objects.bulk_create([IndexTask(organization_id=pk) for pk in chunk], ignore_conflicts=True)


def backoff(attempts: int) -> datetime.timedelta:
    """Return the wait before the next try: 30 s doubling per attempt, capped at one hour."""
    return min(datetime.timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def drain_index_queue(*, organization_ids: list[int] | None = None, limit: int = 500, force: bool = False) -> dict:
    """Send due index updates to the search backend; return counts of done and failed tasks."""
    backend = get_backend(fallback=False)
    if not backend.separate_index:
        # The backend searches the register itself: every queued update is done already.
        done, _ = IndexTask.objects.filter(
            **({"organization_id__in": organization_ids} if organization_ids is not None else {})
        ).delete()
        return {"done": done, "failed": 0}
    now = timezone.now()
    tasks = IndexTask.objects.all()
    if organization_ids is not None:
        tasks = tasks.filter(organization_id__in=organization_ids)
    if not force:
        tasks = tasks.exclude(next_attempt_at__gt=now)
    tasks = list(tasks.order_by("queued_at")[:limit])
    if not tasks:
        return {"done": 0, "failed": 0}
    ids = [task.organization_id for task in tasks]
    organizations = list(Organization.objects.select_related("jurisdiction").filter(pk__in=ids))
    missing = set(ids) - {org.pk for org in organizations}
    try:
        if not backend.available():
            raise SearchUnavailable(f"{backend.label} at {backend.location} is not available")
        # Only organizations the public may see are in the index; one in preparation has no code yet.
        backend.index([org for org in organizations if org.uscc])
        backend.delete(missing | {org.pk for org in organizations if not org.uscc})
    except SearchUnavailable as exc:
        for task in tasks:
            task.attempts += 1
            task.last_error = str(exc)[:2000]
            task.next_attempt_at = now + backoff(task.attempts)
        IndexTask.objects.bulk_update(tasks, ["attempts", "last_error", "next_attempt_at"])
        logger.warning("search index update of %d organizations failed, will retry: %s", len(tasks), exc)
        return {"done": 0, "failed": len(tasks)}
    # Delete only the versions we sent: a newer enqueue during the send bumped the version and stays queued.
    by_version: dict[int, list[int]] = {}
    for task in tasks:
        by_version.setdefault(task.version, []).append(task.pk)
    for version, pks in by_version.items():
        IndexTask.objects.filter(pk__in=pks, version=version).delete()
    return {"done": len(tasks), "failed": 0}
