"""政府购买服务项目申报: one process per organization's application to a call.

The organization submits from its portal (an ineligible or late submission is refused there and starts no
process); the purchasing unit's staff check eligibility (资格审查): ineligible ends the process and tells the
organization; an eligible application waits for the panel's review and the award, which concludes it.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import PurchaseApplicationStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.purchaser import PurchaserTask
from workflows.flows.purchase import views
from workflows.models import PurchaseApplicationProcess

CONCLUDED = (
    PurchaseApplicationStatus.AWARDED,
    PurchaseApplicationStatus.NOT_AWARDED,
    PurchaseApplicationStatus.NOT_ADVANCED,
)


class PurchaseApplicationFlow(BureauFlow):
    """项目申报：提交 → 资格审查 → 评审和立项 → 办结。"""

    process_class = PurchaseApplicationProcess
    process_title = _("政府购买服务项目申报")
    process_description = _("社会组织申报政府购买服务项目或公益创投，购买主体审查资格，评审后立项")
    summary_template = "{{ process.purchase_application }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("提交申报")).Next(this.check_eligibility)
    check_eligibility = (
        PurchaserTask(views.EligibilityView.as_view())
        .Annotation(
            title=_("资格审查"),
            description=_("按政府购买服务管理办法第八条和征集公告的条件审查申报组织的资格"),
        )
        .Next(this.after_check)
    )
    after_check = (
        flow.If(subject_in("status", PurchaseApplicationStatus.ELIGIBLE))
        .Annotation(title=_("资格是否符合"))
        .Then(this.await_result)
        .Else(this.done)
    )
    await_result = flow.Handle().Annotation(title=_("评审和立项")).Next(this.done)
    done = flow.End().Annotation(title=_("办结"))

    def start_process(self, activation, application):
        activation.process.purchase_application = application
        activation.process.jurisdiction = application.call.unit.jurisdiction
        return activation.process


def conclude_application(application) -> None:
    """Complete the waiting step of an application already AWARDED or NOT_AWARDED (idempotent; no process: no-op)."""
    application.refresh_from_db(fields=["status"])
    if application.status not in CONCLUDED:
        return
    with transaction.atomic():
        task = Task.objects.filter(
            process__bureauprocess__purchase_application=application,
            flow_task=PurchaseApplicationFlow.await_result,
            status=STATUS.NEW,
        ).first()
        if task is None:
            return
        with PurchaseApplicationFlow.lock(task.process_id):
            # Under the process's lock: a second caller that found the same task sees it done and stops here.
            task.refresh_from_db()
            if task.status == STATUS.NEW:
                task.flow_task.run(task)
