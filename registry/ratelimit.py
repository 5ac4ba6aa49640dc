"""Fixed-window rate limits per client address, kept in the default cache (shared when REDIS_URL is set)."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or the trusted proxies' header when one is configured.

    With N trusted proxies the client is the N-th address from the right of the header: entries to the
    left of it were written by the client and may be forged. None when no valid address is known.
    """
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
        count = max(settings.TRUSTED_PROXY_COUNT, 1)
        if len(hops) >= count and _valid_ip(hops[-count]):
            return hops[-count]
    address = request.META.get("REMOTE_ADDR", "")
    return address if _valid_ip(address) else None


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def seconds_to_wait(*, scope: str, address: str | None, limit: int, window_seconds: int) -> int:
    """Count one use of `scope` by `address`; seconds until the window resets if over `limit`, else 0."""
    now = time.time()
    window = int(now // window_seconds)
    key = f"rate:{scope}:{address or 'unknown'}:{window}"
    cache.add(key, 0, timeout=window_seconds + 30)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 30)
        used = 1
    return 0 if used <= limit else window_seconds - int(now) % window_seconds


def objection_refused(request, form) -> bool:
    """Count one public objection from the client's address; over the hourly limit, put the translated error on
    `form` and answer True (the view then answers 429 and files nothing)."""
    wait = seconds_to_wait(
        scope="objection",
        address=client_address(request),
        limit=settings.REGISTRY["OBJECTIONS_PER_HOUR"],
        window_seconds=3600,
    )
    if wait:
        form.add_error(None, _("提交过于频繁，请%(minutes)d分钟后再试。") % {"minutes": wait // 60 + 1})
    return bool(wait)
