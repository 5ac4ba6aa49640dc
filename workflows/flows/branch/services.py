"""Submitting a branch application from the portal and starting its process, all or nothing."""

from django.db import transaction

from registry.services import policy
from registry.services.branches import NOT_REPRESENTATIVE, branch_application_submit
from workflows.flows.branch import BranchFlow


def branch_application_send(*, application, by):
    """Submit the application and start the bureau's process (filing or approval) in one transaction."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        submitted = branch_application_submit(application=application, by=by)
        BranchFlow.start.run(application=submitted)
    return submitted
