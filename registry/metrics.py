"""Prometheus metrics: requests per view, the register's queues and backlogs, and the background worker.

`/metrics` serves them in Prometheus' text format to the monitoring network only (or to a bearer token).
Under gunicorn with several workers set `PROMETHEUS_MULTIPROC_DIR` to an empty directory shared by the
workers of one host, so every worker's counts are added up; the Celery worker serves its own counts on
`REGISTRY_CELERY_METRICS_PORT`. The alert rules that read these series are in `docs/monitoring/alerts.yml`.
"""

import hmac
import ipaddress
import os
import shutil
import time

import redis
from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily

from registry.models import Certificate, IndexTask, OutboxMessage
from registry.ratelimit import client_address

REQUESTS = Counter(
    "registry_http_requests", "HTTP requests answered, by view, method and status code", ["view", "method", "status"]
)
LATENCY = Histogram(
    "registry_http_request_duration_seconds",
    "Time to answer an HTTP request, by view and method",
    ["view", "method"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
EXCEPTIONS = Counter("registry_http_exceptions", "Requests that ended in an unhandled exception, by view", ["view"])
TASKS = Counter(
    "registry_celery_tasks",
    "Background tasks that ended, by task name and outcome (succeeded, failed, retried)",
    ["task", "outcome"],
)


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"  # 404s of unknown URLs: one series, not one per URL tried
    return match.view_name or match._func_path


class MetricsMiddleware:
    """Count each request and time it, labelled by the URL pattern's name (never the raw path)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        LATENCY.labels(view, request.method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response

    def process_exception(self, request, exception):
        EXCEPTIONS.labels(_view_name(request)).inc()


class RegisterStateCollector:
    """Gauges read from the database at each scrape: index backlog, outbox, pending certificates, upload disk."""

    def collect(self):
        now = timezone.now()
        index = IndexTask.objects.aggregate(
            backlog=Count("id"), failing=Count("id", filter=Q(attempts__gt=0)), oldest=Min("queued_at")
        )
        yield _gauge("registry_search_index_backlog", "Organizations waiting for a search update", index["backlog"])
        yield _gauge(
            "registry_search_index_failing", "Queued index updates that failed at least once", index["failing"]
        )
        yield _gauge(
            "registry_search_index_oldest_age_seconds",
            "Age of the oldest queued index update (0 when the queue is empty)",
            _age(now, index["oldest"]),
        )
        outbox = OutboxMessage.objects.filter(sent_at__isnull=True).aggregate(
            pending=Count("id"), oldest=Min("created_at")
        )
        yield _gauge("registry_outbox_pending", "E-mails and text messages not yet sent", outbox["pending"])
        yield _gauge(
            "registry_outbox_oldest_age_seconds",
            "Age of the oldest unsent message (0 when none is waiting)",
            _age(now, outbox["oldest"]),
        )
        yield _gauge(
            "registry_certificates_pending_render",
            "Certificates whose PDF is not rendered yet",
            Certificate.objects.filter(file_sha256="").count(),
        )
        root = settings.MEDIA_ROOT
        os.makedirs(root, exist_ok=True)
        usage = shutil.disk_usage(root)
        yield _gauge("registry_upload_disk_free_bytes", "Free space on the disk of uploads and documents", usage.free)
        yield _gauge("registry_upload_disk_size_bytes", "Size of the disk of uploads and documents", usage.total)
        yield from _queue_lengths()


def _gauge(name: str, documentation: str, value) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value or 0))


def _age(now, since) -> float:
    return max((now - since).total_seconds(), 0.0) if since else 0.0


def _queue_lengths():
    """The broker's waiting messages per queue (Redis lists), or nothing when tasks run in-process."""
    family = GaugeMetricFamily("registry_celery_queue_length", "Tasks waiting in the broker's queue", labels=["queue"])
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://")):
        try:
            client = redis.Redis.from_url(broker, socket_timeout=2, socket_connect_timeout=2)
            family.add_metric([settings.CELERY_TASK_DEFAULT_QUEUE], client.llen(settings.CELERY_TASK_DEFAULT_QUEUE))
        except redis.RedisError:
            family.add_metric([settings.CELERY_TASK_DEFAULT_QUEUE], float("nan"))  # unknown: the alert sees NaN
    yield family


_state_registry = CollectorRegistry(auto_describe=False)
_state_registry.register(RegisterStateCollector())


def process_registry() -> CollectorRegistry:
    """This process's own metrics, or every worker's added up when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)
        return combined
    return REGISTRY


def allowed(request) -> bool:
    """A scrape is allowed with the configured bearer token, or from an address in the monitoring networks."""
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and offered.startswith("Bearer ") and hmac.compare_digest(offered[7:].encode(), token.encode()):
        return True
    address = client_address(request)
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in ipaddress.ip_network(network) for network in settings.METRICS_NETWORKS)


def metrics_view(request):
    """Prometheus' text format; anyone else gets the ordinary 404 page."""
    if not allowed(request):
        raise Http404
    body = generate_latest(process_registry()) + generate_latest(_state_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def task_succeeded(sender=None, **_kwargs) -> None:
    TASKS.labels(getattr(sender, "name", "?"), "succeeded").inc()


def task_failed(sender=None, **_kwargs) -> None:
    TASKS.labels(getattr(sender, "name", "?"), "failed").inc()


def task_retried(sender=None, **_kwargs) -> None:
    TASKS.labels(getattr(sender, "name", "?"), "retried").inc()


def worker_metrics_serve(**_kwargs):
    """Celery `worker_ready`: serve the worker's task counts on REGISTRY_CELERY_METRICS_PORT (0: off).

    Returns the server and its thread (None when off), so the caller can shut it down.
    """
    port = settings.CELERY_METRICS_PORT
    if not port:
        return None
    return start_http_server(port, addr=settings.CELERY_METRICS_ADDRESS, registry=process_registry())
