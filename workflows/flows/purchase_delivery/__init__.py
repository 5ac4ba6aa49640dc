"""购买服务项目实施: from the signed contract, milestone by milestone, to the final evaluation.

The organization reports each milestone from its portal; the purchaser's officer accepts it or returns it
with reasons (a returned milestone is reported again); after the last milestone is accepted the third party's
final evaluation closes the project. The purchaser and the organization act from their own pages, which
resume the waiting steps through `services.py`; termination cancels whatever step is open.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.models import MilestoneStatus
from workflows.engine.flow import BureauFlow
from workflows.models import PurchaseDeliveryProcess


def _milestones_left(activation) -> bool:
    """A milestone remains to be reported: the one just returned (reported again), or the next one."""
    project = activation.process.coerced.subject
    return project.milestones.filter(status__in=(MilestoneStatus.RETURNED, MilestoneStatus.PENDING)).exists()


class PurchaseDeliveryFlow(BureauFlow):
    """项目实施：签订合同 → 组织报送里程碑 → 购买主体验收（通过或退回）→ …… → 第三方结项评估。"""

    process_class = PurchaseDeliveryProcess
    process_title = _("购买服务项目实施")
    process_description = _("合同、里程碑报送与验收、付款、变更和终止、第三方结项评估")
    summary_template = "{{ process.service_project }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("签订合同")).Next(this.report)
    report = flow.Handle().Annotation(title=_("承接组织报送里程碑")).Next(this.inspect)
    inspect = flow.Handle().Annotation(title=_("购买主体验收")).Next(this.after_inspect)
    after_inspect = (
        flow.Switch().Annotation(title=_("验收结果")).Case(this.report, _milestones_left).Default(this.evaluate)
    )
    evaluate = flow.Handle().Annotation(title=_("第三方结项评估")).Next(this.completed)
    completed = flow.End().Annotation(title=_("结项"))

    def start_process(self, activation, project):
        """Tie the new process to the project and to the district of its purchasing unit."""
        activation.process.service_project = project
        activation.process.jurisdiction = project.unit.jurisdiction
        return activation.process
