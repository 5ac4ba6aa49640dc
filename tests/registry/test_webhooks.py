"""Webhooks: signed deliveries to a real HTTP server, in order; paused after repeated failures; resumed from the
cursor without a gap or a repeat; private addresses refused unless allowed."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import current_app
from django.core.exceptions import ValidationError
from django.db import connection

from registry.choices import HistoryAction
from registry.models import WebhookDelivery
from registry.services.api_keys import api_key_create, api_key_revoke
from registry.services.register import organization_update
from registry.services.webhooks import url_refusal, webhook_deliver, webhook_resume, webhook_subscribe, webhooks_due
from registry.tasks import deliver_webhook
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Receiver(BaseHTTPRequestHandler):
    """Answers 500 while `failures_left` > 0, then 204; keeps every request it accepted."""

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        with server.lock:
            server.attempts += 1
            failing = server.failures_left > 0
            if failing:
                server.failures_left -= 1
            else:
                server.received.append((dict(self.headers), body))
        self.send_response(500 if failing else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.lock, server.received, server.failures_left, server.attempts = threading.Lock(), [], 0, 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_local(settings):
    settings.REGISTRY = {
        **settings.REGISTRY,
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True,
        "WEBHOOK_PAUSE_AFTER_FAILURES": 3,
        "WEBHOOK_TIMEOUT_SECONDS": 5,
    }


@pytest.fixture
def admin_user(db):
    return UserFactory(username="sysadmin", is_staff=True, is_superuser=True)


@pytest.fixture
def subscription(receiver, allow_local, admin_user):
    key, _text = api_key_create(by=admin_user, name="推送", agency="市场监管局", per_minute=60)
    return webhook_subscribe(
        by=admin_user, api_key=key, url=f"http://127.0.0.1:{receiver.server_port}/hook", kinds=["changed"]
    )


def committed():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def changes(make_org, officer, count, start=0):
    organizations = []
    for number in range(start, start + count):
        org = make_org()
        organization_update(
            organization=org, by=officer, reason="变更", action=HistoryAction.CHANGED, domicile=f"新址{number}"
        )
        organizations.append(org)
    committed()
    return organizations


def received_domiciles(receiver):
    return [json.loads(body)["fields"]["domicile"]["new"] for _headers, body in receiver.received]


def test_deliveries_are_signed_in_order_and_logged(subscription, receiver, make_org, officer):
    changes(make_org, officer, 3)
    outcome = webhook_deliver(subscription_id=subscription.pk)
    assert outcome.status == "done" and outcome.delivered == 3
    assert received_domiciles(receiver) == ["新址0", "新址1", "新址2"]
    for headers, body in receiver.received:
        signed = headers["X-Registry-Timestamp"].encode() + b"." + body
        expected = hmac.new(subscription.secret.encode(), signed, hashlib.sha256).hexdigest()
        assert headers["X-Registry-Signature"] == f"sha256={expected}"
        assert headers["X-Registry-Timepoint"] == str(json.loads(body)["timepoint"])
    subscription.refresh_from_db()
    assert subscription.cursor == json.loads(receiver.received[-1][1])["timepoint"]
    logged = WebhookDelivery.objects.filter(subscription=subscription)
    assert logged.count() == 3 and all(d.ok and d.status_code == 204 for d in logged)
    assert webhook_deliver(subscription_id=subscription.pk).delivered == 0  # nothing twice


def test_kinds_not_subscribed_are_not_sent(subscription, receiver, make_org, officer):
    from registry.services.register import organization_revoke

    org = changes(make_org, officer, 1)[0]
    organization_revoke(organization=org, by=officer, reason="撤销", on=org.founded_on)
    committed()
    webhook_deliver(subscription_id=subscription.pk)
    assert [json.loads(body)["kind"] for _h, body in receiver.received] == ["changed"]


def test_a_failing_endpoint_is_retried_by_celery_then_paused_and_resumes_where_it_stopped(
    subscription, receiver, make_org, officer, admin_user, django_capture_on_commit_callbacks
):
    changes(make_org, officer, 2)
    receiver.failures_left = 10
    # Celery retries the task (eagerly here: no countdown) until the subscription pauses.
    propagates = current_app.conf.task_eager_propagates
    current_app.conf.task_eager_propagates = False
    try:
        assert deliver_webhook.apply(args=[subscription.pk]).get() == "paused"
    finally:
        current_app.conf.task_eager_propagates = propagates
    subscription.refresh_from_db()
    assert not subscription.active and subscription.paused_at and subscription.consecutive_failures == 3
    assert receiver.attempts == 3 and receiver.received == [] and subscription.cursor == 0
    failed = WebhookDelivery.objects.filter(subscription=subscription)
    assert failed.count() == 3 and {d.status_code for d in failed} == {500} and not any(d.ok for d in failed)
    assert subscription.pk not in webhooks_due()
    changes(make_org, officer, 1, start=2)  # a change while paused is kept for later
    receiver.failures_left = 0
    with django_capture_on_commit_callbacks(execute=True):
        webhook_resume(subscription=subscription, by=admin_user)  # queues the delivery after commit (eager here)
    assert received_domiciles(receiver) == ["新址0", "新址1", "新址2"]
    subscription.refresh_from_db()
    assert subscription.active and subscription.consecutive_failures == 0


def test_a_failure_backs_off_exponentially(subscription, receiver, make_org, officer, settings):
    settings.REGISTRY = {**settings.REGISTRY, "WEBHOOK_BACKOFF_SECONDS": 30}
    changes(make_org, officer, 1)
    receiver.failures_left = 2
    first = webhook_deliver(subscription_id=subscription.pk)
    second = webhook_deliver(subscription_id=subscription.pk)
    assert (first.status, first.retry_in, second.retry_in) == ("failed", 30, 60)
    subscription.refresh_from_db()
    assert subscription.next_attempt_at is not None and subscription.pk not in webhooks_due()
    assert webhook_deliver(subscription_id=subscription.pk).delivered == 1


def test_a_revoked_key_stops_its_subscriptions(subscription, receiver, make_org, officer, admin_user):
    changes(make_org, officer, 1)
    api_key_revoke(key=subscription.api_key, by=admin_user)
    assert webhook_deliver(subscription_id=subscription.pk).status == "idle"
    assert receiver.attempts == 0


def test_private_and_loopback_receivers_are_refused_unless_allowed(settings, admin_user):
    settings.REGISTRY = {**settings.REGISTRY, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": False}
    for url in ("http://127.0.0.1:8000/x", "http://10.0.0.5/x", "http://169.254.169.254/latest", "http://[::1]/x"):
        assert "内网" in url_refusal(url)
    assert url_refusal("ftp://example.org/x")
    key, _text = api_key_create(by=admin_user, name="推送", agency="市场监管局", per_minute=60)
    with pytest.raises(ValidationError):
        webhook_subscribe(by=admin_user, api_key=key, url="http://localhost/hook", kinds=[])
    with pytest.raises(ValidationError):
        webhook_subscribe(by=admin_user, api_key=key, url="https://8.8.8.8/hook", kinds=["nonsense"])


def test_the_periodic_sweep_starts_the_deliveries_that_are_due(subscription, receiver, make_org, officer):
    from registry.tasks import deliver_webhooks

    changes(make_org, officer, 2)
    assert deliver_webhooks() == 1
    assert received_domiciles(receiver) == ["新址0", "新址1"]
