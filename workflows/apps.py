from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("业务流程")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registry.signals import penalty_case_opened
        from workflows import tasks  # noqa: F401 - register the background tasks
        from workflows.flows.penalty.services import penalty_process_start

        penalty_case_opened.connect(penalty_process_start, dispatch_uid="penalty_process_start")
