"""分支机构、代表机构的设立、变更和注销: reported and filed, or approved where the bureau keeps approval.

The organization's portal submits the application and starts the process. Under 报告备案 (the default since
国发〔2013〕44号, 民发〔2014〕38号) the window officer checks it and files it, or returns it; under 审批 (the
2001 登记办法, and foundations under 基金会管理条例 第十二条) the window accepts it, a reviewer reviews it and
the section head approves or refuses it in a written decision.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import BranchApplicationStatus, BranchRegime
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.branch import views
from workflows.models import BranchProcess


class BranchFlow(BureauFlow):
    """分支机构、代表机构：报告备案（核对 → 备案或退回），或审批（受理 → 审查 → 核准）。"""

    process_class = BranchProcess
    process_title = _("分支机构、代表机构设立、变更、注销")
    process_description = _("社会组织报告或申请设立、变更、注销分支机构、代表机构")
    summary_template = "{{ process.branch_application }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("提交申请")).Next(this.which_regime)
    which_regime = (
        flow.If(subject_in("regime", BranchRegime.APPROVAL))
        .Annotation(title=_("是否须经审批"))
        .Then(this.accept_branch)
        .Else(this.file_branch)
    )
    file_branch = (
        OfficerTask(views.FileView.as_view(), role=OfficerRole.WINDOW, due="branch_application__decision_due_on")
        .Annotation(title=_("核对备案"), description=_("材料齐全、内容符合规定的予以备案；否则退回并写明原因"))
        .Next(this.done)
    )
    accept_branch = (
        OfficerTask(views.AcceptView.as_view(), role=OfficerRole.WINDOW, due="branch_application__decision_due_on")
        .Annotation(title=_("受理"), description=_("材料齐全、符合法定形式的予以受理；否则不予受理并说明理由"))
        .Next(this.after_accept)
    )
    after_accept = (
        flow.If(subject_in("status", BranchApplicationStatus.ACCEPTED))
        .Annotation(title=_("是否受理"))
        .Then(this.review_branch)
        .Else(this.done)
    )
    review_branch = (
        OfficerTask(views.ReviewView.as_view(), role=OfficerRole.REVIEWER, due="branch_application__decision_due_on")
        .Annotation(title=_("审查"), description=_("审查名称、负责人、业务范围是否符合规定，提出审查意见"))
        .Next(this.approve_branch)
    )
    approve_branch = (
        OfficerTask(views.ApproveView.as_view(), role=OfficerRole.APPROVER, due="branch_application__decision_due_on")
        .Annotation(title=_("核准"), description=_("科长作出准予或不予批准的书面决定"))
        .Next(this.done)
    )
    done = flow.End().Annotation(title=_("办结"))

    def start_process(self, activation, application):
        activation.process.branch_application = application
        activation.process.jurisdiction = application.organization.jurisdiction
        return activation.process
