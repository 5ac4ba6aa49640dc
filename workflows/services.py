"""Where the applicant's actions meet the workflow engine: submit starts a process, resubmit resumes it."""

from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import ApplicationStatus, RegistrationApplication
from registry.services.applications import application_submit


def registration_submit(*, application: RegistrationApplication, by) -> RegistrationApplication:
    """Submit (or resubmit after corrections) and move the registration process on, all or nothing."""
    from workflows.flows.registration import RegistrationFlow

    with transaction.atomic():
        current = RegistrationApplication.objects.select_for_update().get(pk=application.pk)
        first_time = current.status == ApplicationStatus.DRAFT
        submitted = application_submit(application=application, by=by)
        if first_time:
            RegistrationFlow.start.run(application=submitted)
        else:
            waiting = Task.objects.select_related("process").get(
                process__bureauprocess__application=submitted,
                flow_task__in=[RegistrationFlow.correct_before_acceptance, RegistrationFlow.correct_during_review],
                status=STATUS.NEW,
            )
            waiting.flow_task.run(waiting)
    return submitted
