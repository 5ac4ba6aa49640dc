"""Where the organization meets the charter approval process: submit starts it, resubmit resumes it."""

from django.db import transaction

from registry.models import CharterApplication, CharterStatus
from registry.services import guards, policy
from registry.services.charters import NOT_REPRESENTATIVE, charter_application_submit
from workflows.engine.runner import resume_waiting
from workflows.flows.charter import CharterFlow


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
