"""Signals the register sends, so a process can follow a change without the register knowing of processes."""

import contextvars
from dataclasses import dataclass

from django.dispatch import Signal

# Sent inside the transaction that files a penalty case (argument: case); the penalty process starts on it.
penalty_case_opened = Signal()


@dataclass(frozen=True)
class RequestContext:
    """What the security log records of the request being handled: its id, the client's address, its user."""

    request_id: str
    address: str | None
    request: object  # for its user, read when an event is recorded (authentication runs after the id is set)

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None


# The request being handled, set by registry.logs.RequestIdMiddleware for its length; the security log
# (registry.models.security_log) reads it, outside views too (signal handlers, the export writer).
request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("request_context", default=None)
