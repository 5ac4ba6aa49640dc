"""Values every page template needs."""

from django.conf import settings


def site(request):
    """Expose the product title (and the login lockout time, for the lockout page) to templates."""
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "LOGIN_LOCKOUT_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
