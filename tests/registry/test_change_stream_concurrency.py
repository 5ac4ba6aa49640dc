"""Timepoints under concurrent writers (PostgreSQL): a reader never skips an event that commits after it read."""

import json
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from registry.choices import HistoryAction
from registry.models import ChangeEvent
from registry.selectors.changes import events_after
from registry.services.register import organization_update

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the commit-order trigger is PostgreSQL's"),
]


def change(org, officer, domicile):
    organization_update(organization=org, by=officer, reason="变更", action=HistoryAction.CHANGED, domicile=domicile)


def in_thread(target):
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_an_event_written_first_but_committed_last_comes_after_what_the_reader_saw(make_org, officer):
    slow_org, quick_org = make_org(), make_org()
    slow_written, quick_committed = threading.Event(), threading.Event()

    def slow_writer():  # writes its event first, commits last
        with transaction.atomic():
            change(slow_org, officer, "慢")
            slow_written.set()
            assert quick_committed.wait(10)

    slow = in_thread(slow_writer)
    assert slow_written.wait(10)
    quick = in_thread(lambda: change(quick_org, officer, "快"))
    quick.join(10)
    quick_committed.set()
    seen = events_after(0, limit=100)
    assert [event.organization_id for event in seen] == [quick_org.pk]  # the slow one is not committed yet
    cursor = seen[-1].timepoint
    slow.join(10)
    later = events_after(cursor, limit=100)
    assert [event.organization_id for event in later] == [slow_org.pk]  # not skipped
    slow_event = ChangeEvent.objects.get(organization=slow_org)
    quick_event = ChangeEvent.objects.get(organization=quick_org)
    assert slow_event.id < quick_event.id  # ids (insert order) would have skipped it; timepoints do not
    assert slow_event.timepoint > quick_event.timepoint


def test_many_concurrent_writers_give_distinct_timepoints_in_commit_order(make_org, officer):
    organizations = [make_org() for _ in range(6)]
    threads = [in_thread(lambda org=org: change(org, officer, "并发")) for org in organizations]
    for thread in threads:
        thread.join(20)
    timepoints = list(ChangeEvent.objects.order_by("timepoint").values_list("timepoint", flat=True))
    assert len(timepoints) == 6 and None not in timepoints and len(set(timepoints)) == 6


def test_a_waiting_reader_receives_an_event_committed_while_it_waits(make_org, officer, settings):
    settings.REGISTRY = {**settings.REGISTRY, "CHANGES_WAIT_SECONDS": 10, "CHANGES_POLL_MS": 50}
    org = make_org()
    response = Client().get("/api/changes/", {"timepoint": 0, "limit": 1})
    started = time.monotonic()
    writer = in_thread(lambda: (time.sleep(0.5), change(org, officer, "等待中变更")))
    lines = b"".join(response.streaming_content).decode().splitlines()
    writer.join(10)
    assert [json.loads(line)["code"] for line in lines] == [org.uscc]
    assert 0.4 < time.monotonic() - started < 5  # answered when it came, not at the end of the wait
