"""Reads for the officers' inbox: the tasks of every flow an officer may claim or holds, soonest due first."""

from django.db.models import Case, DateField, F, Q, QuerySet, Value, When
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.selectors.purchase import units_for
from workflows.engine.nodes import OfficerTask
from workflows.engine.purchaser import PurchaserTask
from workflows.flows.annual_inspection import AnnualInspectionFlow
from workflows.flows.archive import ArchiveRequestFlow
from workflows.flows.branch import BranchFlow
from workflows.flows.certificate import CertificateServiceFlow
from workflows.flows.charter import CharterFlow
from workflows.flows.dormancy import DormancyFlow
from workflows.flows.election import ElectionFlow
from workflows.flows.evaluation import EvaluationFlow
from workflows.flows.officer_filing import OfficerFilingFlow
from workflows.flows.penalty import PenaltyFlow
from workflows.flows.purchase import PurchaseApplicationFlow
from workflows.flows.purchase_delivery import PurchaseDeliveryFlow
from workflows.flows.registration import RegistrationFlow
from workflows.flows.term_extension import TermExtensionFlow


def flows():
    """Every flow whose officer tasks appear in the inbox."""
    return [
        RegistrationFlow,
        DormancyFlow,
        AnnualInspectionFlow,
        EvaluationFlow,
        PenaltyFlow,
        BranchFlow,
        CharterFlow,
        CertificateServiceFlow,
        ArchiveRequestFlow,
        ElectionFlow,
        TermExtensionFlow,
        OfficerFilingFlow,
        PurchaseDeliveryFlow,
    ]


def officer_nodes():
    return [node for flow_class in flows() for node in flow_class.instance.nodes() if isinstance(node, OfficerTask)]


def purchaser_flows():
    """Flows with steps of a purchasing unit's staff (PurchaserTask): no role at a bureau, no due date."""
    return [PurchaseApplicationFlow]


def purchaser_nodes():
    return [
        node
        for flow_class in purchaser_flows()
        for node in flow_class.instance.nodes()
        if isinstance(node, PurchaserTask)
    ]


def purchaser_tasks(user) -> QuerySet:
    """Purchasers' steps waiting to be claimed (资格审查) in the applications to the calls of every unit `user`
    acts for, as `units_for` decides: the unit's own staff, and a bureau's officers for the bureau's unit."""
    return Task.objects.filter(
        status=STATUS.NEW,
        flow_task__in=purchaser_nodes(),
        process__bureauprocess__purchase_application__call__unit__in=units_for(user),
    )


def _inbox_related() -> list[str]:
    """What each flow's process needs loaded to name its task in the inbox (its proxy says)."""
    return [
        f"process__bureauprocess__{path}"
        for flow_class in flows() + purchaser_flows()
        for path in flow_class.process_class.inbox_related
    ]


def _due_expression():
    whens = [When(flow_task=node, then=F(f"process__bureauprocess__{node.due}")) for node in officer_nodes()]
    return Case(*whens, default=Value(None), output_field=DateField())


def officer_tasks(user) -> QuerySet:
    """Tasks the officer may claim (their role, their jurisdiction; a purchaser's step: a unit they act for) and
    tasks they hold; overdue first."""
    claimable = (
        Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN")
        .user_queue(user)
        .exclude(flow_task__in=purchaser_nodes())
    )
    mine = Q(owner=user, status=STATUS.ASSIGNED)
    return (
        Task.objects.filter(Q(pk__in=claimable.values("pk")) | Q(pk__in=purchaser_tasks(user).values("pk")) | mine)
        .annotate(due_on=_due_expression())
        .select_related(*_inbox_related(), "process__bureauprocess__jurisdiction", "owner")
        .order_by(F("due_on").asc(nulls_last=True), "created")
    )
