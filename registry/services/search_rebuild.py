"""A full rebuild of the search index from several worker processes, resumable after a crash.

The public organizations are split into ranges of primary keys. Worker processes (each with its own database
connection and Elasticsearch client) read a range, build its documents and send them into a new versioned
index; the alias moves to it only when every range is in. An `IndexRebuild` row records the new index and
the highest key up to which every range is written, so `search_index --rebuild --resume` goes on into the
same index after a crash or a kill instead of starting over. Changes to the register during a rebuild are
queued as usual (`search_queue`); after the swap every organization changed since the rebuild began is
queued again, so the drain brings the new index up to date even when an update reached only the old one.
"""

import datetime
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, transaction
from django.utils import timezone

from registry.models import IndexRebuild, IndexTask, Organization
from registry.search.base import SearchBackend
from registry.search.client import reset_clients
from registry.services.search_queue import enqueue_index_many

logger = logging.getLogger(__name__)

RANGE_SIZE = 2000  # organizations a worker reads and writes at a time; a checkpoint falls between ranges
CHECKPOINT_SECONDS = 2.0  # how often the finished ranges are recorded
CLOCK_MARGIN = datetime.timedelta(minutes=1)  # application servers' clocks may differ this much


class RebuildInterrupted(RuntimeError):
    """The rebuild stopped before every range was written; its checkpoint stays for a resume."""


class NothingToResume(RuntimeError):
    """No unfinished rebuild of this index is left to resume."""


@dataclass(frozen=True)
class RebuildResult:
    target: str
    indexed: int
    resumed_from: int  # the key the rebuild went on from (0 when it started afresh)


def public_organizations():
    """The organizations the search index holds: every one with a credit code."""
    return Organization.objects.exclude(uscc__isnull=True)


def key_ranges(*, after: int, size: int = RANGE_SIZE) -> list[tuple[int, int]]:
    """Consecutive (low, high] key ranges of `size` public organizations each, from key `after` on."""
    keys = list(public_organizations().filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    ranges, low = [], after
    for start in range(0, len(keys), size):
        high = keys[min(start + size, len(keys)) - 1]
        ranges.append((low, high))
        low = high
    return ranges


def _write_range(backend: SearchBackend, target: str, low: int, high: int) -> tuple[int, int, int]:
    organizations = public_organizations().filter(pk__gt=low, pk__lte=high).select_related("jurisdiction")
    count = backend.rebuild_write(target, organizations.order_by("pk").iterator(chunk_size=RANGE_SIZE))
    return low, high, count


def _worker_start() -> None:
    # The parent closed its connections before forking; a worker opens its own database connection and
    # Elasticsearch client on first use instead of sharing the parent's sockets.
    for connection in connections.all(initialized_only=True):
        connection.connection = None
    reset_clients()


def _worker_run(job: tuple) -> tuple[int, int, int]:
    try:
        return _write_range(*job)
    finally:
        # A worker may be ended at any moment (a failed or stopped rebuild): it holds no session in between.
        connections.close_all()


def default_workers() -> int:
    return os.cpu_count() or 1


def unfinished_rebuild(backend: SearchBackend) -> IndexRebuild | None:
    """The newest unfinished rebuild of this backend's index whose new index is still there."""
    for rebuild in IndexRebuild.objects.filter(backend=backend.name, finished_at__isnull=True):
        if backend.rebuild_exists(rebuild.target):
            return rebuild
    return None


def index_rebuild(
    *,
    backend: SearchBackend,
    resume: bool = False,
    workers: int | None = None,
    range_size: int = RANGE_SIZE,
    progress: Callable[[int], object] | None = None,
    checkpoint_seconds: float = CHECKPOINT_SECONDS,
    stop_after_ranges: int | None = None,
) -> RebuildResult:
    """Rebuild the index of a resumable backend in worker processes (none: `workers=0`), or resume one.

    `stop_after_ranges` stops the rebuild as a crash would, after that many ranges were written (for tests).
    """
    workers = default_workers() if workers is None else workers
    rebuild = unfinished_rebuild(backend)
    if resume and rebuild is None:
        raise NothingToResume("no unfinished rebuild to resume")
    if not resume:
        for stale in IndexRebuild.objects.filter(backend=backend.name, finished_at__isnull=True):
            # A fresh start drops what an earlier rebuild left half-written.
            if backend.rebuild_exists(stale.target):
                backend.rebuild_discard(stale.target)
            stale.delete()
        # Tasks queued before the rebuild are covered by it; later ones (or requeued ones) stay queued.
        covered = list(IndexTask.objects.values_list("pk", "version"))
        rebuild = IndexRebuild.objects.create(backend=backend.name, target=backend.rebuild_begin())
    else:
        # What was queued while the first attempt ran may be newer than its ranges: it all stays queued.
        covered = []
    resumed_from = rebuild.done_through
    ranges = key_ranges(after=rebuild.done_through, size=range_size)
    _write_ranges(
        backend,
        rebuild,
        ranges,
        workers=workers,
        progress=progress,
        checkpoint_seconds=checkpoint_seconds,
        stop_after_ranges=stop_after_ranges,
    )
    backend.rebuild_finish(rebuild.target)
    rebuild.finished_at = timezone.now()
    rebuild.save(update_fields=["finished_at"])
    for pk, version in covered:
        IndexTask.objects.filter(pk=pk, version=version).delete()
    # An update sent while the rebuild ran went to the old index, and its range may have been read before it:
    # every organization changed since the rebuild began is queued again, for the drain to send to the new one.
    since = rebuild.started_at - CLOCK_MARGIN
    enqueue_index_many(list(public_organizations().filter(updated_at__gte=since).values_list("pk", flat=True)))
    return RebuildResult(target=rebuild.target, indexed=rebuild.indexed, resumed_from=resumed_from)


def _write_ranges(backend, rebuild, ranges, *, workers, progress, checkpoint_seconds, stop_after_ranges):
    """Write every range, recording the highest key below which all are written as they complete."""
    jobs = [(backend, rebuild.target, low, high) for low, high in ranges]
    finished: dict[int, tuple[int, int]] = {}  # low -> (high, count) of ranges written above the checkpoint
    state = {"saved_at": time.monotonic(), "written": 0}

    def completed(low: int, high: int, count: int) -> None:
        finished[low] = (high, count)
        if progress:
            progress(count)
        state["written"] += 1
        last = state["written"] == len(jobs)
        if last or time.monotonic() - state["saved_at"] >= checkpoint_seconds:
            _checkpoint(rebuild, finished)
            state["saved_at"] = time.monotonic()
        if stop_after_ranges is not None and state["written"] >= stop_after_ranges and not last:
            raise RebuildInterrupted(f"stopped after {state['written']} ranges, at key {rebuild.done_through}")

    if not jobs:
        return
    if workers <= 1:
        for job in jobs:
            completed(*_write_range(*job))
        return
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("a rebuild in worker processes cannot run inside a transaction (use workers=0)")
    # Forked workers must not share the parent's database socket: close it; the parent reconnects on its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers, initializer=_worker_start)
    try:
        for result in pool.imap_unordered(_worker_run, jobs):
            completed(*result)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _checkpoint(rebuild: IndexRebuild, finished: dict[int, tuple[int, int]]) -> None:
    """Move the checkpoint over the ranges written contiguously above it (each acknowledged, so durable)."""
    done_through, indexed = rebuild.done_through, rebuild.indexed
    while done_through in finished:
        high, count = finished.pop(done_through)
        done_through, indexed = high, indexed + count
    if done_through == rebuild.done_through:
        return
    rebuild.done_through, rebuild.indexed = done_through, indexed
    rebuild.save(update_fields=["done_through", "indexed"])
