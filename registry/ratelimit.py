"""Fixed-window rate limits per client address, kept in the default cache."""

import time

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def seconds_to_wait(*, scope: str, address: str, limit: int, window_seconds: int) -> int:
    """Count one use of `scope` by `address`; seconds until the window resets if over `limit`, else 0."""
    now = time.time()
    window = int(now // window_seconds)
    key = f"rate:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=window_seconds + 30)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 30)
        used = 1
    return 0 if used <= limit else window_seconds - int(now) % window_seconds
