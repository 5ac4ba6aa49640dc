"""The Elasticsearch connection, with timeouts, and a cheap health probe."""

import logging
import time
from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ApiError, TransportError

logger = logging.getLogger(__name__)

# The probe's answer is kept for a few seconds so a page never waits on a dead node twice.
_HEALTH_TTL_SECONDS = 5.0
_health_cache: dict[str, tuple[float, bool]] = {}


@lru_cache(maxsize=4)
def _client_for(url: str, timeout: int) -> Elasticsearch:
    hosts = [host.strip() for host in url.split(",") if host.strip()]
    if len(hosts) == 1:
        return Elasticsearch(hosts[0], request_timeout=timeout, max_retries=0, retry_on_timeout=False)
    # Several nodes: a request refused by a dead node goes to another, and dead nodes are left out a while.
    # A timed-out request is not sent again: it may have been done (an index created) and is not idempotent.
    return Elasticsearch(
        hosts, request_timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False, dead_node_backoff_factor=1.0
    )


def get_client() -> Elasticsearch:
    """Return the shared client for ELASTICSEARCH_URL (one node, or several comma-separated)."""
    return _client_for(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def cluster_available(*, use_cache: bool = True) -> bool:
    """Return whether the cluster answers with yellow or green health.

    The test distribution has no `GET /`, so `ping()` is always False; cluster health is the probe.
    """
    url = settings.ELASTICSEARCH_URL
    now = time.monotonic()
    cached = _health_cache.get(url)
    if use_cache and cached and now - cached[0] < _HEALTH_TTL_SECONDS:
        return cached[1]
    try:
        health = get_client().options(request_timeout=2).cluster.health(wait_for_status="yellow", timeout="1s")
        ok = health.get("status") in {"green", "yellow"}
    except (ApiError, TransportError, OSError) as exc:
        logger.warning("Elasticsearch at %s is unavailable: %s", url, exc)
        ok = False
    _health_cache[url] = (now, ok)
    return ok


def index_name(kind: str) -> str:
    """Return the alias under which `kind` documents are searched, with the configured prefix."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_{kind}"


def reset_clients() -> None:
    """Forget the shared clients, so a forked worker process opens connections of its own."""
    _client_for.cache_clear()
    _health_cache.clear()
