"""Monitoring: /metrics serves the named series to the monitoring network only, and logs name their request."""

import datetime
import json
import logging
import re
import socket
import sys
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from registry import logs, metrics
from registry.models import IndexTask, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
NAMED_SERIES = {
    "registry_http_requests",
    "registry_http_request_duration_seconds",
    "registry_certificate_render_seconds",
    "registry_search_index_backlog",
    "registry_search_index_failing",
    "registry_search_index_oldest_age_seconds",
    "registry_outbox_pending",
    "registry_outbox_oldest_age_seconds",
    "registry_certificates_pending_render",
    "registry_upload_disk_free_bytes",
    "registry_upload_disk_size_bytes",
    "registry_celery_queue_length",
    "registry_celery_tasks",
}


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    families = {}
    for family in text_string_to_metric_families(response.content.decode()):
        families[family.name] = family
    return families


def value(families, name, **labels) -> float:
    for family in families.values():
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    raise AssertionError(f"no sample {name} {labels}")


@pytest.mark.django_db
def test_metrics_show_the_named_series_and_count_requests_per_view(client):
    client.get("/")  # the home page, by its URL name
    families = scrape(client)
    assert NAMED_SERIES <= set(families), NAMED_SERIES - set(families)
    before = value(families, "registry_http_requests_total", view="home", method="GET", status="200")
    assert before >= 1
    client.get("/")
    after = value(scrape(client), "registry_http_requests_total", view="home", method="GET", status="200")
    assert after == before + 1


@pytest.mark.django_db
def test_backlog_gauges_are_read_from_the_queues_at_each_scrape(client):
    families = scrape(client)
    assert value(families, "registry_search_index_backlog") == 0
    assert value(families, "registry_outbox_oldest_age_seconds") == 0
    IndexTask.objects.bulk_create([IndexTask(organization_id=n) for n in (101, 102, 103)])
    IndexTask.objects.filter(organization_id=103).update(attempts=2)
    message = OutboxMessage.objects.create(mobile="13800000000", subject="s", body="b")
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    families = scrape(client)
    assert value(families, "registry_search_index_backlog") == 3
    assert value(families, "registry_search_index_failing") == 1
    assert value(families, "registry_outbox_pending") == 1
    assert 1190 <= value(families, "registry_outbox_oldest_age_seconds") <= 1300
    assert value(families, "registry_upload_disk_size_bytes") >= value(families, "registry_upload_disk_free_bytes") > 0


@pytest.mark.django_db
def test_metrics_are_refused_outside_the_monitoring_network_unless_the_token_is_sent(client, settings):
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", **outside).status_code == 404
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 404
    assert "registry_outbox_pending" in scrape(
        client, HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus", **outside
    )
    settings.METRICS_NETWORKS = ["203.0.113.0/24"]
    settings.METRICS_TOKEN = ""
    assert "registry_outbox_pending" in scrape(client, **outside)


@pytest.mark.django_db
def test_every_series_an_alert_reads_is_served(client):
    rules = (ROOT / "docs" / "monitoring" / "alerts.yml").read_text(encoding="utf-8")
    expressions = re.findall(r"^\s*expr:\s*(.+)$", rules, re.MULTILINE)
    assert len(expressions) >= 7
    served = set()
    for family in scrape(client).values():
        served |= {family.name} | {sample.name for sample in family.samples}
    served |= {"registry_celery_tasks_total"}  # a counter without samples until a task ends
    for expression in expressions:
        for series in re.findall(r"\bregistry_\w+", expression):
            assert series in served, f"{series} in alert {expression!r} is not served"


def test_task_outcomes_are_counted_by_task_name():
    class Task:
        name = "registry.test_task"

    def count(outcome):
        return REGISTRY.get_sample_value("registry_celery_tasks_total", {"task": Task.name, "outcome": outcome}) or 0

    before = {outcome: count(outcome) for outcome in ("succeeded", "failed", "retried")}
    metrics.task_succeeded(sender=Task())
    metrics.task_failed(sender=Task())
    metrics.task_failed(sender=Task())
    metrics.task_retried(sender=Task())
    assert count("succeeded") == before["succeeded"] + 1
    assert count("failed") == before["failed"] + 2
    assert count("retried") == before["retried"] + 1


def test_the_worker_serves_its_counts_on_its_own_port(settings, unused_tcp_port):
    settings.CELERY_METRICS_PORT = unused_tcp_port
    server, thread = metrics.worker_metrics_serve()
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{unused_tcp_port}/metrics", timeout=5).read().decode()
    finally:
        server.shutdown()
        server.server_close()
    assert "registry_celery_tasks_total" in body
    settings.CELERY_METRICS_PORT = 0
    assert metrics.worker_metrics_serve() is None


@pytest.fixture
def unused_tcp_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_each_response_names_its_request_id_and_keeps_a_plain_one_offered(client):
    made = client.get("/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/")["X-Request-ID"] != made
    assert client.get("/", HTTP_X_REQUEST_ID="lb-2026-12-05-0001")["X-Request-ID"] == "lb-2026-12-05-0001"
    forged = client.get("/", HTTP_X_REQUEST_ID='x"\n{"level": "fake"}')["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


def test_json_log_lines_carry_the_request_id_and_the_traceback():
    formatter = logs.JsonFormatter()
    token = logs.request_id_var.set("req-12345678")
    try:
        record = logging.LogRecord("registry.x", logging.ERROR, __file__, 1, "证书 %s 生成失败", ("A1",), None)
        logs.RequestIdFilter().filter(record)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            record.exc_info = sys.exc_info()
        line = json.loads(formatter.format(record))
    finally:
        logs.request_id_var.reset(token)
    assert line["request_id"] == "req-12345678"
    assert line["message"] == "证书 A1 生成失败" and line["level"] == "ERROR" and line["logger"] == "registry.x"
    assert "RuntimeError: boom" in line["exception"]


def test_a_task_carries_the_request_id_that_queued_it_and_a_task_run_inside_a_request_keeps_it():
    headers = {}
    token = logs.request_id_var.set("req-abcdefgh")
    try:
        logs.task_headers_add(headers=headers)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {"request_id": "req-abcdefgh"}

    class Request:
        id = "task-0001-uuid"
        request_id = "req-abcdefgh"

    class Task:
        request = Request()

    logs.task_request_id_set(task_id="t1", task=Task())  # in a worker: the queuing request's id
    assert logs.request_id_var.get() == "req-abcdefgh"
    logs.task_request_id_clear(task_id="t1")
    assert logs.request_id_var.get() == ""

    Request.request_id = None
    token = logs.request_id_var.set("req-outer-0001")  # run eagerly inside a request
    try:
        logs.task_request_id_set(task_id="t2", task=Task())
        assert logs.request_id_var.get() == "req-outer-0001"
        logs.task_request_id_clear(task_id="t2")
        assert logs.request_id_var.get() == "req-outer-0001"
    finally:
        logs.request_id_var.reset(token)
