"""The site icon at /favicon.ico, where browsers and bookmarks look for it before reading any page."""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = Path(__file__).resolve().parent.parent / "static" / "registry" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Serve the site icon (the same mark the pages link as SVG)."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
