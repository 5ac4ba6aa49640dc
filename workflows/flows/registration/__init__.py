"""社会组织登记: acceptance, review, approval and issuance of one registration application.

The same flow runs for 筹备 (an association's preparation), 成立登记 (its establishment) and the
one-step registration of 民办非企业单位 and 基金会; the application's kind decides what issuance does.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import ApplicationStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.registration import views
from workflows.models import RegistrationProcess


class RegistrationFlow(BureauFlow):
    """登记申请的办理：受理 → 审查 → 核准 → 发证，补正时退回申请人并停止计时。"""

    process_class = RegistrationProcess
    process_title = _("社会组织登记")
    process_description = _("筹备、成立登记与设立登记的受理、审查、核准和发证")
    summary_template = "{{ process.application }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("提交申请")).Next(this.accept)

    accept = (
        OfficerTask(views.AcceptView.as_view(), role=OfficerRole.WINDOW, due="application__acceptance_due_on")
        .Annotation(title=_("受理"), description=_("材料齐全、符合法定形式的予以受理；不齐全的一次性告知补正"))
        .Next(this.after_accept)
    )
    after_accept = (
        flow.Switch()
        .Annotation(title=_("受理结果"))
        .Case(this.correct_before_acceptance, subject_in("status", ApplicationStatus.CORRECTING))
        .Case(this.refused, subject_in("status", ApplicationStatus.REFUSED))
        .Default(this.review)
    )
    correct_before_acceptance = flow.Handle().Annotation(title=_("申请人补正")).Next(this.accept)

    review = (
        OfficerTask(views.ReviewView.as_view(), role=OfficerRole.REVIEWER, due="application__decision_due_on")
        .Annotation(title=_("审查"), description=_("实质审查，必要时实地核查"))
        .Next(this.after_review)
    )
    after_review = (
        flow.Switch()
        .Annotation(title=_("审查结果"))
        .Case(this.correct_during_review, subject_in("status", ApplicationStatus.CORRECTING))
        .Default(this.approve)
    )
    correct_during_review = flow.Handle().Annotation(title=_("申请人补正（停止计时）")).Next(this.review)

    approve = (
        OfficerTask(views.ApproveView.as_view(), role=OfficerRole.APPROVER, due="application__decision_due_on")
        .Annotation(title=_("核准"), description=_("科长核准或作出不予登记决定"))
        .Next(this.after_approve)
    )
    after_approve = (
        flow.If(subject_in("status", ApplicationStatus.APPROVED))
        .Annotation(title=_("核准结果"))
        .Then(this.issue)
        .Else(this.rejected)
    )

    issue = (
        OfficerTask(views.IssueView.as_view(), role=OfficerRole.WINDOW, due="application__issue_due_on")
        .Annotation(title=_("发证"), description=_("核准之日起10个工作日内赋码，制发登记证书正本、副本"))
        .Next(this.completed)
    )

    completed = flow.End().Annotation(title=_("办结"))
    refused = flow.End().Annotation(title=_("不予受理"))
    rejected = flow.End().Annotation(title=_("不予登记"))

    def start_process(self, activation, application):
        """Tie the new process to the submitted application and its registration authority."""
        activation.process.application = application
        activation.process.jurisdiction = application.jurisdiction
        return activation.process
