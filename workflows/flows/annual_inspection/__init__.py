"""社会组织年检: the organization submits its annual work report; its competent unit reviews it first where it
has one (初审); officers decide; rectification if needed.

One process per organization and year, opened with the season (`open_annual_inspection`). 4A-and-above
organizations follow the simplified path (flagged on the report), still concluded by an officer.
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
    """年检：报送年度工作报告 → 业务主管单位初审 → 审核（合格／基本合格／不合格）→ 整改 → 核查。"""

    process_class = AnnualInspectionProcess
    process_title = _("社会组织年检")
    process_description = _("年度工作报告的报送、审核、整改与核查")
    summary_template = "{{ process.annual_report }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("年检开始")).Next(this.submit)
    submit = flow.Handle().Annotation(title=_("报送年度工作报告")).Next(this.after_submit)
    after_submit = (
        flow.If(subject_in("status", ReportStatus.PRELIMINARY))
        .Annotation(title=_("是否须经业务主管单位在系统中初审"))
        .Then(this.preliminary)
        .Else(this.review)
    )
    # 社会团体登记管理条例 第二十八条, 民办非企业单位登记管理暂行条例 第二十三条.
    preliminary = (
        OfficerTask(views.PreliminaryReviewView.as_view(), role=OfficerRole.UNIT, due="annual_report__deadline")
        .Annotation(title=_("业务主管单位初审"), description=_("同意后报送登记管理机关；不同意的退回社会组织"))
        .Next(this.after_preliminary)
    )
    after_preliminary = (
        flow.If(subject_in("status", ReportStatus.SUBMITTED))
        .Annotation(title=_("初审是否同意"))
        .Then(this.review)
        .Else(this.submit)
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
