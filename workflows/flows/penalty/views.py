"""The step views of the penalty flow: each validates a form, calls one service and completes the task."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import PenaltyCase
from registry.rules.penalties import CaseStage, PenaltyKind
from registry.selectors import officers_of
from registry.services import penalty_cases, penalty_decisions
from registry.services.policy import is_section_head
from workflows.engine.steps import DecisionStepView

EXTENDABLE_STAGES = (CaseStage.FILED, CaseStage.INVESTIGATING, CaseStage.NOTIFIED, CaseStage.REVIEWED)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class ApproveFilingForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("立案审批"),
        choices=[("approve", gettext_lazy("批准立案")), ("refuse", gettext_lazy("不予立案"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=gettext_lazy("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PenaltyFields(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("处罚种类"), required=False, choices=[("", "—"), *PenaltyKind.choices])
    amount_yuan = forms.DecimalField(
        label=gettext_lazy("罚款或没收金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    months = forms.IntegerField(label=gettext_lazy("停止活动期限（月）"), required=False, min_value=1, max_value=12)


class InvestigateForm(PenaltyFields):
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理事项"),
        choices=[
            ("evidence", gettext_lazy("上传证据，继续调查")),
            ("propose", gettext_lazy("调查终结，拟作出行政处罚并告知当事人")),
            ("drop", gettext_lazy("调查终结，违法事实不成立或不予处罚")),
        ],
        widget=forms.RadioSelect,
    )
    evidence = MultipleFileField(
        label=gettext_lazy("证据材料（PDF、JPEG 或 PNG，可多选）"), required=False, widget=MultipleFileInput()
    )
    evidence_description = forms.CharField(label=gettext_lazy("证据说明"), required=False, max_length=200)
    second_investigator = forms.ModelChoiceField(label=gettext_lazy("协办人"), queryset=None, required=False)
    findings = forms.CharField(
        label=gettext_lazy("调查认定的事实"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_investigator"].queryset = inspectors


class ReviewStatementForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("复核意见"), widget=forms.Textarea(attrs={"rows": 3}))
    hearing_held_on = forms.DateField(
        label=gettext_lazy("听证日期（当事人要求听证的）"), required=False, widget=_date_input()
    )
    hearing_record = forms.CharField(
        label=gettext_lazy("听证笔录要点"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(PenaltyFields):
    decision = forms.ChoiceField(
        label=gettext_lazy("决定"),
        choices=[("penalize", gettext_lazy("作出行政处罚决定")), ("none", gettext_lazy("不予行政处罚"))],
        widget=forms.RadioSelect,
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("法律依据（将公开）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=gettext_lazy("事实和理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ServeForm(forms.Form):
    served_on = forms.DateField(label=gettext_lazy("送达日期"), widget=_date_input())
    method = forms.ChoiceField(
        label=gettext_lazy("送达方式"),
        choices=[
            ("portal", gettext_lazy("电子送达（网上办事大厅，经当事人同意）")),
            ("in_person", gettext_lazy("直接送达")),
            ("post", gettext_lazy("邮寄送达")),
            ("publication", gettext_lazy("公告送达")),
        ],
    )


class ExecuteForm(forms.Form):
    executed_on = forms.DateField(label=gettext_lazy("执行完毕日期"), widget=_date_input())
    note = forms.CharField(label=gettext_lazy("执行情况（如罚款缴纳凭证号）"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("结案意见"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseStepView(DecisionStepView):
    template_name = "workflows/penalty/task.html"
    subject_name = "case"
    subject_related = ("organization__jurisdiction",)

    @property
    def case(self) -> PenaltyCase:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.case.organization
        context["evidence"] = self.case.evidence.all()
        context["can_extend"] = self.case.stage in EXTENDABLE_STAGES and is_section_head(
            self.request.user, self.case.organization.jurisdiction
        )
        context["max_extension"] = settings.REGISTRY["PENALTY_EXTENSION_DAYS"] - self.case.extension_days
        return context


class ApproveFilingView(CaseStepView):
    form_class = ApproveFilingForm

    def decide(self, data):
        approve = data["decision"] == "approve"
        penalty_cases.case_filing_decide(case=self.case, by=self.request.user, approve=approve, opinion=data["opinion"])
        if approve:
            return _("已批准立案：%(name)s。") % {"name": self.case.organization.name}
        return _("不予立案：%(name)s。") % {"name": self.case.organization.name}


class InvestigateView(CaseStepView):
    form_class = InvestigateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["inspectors"] = officers_of(self.case.organization.jurisdiction).exclude(pk=self.request.user.pk)
        return kwargs

    def get_initial(self):
        return {"findings": self.case.findings or self.case.facts}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            for uploaded in data["evidence"]:
                penalty_cases.evidence_add(
                    case=self.case,
                    uploaded=uploaded,
                    description=data["evidence_description"] or uploaded.name,
                    by=self.request.user,
                )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error("evidence", error)
            return self.form_invalid(form)
        if data["outcome"] == "evidence":
            messages.success(self.request, _("证据材料已上传。"))
            return redirect(self.request.path)
        return super().form_valid(form)

    def decide(self, data):
        if data["outcome"] == "propose" and not data["kind"]:
            raise ValidationError(_("请选择拟处罚种类。"))
        penalty_cases.investigation_conclude(
            case=self.case,
            by=self.request.user,
            second_investigator=data["second_investigator"],
            findings=data["findings"],
            kind=data["kind"] if data["outcome"] == "propose" else "",
            amount_yuan=data["amount_yuan"],
            months=data["months"],
        )
        if data["outcome"] == "propose":
            return _("已告知当事人拟作出的行政处罚：%(name)s。") % {"name": self.case.organization.name}
        return _("调查终结，不予处罚：%(name)s。") % {"name": self.case.organization.name}


class ReviewStatementView(CaseStepView):
    form_class = ReviewStatementForm

    def decide(self, data):
        penalty_cases.statement_review(
            case=self.case,
            by=self.request.user,
            opinion=data["opinion"],
            hearing_held_on=data.get("hearing_held_on"),
            hearing_record=data.get("hearing_record", ""),
        )
        return _("已复核陈述申辩，报科长决定：%(name)s。") % {"name": self.case.organization.name}


class DecideView(CaseStepView):
    form_class = DecideForm

    def get_initial(self):
        return {
            "kind": self.case.proposed_kind,
            "amount_yuan": self.case.proposed_amount_yuan,
            "months": self.case.proposed_months,
        }

    def decide(self, data):
        penalize = data["decision"] == "penalize"
        decided = penalty_decisions.case_decide(
            case=self.case,
            by=self.request.user,
            penalize=penalize,
            legal_basis=data["legal_basis"],
            reason=data["reason"],
            kind=data["kind"],
            amount_yuan=data["amount_yuan"],
            months=data["months"],
        )
        if penalize:
            return _("已作出行政处罚决定 %(number)s。") % {"number": decided.decision_number}
        return _("不予行政处罚，已结案：%(name)s。") % {"name": self.case.organization.name}


class ServeView(CaseStepView):
    form_class = ServeForm

    def get_initial(self):
        return {"served_on": timezone.localdate()}

    def decide(self, data):
        penalty_decisions.case_serve(
            case=self.case, by=self.request.user, served_on=data["served_on"], method=data["method"]
        )
        return _("已送达，处罚决定生效：%(number)s。") % {"number": self.case.decision_number}


class ExecuteView(CaseStepView):
    form_class = ExecuteForm

    def get_initial(self):
        return {"executed_on": timezone.localdate()}

    def decide(self, data):
        penalty_decisions.case_execute(
            case=self.case, by=self.request.user, executed_on=data["executed_on"], note=data["note"]
        )
        return _("已记录执行情况，报科长结案：%(number)s。") % {"number": self.case.decision_number}


class CloseView(CaseStepView):
    form_class = CloseForm

    def decide(self, data):
        penalty_decisions.case_close(case=self.case, by=self.request.user, note=data["note"])
        return _("已结案：%(number)s。") % {"number": self.case.decision_number}


# Pages outside the flow
