from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("社会组织登记")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out

        # Register the background tasks, so work queued by name runs also without a worker.
        from registry import tasks  # noqa: F401
        from registry.services.accounts import account_lockout_notify

        def tell_the_owner(sender, username=None, ip_address=None, **kwargs):
            """django-axes locked a login name from an address: its owner is told (once per lockout period)."""
            if username:
                account_lockout_notify(username=username, ip_address=ip_address or "")

        user_locked_out.connect(tell_the_owner, weak=False, dispatch_uid="registry.lockout_notice")
