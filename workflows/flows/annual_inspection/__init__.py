"""社会组织年检: the organization submits its annual work report; officers decide; rectification if needed.

One process per organization and year, opened with the season (`open_annual_inspection`). 4A-and-above
organizations on the simplified path conclude on submission.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import ReportStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.annual_inspection import views
from workflows.models import AnnualInspectionProcess


class AnnualInspectionFlow(BureauFlow):
    """年检：报送年度工作报告 → 审核（合格／基本合格／不合格）→ 整改 → 核查。"""

    process_class = AnnualInspectionProcess
    process_title = _("社会组织年检")
    process_description = _("年度工作报告的报送、审核、整改与核查")
    summary_template = "{{ process.annual_report }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("年检开始")).Next(this.submit)
    submit = flow.Handle().Annotation(title=_("报送年度工作报告")).Next(this.after_submit)
    after_submit = (
        flow.If(subject_in("status", ReportStatus.CONCLUDED))
        .Annotation(title=_("是否适用简易程序"))
        .Then(this.concluded)
        .Else(this.review)
    )
    review = (
        OfficerTask(views.ReviewReportView.as_view(), role=OfficerRole.INSPECTOR, due="annual_report__review_due_on")
        .Annotation(title=_("年检审核"), description=_("合格、基本合格或不合格；后两者提出整改要求"))
        .Next(this.after_review)
    )
    after_review = (
        flow.If(subject_in("status", ReportStatus.CONCLUDED))
        .Annotation(title=_("是否需要整改"))
        .Then(this.concluded)
        .Else(this.rectify)
    )
    rectify = flow.Handle().Annotation(title=_("组织整改并报告")).Next(this.verify)
    verify = (
        OfficerTask(
            views.VerifyRectificationView.as_view(), role=OfficerRole.INSPECTOR, due="annual_report__rectification_due"
        )
        .Annotation(title=_("整改核查"))
        .Next(this.concluded)
    )
    concluded = flow.End().Annotation(title=_("年检办结"))

    def start_process(self, activation, report):
        activation.process.annual_report = report
        activation.process.jurisdiction = report.organization.jurisdiction
        return activation.process
