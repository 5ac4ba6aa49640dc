"""Officers' step views of annual inspection: validate, call one service, complete the task."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import AnnualReport, ReportStatus
from registry.rules.annual import InspectionResult, rectification_due
from registry.rules.display import local_date
from registry.selectors.branches import active_branch_count
from registry.services import annual as services
from workflows.engine.steps import DecisionStepView


class ReviewForm(forms.Form):
    result = forms.ChoiceField(
        label=gettext_lazy("年检结论"), choices=InspectionResult.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=gettext_lazy("结论说明"), widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(
        label=gettext_lazy("整改要求（基本合格、不合格时必填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(error_messages={"required": gettext_lazy("请勾选确认后再提交年检结论。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A conclusion goes on the organization's public record at once and cannot be taken back: say so.
        self.fields["confirm"].label = _(
            "我确认作出上述年检结论：提交后结论即记入该组织的公开信息，不能修改；"
            "基本合格、不合格的，组织须在%(days)d日内整改并报告。"
        ) % {"days": settings.REGISTRY["RECTIFICATION_DAYS"]}


class PreliminaryForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=gettext_lazy("初审结论"),
        choices=[("1", gettext_lazy("同意报送登记管理机关")), ("0", gettext_lazy("不同意，退回社会组织"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=gettext_lazy("初审意见"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=gettext_lazy("核查结论"),
        choices=[("1", gettext_lazy("整改到位")), ("0", gettext_lazy("整改不到位"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("核查意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportStepView(DecisionStepView):
    template_name = "workflows/annual/task.html"
    subject_name = "report"
    subject_related = ("organization__jurisdiction",)

    @property
    def report(self) -> AnnualReport:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.report.organization
        context["registered_branches"] = active_branch_count(self.report.organization)
        return context


class PreliminaryReviewView(ReportStepView):
    form_class = PreliminaryForm

    def decide(self, data):
        report = services.report_preliminary_review(report=self.report, by=self.request.user, **data)
        if report.status == ReportStatus.SUBMITTED:
            return _("已同意%(name)s的年度工作报告，报送登记管理机关。") % {"name": report.organization.name}
        return _("已将%(name)s的年度工作报告退回。") % {"name": report.organization.name}


class ReviewReportView(ReportStepView):
    form_class = ReviewForm
    submit_label = gettext_lazy("提交年检结论")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The officer writes the requirements knowing the deadline the system sets, so no other date is written.
        due = rectification_due(timezone.localdate(), settings.REGISTRY["RECTIFICATION_DAYS"])
        form.fields["requirements"].help_text = _(
            "整改期限由系统设定为%(days)d日，即%(day)s前；整改要求中请勿另写期限。"
        ) % {"days": settings.REGISTRY["RECTIFICATION_DAYS"], "day": local_date(due)}
        return form

    def decide(self, data):
        data = {field: value for field, value in data.items() if field != "confirm"}
        report = services.report_review(report=self.report, by=self.request.user, **data)
        message = _("%(name)s %(year)d年度年检：%(result)s。") % {
            "name": report.organization.name,
            "year": report.year,
            "result": report.get_result_display(),
        }
        if report.rectification_due:
            message += _("整改期限：%(day)s。") % {"day": local_date(report.rectification_due)}
        return message


class VerifyRectificationView(ReportStepView):
    form_class = VerifyForm

    def decide(self, data):
        services.rectification_verify(report=self.report, by=self.request.user, **data)
        return _("已完成整改核查：%(name)s。") % {"name": self.report.organization.name}
