from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("社会组织登记")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register the background tasks, so work queued by name runs also without a worker, and the system check
        # of the settings against the statutory floors (`manage.py check`, runserver, migrate).
        from registry import checks, tasks  # noqa: F401
