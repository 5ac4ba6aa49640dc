"""The purchase-delivery process around the registry's writes: each write and its step move together."""

from django.db import transaction

from registry.models import ServiceProject
from registry.services import purchase_delivery as delivery
from workflows.engine.runner import cancel_process, resume_waiting
from workflows.flows.purchase_delivery import PurchaseDeliveryFlow
from workflows.models import BureauProcess


def contract_sign(*, project: ServiceProject, by, **contract):
    """Record the contract and start the project's process, all or nothing."""
    with transaction.atomic():
        recorded = delivery.contract_record(project=project, by=by, **contract)
        PurchaseDeliveryFlow.start.run(project=recorded.project)
    return recorded


def milestone_report_send(*, milestone, by, text, uploads, today=None):
    """The organization reports the current milestone; the process moves to the purchaser's acceptance."""
    with transaction.atomic():
        report = delivery.milestone_report(milestone=milestone, by=by, text=text, uploads=uploads, today=today)
        resume_waiting(milestone.project_id, PurchaseDeliveryFlow.report)
    return report


def milestone_decide(*, milestone, by, accept: bool, reason: str = ""):
    """The purchaser accepts or returns the reported milestone; the process moves on (or back to reporting)."""
    with transaction.atomic():
        if accept:
            decided = delivery.milestone_accept(milestone=milestone, by=by, opinion=reason)
        else:
            decided = delivery.milestone_return(milestone=milestone, by=by, reason=reason)
        resume_waiting(milestone.project_id, PurchaseDeliveryFlow.inspect)
    return decided


def evaluation_record(*, evaluation, by, **result):
    """The evaluator records a result; a final evaluation closes the project and ends its process."""
    with transaction.atomic():
        recorded = delivery.project_evaluation_record(evaluation=evaluation, by=by, **result)
        if recorded.stage == "final":
            resume_waiting(evaluation.project_id, PurchaseDeliveryFlow.evaluate)
    return recorded


def project_terminate(*, project: ServiceProject, by, reason: str):
    """Terminate the project and cancel its process's open step, all or nothing."""
    with transaction.atomic():
        terminated = delivery.project_terminate(project=project, by=by, reason=reason)
        for process in BureauProcess.objects.filter(service_project=project, finished__isnull=True):
            cancel_process(process)
    return terminated
