"""名存实亡社会组织清理整顿: public notice, the organization's response, then closing the case or revoking.

Started by an inspector from the sweep's candidate list. The notice runs 60 days (setting); the
inspector closes the case when the organization rectified, or after the notice proposes revocation.
Revocation is an administrative penalty: the proposal files a penalty case (`PenaltyFlow`: approval,
advance notice, statement and hearing, decision, service), and the cleanup case ends with it.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import DormancyStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.dormancy import views
from workflows.models import DormancyProcess


class DormancyFlow(BureauFlow):
    """清理整顿：立案公示 → 审核整改情况 → 结案，或转入行政处罚程序（撤销登记）。"""

    process_class = DormancyProcess
    process_title = _("名存实亡社会组织清理整顿")
    process_description = _("公示、整改、结案或撤销登记")
    summary_template = "{{ process.dormancy_case }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("立案公示")).Next(this.review)

    review = (
        OfficerTask(views.ReviewCaseView.as_view(), role=OfficerRole.INSPECTOR, due="dormancy_case__notice_ends_on")
        .Annotation(
            title=_("审核整改情况"), description=_("整改到位的结案；公示期满未整改的提出撤销登记，转入行政处罚程序")
        )
        .Next(this.after_review)
    )
    after_review = (
        flow.If(subject_in("status", DormancyStatus.REVOCATION_PROPOSED))
        .Annotation(title=_("是否拟撤销登记"))
        .Then(this.handed_over)
        .Else(this.closed)
    )
    closed = flow.End().Annotation(title=_("结案"))
    handed_over = flow.End().Annotation(title=_("转入行政处罚程序"))

    def start_process(self, activation, case):
        activation.process.dormancy_case = case
        activation.process.jurisdiction = case.organization.jurisdiction
        return activation.process
