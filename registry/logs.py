"""Request ids and structured logs: every log line of a request, and of the background work it queued, names it.

An incoming `X-Request-ID` (from the load balancer) is kept when it is a plain token, otherwise a new id is
made; the response carries it back. Celery tasks queued while a request is handled carry the id in their
message headers (`registry.apps` connects the signals), so a worker's log lines name the same request.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

from registry.ratelimit import client_address
from registry.signals import RequestContext, request_context

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def new_request_id(offered: str | None = None) -> str:
    """The offered id when it is a plain token of 8 to 64 characters; otherwise a new random one."""
    if offered and _VALID_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, expose it to the logs while the request runs, and return it in a header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = request_id_var.set(request.request_id)
        # The security log (logins, permission changes, exports) records the id, the address and the user.
        context = request_context.set(RequestContext(request.request_id, client_address(request), request))
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(context)
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request id (or "-" outside a request or task) on every log record."""

    def filter(self, record):
        record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, and the traceback."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get() or None,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def task_headers_add(headers: dict | None = None, **_kwargs) -> None:
    """Celery `before_task_publish`: carry the current request id in the task message's headers."""
    current = request_id_var.get()
    if current and headers is not None:
        headers.setdefault("request_id", current)


_task_tokens: dict[str, contextvars.Token] = {}


def task_request_id_set(task_id=None, task=None, **_kwargs) -> None:
    """Celery `task_prerun`: the task's log lines name the request that queued it (or the task's own id).

    A task run eagerly inside a request keeps that request's id.
    """
    request = getattr(task, "request", None)
    offered = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    offered = offered or request_id_var.get() or task_id
    _task_tokens[task_id] = request_id_var.set(new_request_id(offered))


def task_request_id_clear(task_id=None, **_kwargs) -> None:
    """Celery `task_postrun`: put back the id that was current before the task ran."""
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)
