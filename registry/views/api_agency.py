"""The agencies' API: the change stream (JSON lines, long-poll) and an organization's record on a past day.

Anonymous callers read the public fields within the anonymous limit; an agency's key (`Authorization: Bearer
rk_...`) has its own limit and may add the agency fields its agreement allows.
"""

import datetime
import json
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry.models import ApiKey, ChangeKind, Organization
from registry.ratelimit import seconds_to_wait
from registry.rules.display import local_date
from registry.selectors.changes import event_payload, events_after, organization_as_of, timepoint_too_old
from registry.services.api_keys import agency_id_number_disclose, api_key_authenticate
from registry.views.api import public_record, rate_limited

NDJSON = "application/x-ndjson; charset=utf-8"


def _json(payload: dict, status: int) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def api_access(request) -> tuple[ApiKey | None, JsonResponse | None]:
    """The caller's key (None: anonymous) or the refusal to send: 401 for a bad key, 429 over the limit."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    key = None
    if header:
        scheme, _sep, token = header.partition(" ")
        key = api_key_authenticate(token.strip()) if scheme.lower() == "bearer" else None
        if key is None:
            response = _json({"detail": _("接口密钥无效或已吊销。")}, 401)
            response["WWW-Authenticate"] = 'Bearer realm="registry", error="invalid_token"'
            return None, response
        wait = seconds_to_wait(scope="api-key", address=f"key-{key.pk}", limit=key.per_minute, window_seconds=60)
    else:
        wait = rate_limited(request)
    if wait:
        response = _json({"detail": _("请求过于频繁，请%(seconds)d秒后再试。") % {"seconds": wait}}, 429)
        response["Retry-After"] = str(wait)
        return key, response
    return key, None


def _whole(text: str | None, *, default: int, low: int, high: int | None = None) -> int:
    """A whole-number parameter; ValueError when it is not one or lies below `low`; capped at `high`."""
    if text is None or text == "":
        return default
    value = int(text)
    if value < low:
        raise ValueError(text)
    return min(value, high) if high is not None else value


@require_safe
def changes(request):
    """The events after `timepoint`, in order, as JSON lines; waits a bounded time for new ones."""
    key, refusal = api_access(request)
    if refusal:
        return refusal
    limits = settings.REGISTRY
    try:
        timepoint = _whole(request.GET.get("timepoint"), default=0, low=0)
        limit = _whole(
            request.GET.get("limit"), default=limits["CHANGES_MAX_LIMIT"], low=1, high=limits["CHANGES_MAX_LIMIT"]
        )
        wait = _whole(
            request.GET.get("wait"), default=limits["CHANGES_WAIT_SECONDS"], low=0, high=limits["CHANGES_WAIT_SECONDS"]
        )
    except ValueError:
        return _json({"detail": _("timepoint、limit 和 wait 须为非负整数（limit 至少为 1）。")}, 400)
    kinds = request.GET.getlist("kind")
    if set(kinds) - set(ChangeKind.values):
        return _json(
            {
                "detail": _("未知的事项代码：%(kinds)s")
                % {"kinds": ", ".join(sorted(set(kinds) - set(ChangeKind.values)))}
            },
            400,
        )
    oldest = timepoint_too_old(timepoint)
    if oldest is not None:
        response = _json(
            {
                "detail": _("该时点已超出保留期限，最早可读的时点为 %(oldest)d。") % {"oldest": oldest},
                "oldest_timepoint": oldest,
            },
            416,
        )
        response["Content-Range"] = f"timepoints */{oldest}"
        return response
    agency_fields = key.agency_fields if key else ()
    response = StreamingHttpResponse(
        _stream(timepoint, limit=limit, wait=wait, kinds=kinds, agency_fields=agency_fields), content_type=NDJSON
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each line on at once
    return response


def _stream(cursor: int, *, limit: int, wait: int, kinds, agency_fields):
    """Yield events as they commit, until `limit` were sent or `wait` seconds passed without reaching it.

    Each read is its own short query (autocommit); between reads the database connection is given back, so a
    waiting reader holds a server thread but no transaction and no connection.
    """
    deadline = time.monotonic() + wait
    sent = 0
    poll = settings.REGISTRY["CHANGES_POLL_MS"] / 1000
    while sent < limit:
        events = events_after(cursor, limit=limit - sent, kinds=kinds)
        for event in events:
            yield json.dumps(event_payload(event, agency_fields=agency_fields), ensure_ascii=False) + "\n"
            cursor = event.timepoint
            sent += 1
        if events:
            continue
        if time.monotonic() + poll > deadline:
            return
        if not connection.in_atomic_block:
            connection.close()
        time.sleep(poll)


@require_safe
def organization(request, code: str):
    """One organization's public record, now or as the register held it at the end of `as_of`."""
    key, refusal = api_access(request)
    if refusal:
        return refusal
    current = Organization.objects.select_related("jurisdiction").filter(uscc=code.upper()).first()
    if current is None:
        return _json({"detail": _("未找到该统一社会信用代码的社会组织。")}, 404)
    as_of = request.GET.get("as_of")
    if not as_of:
        record = public_record(current)
        if key is not None and "legal_rep_id_number" in key.agency_fields and key.account_id:
            record["legal_rep_id_number"] = agency_id_number_disclose(key=key, organization=current)
        return _json(record, 200)
    try:
        day = datetime.date.fromisoformat(as_of)
    except ValueError:
        return _json({"detail": _("as_of 须为 YYYY-MM-DD 格式的日期。")}, 400)
    if day > timezone.localdate():
        return _json({"detail": _("as_of 不能晚于今天。")}, 400)
    past = organization_as_of(current, day)
    if past is None:
        return _json({"detail": _("该组织在 %(day)s 尚未记入登记簿。") % {"day": local_date(day)}}, 404)
    record = public_record(past)
    record["purchase_of_service_eligible"] = None  # depends on records other than the register entry
    record["as_of"] = day.isoformat()
    return _json(record, 200)
