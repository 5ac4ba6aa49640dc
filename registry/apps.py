from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("社会组织登记")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from celery import signals
        from django.contrib.auth import get_user_model
        from django.contrib.auth import signals as auth_signals
        from django.contrib.auth.models import Group
        from django.db.models import signals as model_signals
        from guardian.models import GroupObjectPermission, UserObjectPermission

        # Register the background tasks, so work queued by name runs also without a worker, and the system check
        # of the settings against the statutory floors (`manage.py check`, runserver, migrate).
        from registry import checks, logs, metrics, tasks  # noqa: F401
        from registry.models import OfficerAssignment
        from registry.services import security_log as log
        from registry.services.accounts import account_lockout_notify

        def tell_the_owner(sender, username=None, ip_address=None, **kwargs):
            """django-axes locked a login name from an address: its owner is told (once per lockout period)."""
            if username:
                account_lockout_notify(username=username, ip_address=ip_address or "")

        user_locked_out.connect(tell_the_owner, weak=False, dispatch_uid="registry.lockout_notice")
        # The security log: logins, lockouts and every change of a permission, where it happens.
        user_model = get_user_model()
        connect = [
            (auth_signals.user_logged_in, log.login_succeeded, None),
            (auth_signals.user_login_failed, log.login_failed, None),
            (auth_signals.user_logged_out, log.logged_out, None),
            (user_locked_out, log.locked_out, None),
            (model_signals.pre_save, log.account_flags_remember, user_model),
            (model_signals.post_save, log.account_flags_log, user_model),
            (model_signals.m2m_changed, log.memberships_log, user_model.groups.through),
            (model_signals.m2m_changed, log.memberships_log, user_model.user_permissions.through),
            (model_signals.m2m_changed, log.memberships_log, Group.permissions.through),
            (model_signals.pre_save, log.assignment_remember, OfficerAssignment),
            (model_signals.post_save, log.assignment_saved, OfficerAssignment),
            (model_signals.post_delete, log.assignment_deleted, OfficerAssignment),
        ]
        for model in (UserObjectPermission, GroupObjectPermission):
            connect += [
                (model_signals.post_save, log.object_permission_saved, model),
                (model_signals.post_delete, log.object_permission_deleted, model),
            ]
        for signal, handler, sender in connect:
            uid = f"registry.security_log.{handler.__name__}.{sender._meta.label if sender else ''}"
            signal.connect(handler, sender=sender, weak=False, dispatch_uid=uid)
        # Background tasks carry the request id that queued them, and are counted by how they end.
        signals.before_task_publish.connect(logs.task_headers_add, weak=False)
        signals.task_prerun.connect(logs.task_request_id_set, weak=False)
        signals.task_postrun.connect(logs.task_request_id_clear, weak=False)
        signals.task_success.connect(metrics.task_succeeded, weak=False)
        signals.task_failure.connect(metrics.task_failed, weak=False)
        signals.task_retry.connect(metrics.task_retried, weak=False)
        signals.worker_ready.connect(metrics.worker_metrics_serve, weak=False)
