"""Values every page template needs."""

from django.conf import settings


def site(request):
    """Expose the product title to templates."""
    return {"SITE_TITLE": settings.SITE_TITLE}
