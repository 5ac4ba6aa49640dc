"""Webhook subscriptions: deliver the change stream to an agency's URL, in order, signed, paused when it fails.

Each event is one POST of its JSON, signed with the subscription's secret:
`X-Registry-Signature: sha256=HMAC-SHA256(secret, "<X-Registry-Timestamp>." + body)`. The cursor moves past an
event only when its POST answered 2xx, in the transaction that logs the attempt; so deliveries are in order
and, short of a worker dying between the answer and the commit, never repeated (the timepoint in the body
lets a receiver drop that rare repeat).
"""

import dataclasses
import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.parse

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.background import dispatch
from registry.models import ApiKey, WebhookDelivery, WebhookSubscription
from registry.selectors.changes import event_payload, events_after
from registry.services import policy
from registry.services.api_keys import webhook_kinds_valid, webhook_secret

logger = logging.getLogger(__name__)

BATCH = 100  # events read per query while delivering


@dataclasses.dataclass
class Outcome:
    """How one delivery run ended: done (nothing left), failed (retry in `retry_in` s), paused, or idle."""

    status: str
    delivered: int = 0
    retry_in: int = 0


def webhook_sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for this body sent at this timestamp."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def url_refusal(url: str) -> str | None:
    """Why the registry will not send to this URL (SSRF: private, loopback, link-local addresses), or None."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return _("接收地址须为 http 或 https 网址。")
    if settings.REGISTRY["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"]:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        return _("无法解析接收地址的主机名。")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return _("接收地址指向内网、本机或保留地址，不予推送。")
    return None


def webhook_subscribe(*, by, api_key: ApiKey, url: str, kinds: list) -> WebhookSubscription:
    """Register a URL for the events of `kinds` (all when empty), from the newest event on."""
    policy.require_system_administrator(by)
    if api_key.revoked_at is not None:
        raise ValidationError(_("该接口密钥已吊销。"))
    refusal = url_refusal(url)
    if refusal:
        raise ValidationError({"url": refusal})
    subscription = WebhookSubscription(
        api_key=api_key, url=url, kinds=webhook_kinds_valid(kinds), secret=webhook_secret()
    )
    subscription.full_clean()
    subscription.save()
    return subscription


def webhook_pause(*, subscription: WebhookSubscription, by) -> WebhookSubscription:
    policy.require_system_administrator(by)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False, paused_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def webhook_resume(*, subscription: WebhookSubscription, by) -> WebhookSubscription:
    """Switch a paused subscription on again: delivery resumes from its cursor, nothing skipped."""
    policy.require_system_administrator(by)
    if subscription.api_key.revoked_at is not None:
        raise ValidationError(_("该接口密钥已吊销，订阅不能恢复。"))
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            active=True, paused_at=None, consecutive_failures=0, next_attempt_at=None
        )
        transaction.on_commit(lambda: dispatch("registry.deliver_webhook", subscription.pk))
    subscription.refresh_from_db()
    return subscription


def _post(subscription: WebhookSubscription, body: bytes, timepoint: int) -> tuple[int | None, str]:
    refusal = url_refusal(subscription.url)
    if refusal:
        return None, refusal
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "registry-webhooks/1",
        "X-Registry-Timepoint": str(timepoint),
        "X-Registry-Timestamp": timestamp,
        "X-Registry-Signature": webhook_sign(subscription.secret, timestamp, body),
    }
    seconds = settings.REGISTRY["WEBHOOK_TIMEOUT_SECONDS"]
    try:
        response = urllib3.request(
            "POST",
            subscription.url,
            body=body,
            headers=headers,
            timeout=urllib3.Timeout(total=seconds),
            retries=False,
            redirect=False,  # a redirect could point inside the network
        )
    except urllib3.exceptions.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    return response.status, "" if 200 <= response.status < 300 else f"HTTP {response.status}"


def _deliver_next(subscription_id: int) -> Outcome | None:
    """Deliver the next event of one subscription in its own transaction; None when one was delivered."""
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("api_key")
            .filter(pk=subscription_id, active=True, api_key__revoked_at__isnull=True)
            .first()
        )
        if subscription is None:
            return Outcome("idle")  # paused, revoked, or being delivered by another worker now
        events = events_after(subscription.cursor, limit=1, kinds=subscription.kinds)
        if not events:
            if subscription.next_attempt_at is not None:
                subscription.next_attempt_at = None
                subscription.save(update_fields=["next_attempt_at"])
            return Outcome("done")
        event = events[0]
        payload = event_payload(event, agency_fields=subscription.api_key.agency_fields)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        started = time.monotonic()
        status, error = _post(subscription, body, event.timepoint)
        WebhookDelivery.objects.create(
            subscription=subscription,
            timepoint=event.timepoint,
            status_code=status,
            duration_ms=int((time.monotonic() - started) * 1000),
            ok=not error,
            error=error,
        )
        if not error:
            subscription.cursor = event.timepoint
            subscription.consecutive_failures = 0
            subscription.next_attempt_at = None
            subscription.save(update_fields=["cursor", "consecutive_failures", "next_attempt_at"])
            return None
        subscription.consecutive_failures += 1
        if subscription.consecutive_failures >= settings.REGISTRY["WEBHOOK_PAUSE_AFTER_FAILURES"]:
            subscription.active = False
            subscription.paused_at = timezone.now()
            subscription.save(update_fields=["consecutive_failures", "active", "paused_at"])
            logger.warning("webhook %s paused after %s failures", subscription.pk, subscription.consecutive_failures)
            return Outcome("paused")
        retry_in = settings.REGISTRY["WEBHOOK_BACKOFF_SECONDS"] * 2 ** (subscription.consecutive_failures - 1)
        subscription.next_attempt_at = timezone.now() + datetime.timedelta(seconds=retry_in)
        subscription.save(update_fields=["consecutive_failures", "next_attempt_at"])
        return Outcome("failed", retry_in=retry_in)


def webhook_deliver(*, subscription_id: int, most: int = 1000) -> Outcome:
    """Deliver the subscription's events after its cursor, in order, until none is left or one fails."""
    delivered = 0
    while delivered < most:
        outcome = _deliver_next(subscription_id)
        if outcome is not None:
            outcome.delivered = delivered
            return outcome
        delivered += 1
    return Outcome("done", delivered=delivered)


def webhooks_due(*, now: datetime.datetime | None = None) -> list[int]:
    """The active subscriptions whose retry time, if any, has come."""
    now = now or timezone.now()
    due = WebhookSubscription.objects.filter(active=True, api_key__revoked_at__isnull=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return list(due.values_list("pk", flat=True))
