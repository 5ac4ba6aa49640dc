"""Where the applicant meets the registration process: submit starts it, resubmit resumes it, withdraw cancels it."""

from django.db import transaction

from registry.models import ApplicationStatus, RegistrationApplication
from registry.services import guards, policy
from registry.services.application_drafts import application_submit, application_withdraw
from workflows.engine.runner import cancel_process, resume_waiting
from workflows.flows.registration import RegistrationFlow
from workflows.models import BureauProcess


def registration_submit(*, application: RegistrationApplication, by, declared: bool) -> RegistrationApplication:
    """Submit (or resubmit after corrections) and move the registration process on, all or nothing."""

    policy.require_applicant(by, application)
    with transaction.atomic():
        current = guards.locked(application)
        first_time = current.status == ApplicationStatus.DRAFT
        submitted = application_submit(application=application, by=by, declared=declared)
        if first_time:
            RegistrationFlow.start.run(application=submitted)
        else:
            resume_waiting(
                submitted,
                RegistrationFlow.correct_before_acceptance,
                RegistrationFlow.correct_during_review,
            )
    return submitted


def registration_withdraw(*, application: RegistrationApplication, by, reason: str = "") -> RegistrationApplication:
    """Withdraw the application and cancel its open process, so no officer keeps a task for it."""

    policy.require_applicant(by, application)
    with transaction.atomic():
        withdrawn = application_withdraw(application=application, by=by, reason=reason)
        for process in BureauProcess.objects.filter(application=withdrawn, finished__isnull=True):
            cancel_process(process)
    return withdrawn
