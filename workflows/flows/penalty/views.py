"""The step views of the penalty flow: each validates a form, calls one service and completes the task."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import PenaltyCase, PenaltySanction
from registry.rules.display import local_date
from registry.rules.penalties import (
    BEFORE_DECISION_STAGES,
    PENALTY_MENU,
    CaseStage,
    FineBasis,
    PenaltyKind,
    Sanction,
    combined_words,
)
from registry.rules.penalty_procedure import ServiceMethod
from registry.selectors import officers_of
from registry.services import penalty_cases, penalty_decisions, penalty_procedure
from registry.services.policy import is_section_head
from workflows.engine.steps import DecisionStepView

EXTENDABLE_STAGES = (CaseStage.FILED, CaseStage.INVESTIGATING, CaseStage.NOTIFIED, *BEFORE_DECISION_STAGES)


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
    """The penalties of a notice or decision; several may be combined (并处). The kinds offered follow the
    organization's type (社团条例 第三十条, 民非条例 第二十五条, 基金会条例 第四十二条)."""

    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("处罚种类（可并处）"),
        required=False,
        choices=PenaltyKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    months = forms.IntegerField(label=gettext_lazy("停止活动期限（月）"), required=False, min_value=1, max_value=12)
    confiscated_yuan = forms.DecimalField(
        label=gettext_lazy("没收违法所得、非法财产金额（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    fine_basis = forms.ChoiceField(
        label=gettext_lazy("罚款基数"), required=False, choices=[("", "—"), *FineBasis.choices]
    )
    illegal_amount_yuan = forms.DecimalField(
        label=gettext_lazy("认定的违法经营额或违法所得（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    fine_multiple = forms.DecimalField(
        label=gettext_lazy("罚款倍数"), required=False, min_value=0, max_digits=4, decimal_places=2
    )
    fine_yuan = forms.DecimalField(
        label=gettext_lazy("罚款金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args, org_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org_type is not None:
            menu = PENALTY_MENU.get(org_type, ())
            self.fields["kinds"].choices = [(kind.value, kind.label) for kind in menu]

    def sanctions(self) -> list[Sanction]:
        data = self.cleaned_data
        amounts = {PenaltyKind.FINE: data.get("fine_yuan"), PenaltyKind.CONFISCATION: data.get("confiscated_yuan")}
        return [
            Sanction(
                kind,
                amounts.get(kind),
                data.get("months") if kind == PenaltyKind.SUSPENSION else None,
                data.get("fine_multiple") if kind == PenaltyKind.FINE else None,
            )
            for kind in data.get("kinds") or []
        ]


def sanction_initial(case: PenaltyCase, phase: str) -> dict:
    """The penalty fields filled from the case's notice (for the decision) or its earlier entries."""
    rows = case.sanctions(phase)
    initial = {"kinds": [item.kind for item in rows], "fine_basis": case.fine_basis}
    initial["illegal_amount_yuan"] = case.illegal_amount_yuan
    for item in rows:
        if item.kind == PenaltyKind.FINE:
            initial["fine_yuan"], initial["fine_multiple"] = item.amount_yuan, item.multiple
        elif item.kind == PenaltyKind.CONFISCATION:
            initial["confiscated_yuan"] = item.amount_yuan
        elif item.kind == PenaltyKind.SUSPENSION:
            initial["months"] = item.months
    return initial


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
    public_interest = forms.BooleanField(label=gettext_lazy("涉及重大公共利益（须法制审核）"), required=False)
    complex_case = forms.BooleanField(
        label=gettext_lazy("案情疑难复杂、涉及多个法律关系（须法制审核）"), required=False
    )

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_investigator"].queryset = inspectors


class ServiceFields(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=ServiceMethod.choices)
    delivered_on = forms.DateField(label=gettext_lazy("签收日期、回执日期、到达日期或公告日期"), widget=_date_input())
    reference = forms.CharField(label=gettext_lazy("送达凭证（邮件号、公告载体等）"), required=False, max_length=100)


class ReviewStatementForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("复核意见"), widget=forms.Textarea(attrs={"rows": 3}))
    hearing_notice_method = forms.ChoiceField(
        label=gettext_lazy("听证通知送达方式"), required=False, choices=[("", "—"), *ServiceMethod.choices]
    )
    hearing_notified_on = forms.DateField(
        label=gettext_lazy("听证通知签收、到达或公告日期"), required=False, widget=_date_input()
    )
    hearing_held_on = forms.DateField(
        label=gettext_lazy("听证日期（当事人要求听证的）"), required=False, widget=_date_input()
    )
    hearing_chair = forms.ModelChoiceField(
        label=gettext_lazy("听证主持人（非本案调查人员）"), queryset=None, required=False
    )
    hearing_record = forms.CharField(
        label=gettext_lazy("听证笔录要点"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hearing_record_signed = forms.BooleanField(
        label=gettext_lazy("听证笔录已交当事人核对无误并签字或者盖章"), required=False
    )

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing_chair"].queryset = chairs


class LegalReviewForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("法制审核意见（事实、证据、依据、程序、裁量）"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DiscussionForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("集体讨论日期"), widget=_date_input())
    participants = forms.CharField(
        label=gettext_lazy("参加人员（每行一人，姓名及职务）"), widget=forms.Textarea(attrs={"rows": 4})
    )
    conclusion = forms.CharField(label=gettext_lazy("讨论结论"), widget=forms.Textarea(attrs={"rows": 3}))


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


class ServeForm(ServiceFields):
    pass


class ExecuteForm(forms.Form):
    executed_on = forms.DateField(label=gettext_lazy("执行完毕日期"), widget=_date_input())
    note = forms.CharField(label=gettext_lazy("执行情况（如罚款缴纳凭证号）"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("结案意见"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseStepView(DecisionStepView):
    template_name = "workflows/penalty/task.html"
    subject_name = "case"
    subject_related = (
        "organization__jurisdiction",
        "decided_by",
        "legal_reviewer",
        "hearing_chair",
        "investigator",
        "second_investigator",
    )
    subject_prefetch = ("sanction_rows",)

    @property
    def case(self) -> PenaltyCase:
        return self.subject

    def form_valid(self, form):
        self._form = form  # `decide` reads the combined penalties from the form
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.case.organization
        context["evidence"] = self.case.evidence.all()
        context["can_extend"] = self.case.stage in EXTENDABLE_STAGES and is_section_head(
            self.request.user, self.case.organization.jurisdiction
        )
        context["max_extension"] = settings.REGISTRY["PENALTY_EXTENSION_DAYS"] - self.case.extension_days
        context["proposed_words"] = combined_words(self.case.sanctions(PenaltySanction.PROPOSED))
        context["services"] = self.case.services.all()
        context["participants"] = self.case.discussion_participants.splitlines()
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
        kwargs["org_type"] = self.case.organization.org_type
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
        propose = data["outcome"] == "propose"
        if propose and not data["kinds"]:
            raise ValidationError(_("请选择拟处罚种类。"))
        penalty_cases.investigation_conclude(
            case=self.case,
            by=self.request.user,
            second_investigator=data["second_investigator"],
            findings=data["findings"],
            sanctions=self._form.sanctions() if propose else [],
            fine_basis=data["fine_basis"],
            illegal_amount_yuan=data["illegal_amount_yuan"],
            public_interest=data["public_interest"],
            complex_case=data["complex_case"],
        )
        if data["outcome"] == "propose":
            return _("已告知当事人拟作出的行政处罚：%(name)s。") % {"name": self.case.organization.name}
        return _("调查终结，不予处罚：%(name)s。") % {"name": self.case.organization.name}


class ServeNoticeView(CaseStepView):
    form_class = ServiceFields

    def get_initial(self):
        return {"delivered_on": timezone.localdate()}

    def decide(self, data):
        case = penalty_procedure.notice_serve(
            case=self.case,
            by=self.request.user,
            method=data["method"],
            delivered_on=data["delivered_on"],
            reference=data["reference"],
        )
        return _("已记录告知书送达：%(served)s送达，陈述申辩期限至%(ends)s。") % {
            "served": local_date(case.notice_served_on),
            "ends": local_date(case.statement_ends_on),
        }


class ReviewStatementView(CaseStepView):
    form_class = ReviewStatementForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        investigators = [self.case.investigator_id, self.case.second_investigator_id]
        kwargs["chairs"] = officers_of(self.case.organization.jurisdiction).exclude(pk__in=filter(None, investigators))
        return kwargs

    def decide(self, data):
        penalty_cases.statement_review(
            case=self.case,
            by=self.request.user,
            opinion=data["opinion"],
            hearing_notice_method=data.get("hearing_notice_method", ""),
            hearing_notified_on=data.get("hearing_notified_on"),
            hearing_held_on=data.get("hearing_held_on"),
            hearing_chair=data.get("hearing_chair"),
            hearing_record=data.get("hearing_record", ""),
            hearing_record_signed=data.get("hearing_record_signed", False),
        )
        return _("已复核陈述申辩：%(name)s。") % {"name": self.case.organization.name}


class LegalReviewView(CaseStepView):
    form_class = LegalReviewForm

    def decide(self, data):
        penalty_procedure.legal_review_record(case=self.case, by=self.request.user, opinion=data["opinion"])
        return _("已完成法制审核：%(name)s。") % {"name": self.case.organization.name}


class DiscussionView(CaseStepView):
    form_class = DiscussionForm

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def decide(self, data):
        penalty_procedure.discussion_record(
            case=self.case,
            by=self.request.user,
            held_on=data["held_on"],
            participants=data["participants"],
            conclusion=data["conclusion"],
        )
        return _("已记录集体讨论：%(name)s。") % {"name": self.case.organization.name}


class DecideView(CaseStepView):
    form_class = DecideForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["org_type"] = self.case.organization.org_type
        return kwargs

    def get_initial(self):
        return sanction_initial(self.case, PenaltySanction.PROPOSED)

    def decide(self, data):
        penalize = data["decision"] == "penalize"
        decided = penalty_decisions.case_decide(
            case=self.case,
            by=self.request.user,
            penalize=penalize,
            legal_basis=data["legal_basis"],
            reason=data["reason"],
            sanctions=self._form.sanctions() if penalize else [],
            fine_basis=data["fine_basis"],
            illegal_amount_yuan=data["illegal_amount_yuan"],
        )
        if penalize:
            return _("已作出行政处罚决定 %(number)s。") % {"number": decided.decision_number}
        return _("不予行政处罚，已结案：%(name)s。") % {"name": self.case.organization.name}


class ServeView(CaseStepView):
    form_class = ServeForm

    def get_initial(self):
        return {"delivered_on": timezone.localdate()}

    def decide(self, data):
        penalty_decisions.case_serve(
            case=self.case,
            by=self.request.user,
            delivered_on=data["delivered_on"],
            method=data["method"],
            reference=data["reference"],
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
