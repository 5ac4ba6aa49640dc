"""Two officers at the same moment: one claim wins, one completion counts, the other is told so (PostgreSQL)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import OrgType
from registry.models import ApplicationEvent
from tests.workflows.conftest import fill_application, make_officer, open_task

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def at_once(*calls):
    """Run each call in its own thread and database connection, released together; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post_as(user, url, data=None):
    def call():
        client = Client()
        client.force_login(user)
        response = client.post(url, data or {})
        return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]

    return call


@pytest.fixture
def submitted(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    return application


def test_two_officers_claiming_at_once_get_one_owner(submitted, minhang):
    first = make_officer("mh_window_a", minhang, "window")
    second = make_officer("mh_window_b", minhang, "window")
    task = open_task(submitted)
    url = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    results = at_once(post_as(first, url), post_as(second, url))
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner in (first, second)
    loser_messages = [msgs for (status, msgs), user in zip(results, (first, second), strict=True) if user != task.owner]
    assert any("已由其他工作人员认领或办结" in m for m in loser_messages[0])


def test_two_completions_of_one_task_count_once(submitted, minhang):
    officer = make_officer("mh_window_c", minhang, "window")
    colleague = make_officer("mh_window_d", minhang, "window")
    task = open_task(submitted)
    args = [task.process_id, task.pk]
    owner = Client()
    owner.force_login(officer)
    owner.post(task.flow_task.reverse("assign", args=args))
    url = task.flow_task.reverse("execute", args=args)
    # The owner submits twice (two tabs) while a colleague tries the same task.
    results = at_once(
        post_as(officer, url, {"decision": "accept"}),
        post_as(officer, url, {"decision": "accept"}),
        post_as(colleague, url, {"decision": "accept"}),
    )
    assert [status for status, _messages in results] == [302, 302, 302]
    assert ApplicationEvent.objects.filter(application=submitted, action="accepted").count() == 1
    assert Task.objects.filter(process_id=task.process_id, flow_task_type="HUMAN").count() == 2  # accept + review
    flat = [m for _status, messages in results for m in messages]
    assert sum("已受理" in m for m in flat) == 1
    assert sum("其他工作人员" in m for m in flat) == 2
