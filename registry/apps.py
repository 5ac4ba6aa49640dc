from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("社会组织登记")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from celery import signals

        # Register the background tasks, so work queued by name runs also without a worker, and the system check
        # of the settings against the statutory floors (`manage.py check`, runserver, migrate).
        from registry import checks, logs, metrics, tasks  # noqa: F401
        from registry.services.accounts import account_lockout_notify

        def tell_the_owner(sender, username=None, ip_address=None, **kwargs):
            """django-axes locked a login name from an address: its owner is told (once per lockout period)."""
            if username:
                account_lockout_notify(username=username, ip_address=ip_address or "")

        user_locked_out.connect(tell_the_owner, weak=False, dispatch_uid="registry.lockout_notice")
        # Background tasks carry the request id that queued them, and are counted by how they end.
        signals.before_task_publish.connect(logs.task_headers_add, weak=False)
        signals.task_prerun.connect(logs.task_request_id_set, weak=False)
        signals.task_postrun.connect(logs.task_request_id_clear, weak=False)
        signals.task_success.connect(metrics.task_succeeded, weak=False)
        signals.task_failure.connect(metrics.task_failed, weak=False)
        signals.task_retry.connect(metrics.task_retried, weak=False)
        signals.worker_ready.connect(metrics.worker_metrics_serve, weak=False)
