"""章程核准: an organization's amended charter, accepted by the window, reviewed, and approved or refused.

社会团体登记管理条例 第十八条, 民办非企业单位登记管理暂行条例 第十五条, 基金会管理条例 第十五条. The regulations
set no period for deciding, so 行政许可法 第四十二条 applies: 20 working days from acceptance.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import CharterStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.charter import views
from workflows.models import CharterProcess


class CharterFlow(BureauFlow):
    """章程核准：受理（一次性告知补正或不予受理）→ 审核 → 核准（准予或不予核准，说明理由）。"""

    process_class = CharterProcess
    process_title = _("章程核准")
    process_description = _("社会组织修改章程的受理、审核和核准")
    summary_template = "{{ process.charter_application }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("提交申请")).Next(this.accept)

    accept = (
        OfficerTask(views.AcceptView.as_view(), role=OfficerRole.WINDOW, due="charter_application__acceptance_due_on")
        .Annotation(title=_("受理"), description=_("材料齐全的予以受理；不齐全的一次性告知补正；不属本机关的不予受理"))
        .Next(this.after_accept)
    )
    after_accept = (
        flow.Switch()
        .Annotation(title=_("受理结果"))
        .Case(this.correct, subject_in("status", CharterStatus.CORRECTING))
        .Case(this.refused, subject_in("status", CharterStatus.REFUSED))
        .Default(this.review)
    )
    correct = flow.Handle().Annotation(title=_("申请人补正")).Next(this.accept)

    review = (
        OfficerTask(views.ReviewView.as_view(), role=OfficerRole.REVIEWER, due="charter_application__decision_due_on")
        .Annotation(title=_("审核"), description=_("对照现行章程和示范文本审核修改内容"))
        .Next(this.approve)
    )
    approve = (
        OfficerTask(views.ApproveView.as_view(), role=OfficerRole.APPROVER, due="charter_application__decision_due_on")
        .Annotation(title=_("核准"), description=_("科长准予核准，或作出不予核准决定并说明理由"))
        .Next(this.after_approve)
    )
    after_approve = (
        flow.If(subject_in("status", CharterStatus.APPROVED))
        .Annotation(title=_("核准结果"))
        .Then(this.approved)
        .Else(this.rejected)
    )

    approved = flow.End().Annotation(title=_("准予核准"))
    rejected = flow.End().Annotation(title=_("不予核准"))
    refused = flow.End().Annotation(title=_("不予受理"))

    def start_process(self, activation, application):
        """Tie the new process to the submitted application and its registration authority."""
        activation.process.charter_application = application
        activation.process.jurisdiction = application.jurisdiction
        return activation.process
