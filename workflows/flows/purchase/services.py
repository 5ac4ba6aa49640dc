"""Submitting an application from the portal and starting its process; withdrawing it and ending its process."""

from django.db import transaction
from viewflow.workflow.status import PROCESS

from registry.models import PurchaseApplicationStatus
from registry.services import policy
from registry.services.purchase_applications import NOT_REPRESENTATIVE, application_submit, application_withdraw
from workflows.engine.runner import cancel_process
from workflows.flows.purchase import PurchaseApplicationFlow
from workflows.models import PurchaseApplicationProcess


def purchase_application_send(*, application, by):
    """Submit the application; a submitted one starts its process in the same transaction, a refused one none."""
    policy.require_representative(by, application.organization, message=NOT_REPRESENTATIVE)
    with transaction.atomic():
        submitted = application_submit(application=application, by=by)
        if submitted.status == PurchaseApplicationStatus.SUBMITTED:
            PurchaseApplicationFlow.start.run(application=submitted)
    return submitted


def purchase_application_withdraw(*, application, by) -> None:
    """Withdraw the application before the deadline and cancel its open process, all or nothing."""
    with transaction.atomic():
        application_withdraw(application=application, by=by)
        for process in PurchaseApplicationProcess.objects.filter(purchase_application=application, status=PROCESS.NEW):
            cancel_process(process)
