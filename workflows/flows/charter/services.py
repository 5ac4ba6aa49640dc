"""Where the organization meets the charter approval process: submit starts it, resubmit resumes it, withdraw
cancels it."""

from django.db import transaction

from registry.models import CharterApplication, CharterStatus
from registry.services import guards, policy
from registry.services.charters import NOT_REPRESENTATIVE, charter_application_submit, charter_application_withdraw
from workflows.engine.runner import cancel_process, resume_waiting
from workflows.flows.charter import CharterFlow
from workflows.models import BureauProcess


def charter_submit(*, application: CharterApplication, by) -> CharterApplication:
    """Submit (or resubmit after corrections) and start or move on the charter process, all or nothing."""

    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        first_time = guards.locked(application).status == CharterStatus.DRAFT
        submitted = charter_application_submit(application=application, by=by)
        if first_time:
            CharterFlow.start.run(application=submitted)
        else:
            resume_waiting(submitted, CharterFlow.correct)
    return submitted


def charter_withdraw(*, application: CharterApplication, by, reason: str = "") -> CharterApplication:
    """Withdraw the application and cancel its open process, so no officer keeps a task for it."""

    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        withdrawn = charter_application_withdraw(application=application, by=by, reason=reason)
        for process in BureauProcess.objects.filter(charter_application=withdrawn, finished__isnull=True):
            cancel_process(process)
    return withdrawn
