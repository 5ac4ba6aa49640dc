"""Officers' step views of the evaluation flow: each validates a form, calls one service and completes the task."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import Grade
from registry.models import EvaluationApplication, Evaluator, ObjectionStatus
from registry.selectors import evaluation_part_totals
from registry.services.evaluation_applications import eligibility_at_submission, eligibility_decide
from registry.services.evaluation_grading import committee_decide, review_decide
from registry.services.evaluation_scoring import team_assign
from workflows.engine.steps import DecisionStepView

GRADE_OR_NONE = [("", gettext_lazy("不予评定等级")), *Grade.choices]


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=gettext_lazy("资格审核结论"),
        choices=[("1", gettext_lazy("符合申请条件，受理")), ("0", gettext_lazy("不符合申请条件，不予受理"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("审核意见（不予受理的写明理由，将告知申请组织）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TeamForm(forms.Form):
    evaluators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("评估组成员"),
        queryset=Evaluator.objects.filter(active=True).select_related("user"),
        widget=forms.CheckboxSelectMultiple,
    )
    leader = forms.ModelChoiceField(
        label=gettext_lazy("组长"), queryset=Evaluator.objects.filter(active=True).select_related("user")
    )
    site_visit_on = forms.DateField(
        label=gettext_lazy("计划实地考察日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CommitteeForm(forms.Form):
    grade = forms.ChoiceField(label=gettext_lazy("拟定等级"), choices=GRADE_OR_NONE, required=False)
    reason = forms.CharField(
        label=gettext_lazy("评估委员会意见（与按分数应得等级不同的须写明理由）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    """One conclusion and reply per pending objection, then the grade after review."""

    def __init__(self, *args, objections=(), committee_grade="", **kwargs):
        super().__init__(*args, **kwargs)
        self.objections = list(objections)
        for objection in self.objections:
            self.fields[f"upheld_{objection.pk}"] = forms.TypedChoiceField(
                label=_("第 %(n)d 件：结论") % {"n": objection.pk},
                choices=[("1", gettext_lazy("异议成立")), ("0", gettext_lazy("异议不成立"))],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect,
            )
            self.fields[f"reply_{objection.pk}"] = forms.CharField(
                label=_("第 %(n)d 件：答复") % {"n": objection.pk}, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.fields["grade"] = forms.ChoiceField(
            label=gettext_lazy("复核确定的等级"), choices=GRADE_OR_NONE, required=False, initial=committee_grade
        )
        self.fields["reason"] = forms.CharField(
            label=gettext_lazy("复核意见"), widget=forms.Textarea(attrs={"rows": 3})
        )

    def clean(self):
        data = super().clean()
        fields = [(f"upheld_{o.pk}", f"reply_{o.pk}", o.pk) for o in self.objections]
        if all(upheld in data and reply in data for upheld, reply, _pk in fields):
            data["decisions"] = {pk: (data[upheld], data[reply]) for upheld, reply, pk in fields}
        return data


class EvaluationStepView(DecisionStepView):
    template_name = "workflows/evaluation/task.html"
    subject_name = "evaluation"
    subject_related = ("organization__jurisdiction", "round", "table")

    @property
    def evaluation(self) -> EvaluationApplication:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.evaluation
        context.update(
            {
                "org": evaluation.organization,
                "parts": evaluation_part_totals(evaluation),
                "scores": evaluation.scores.select_related("indicator"),
                "team": evaluation.team.select_related("evaluator__user"),
                "objections": evaluation.objections.all(),
                "eligibility": eligibility_at_submission(evaluation),
            }
        )
        return context


class EligibilityView(EvaluationStepView):
    form_class = EligibilityForm

    def decide(self, data):
        evaluation = eligibility_decide(application=self.evaluation, by=self.request.user, **data)
        return _("%(name)s：%(status)s。") % {
            "name": evaluation.organization.name,
            "status": evaluation.get_status_display(),
        }


class TeamView(EvaluationStepView):
    form_class = TeamForm

    def decide(self, data):
        team_assign(application=self.evaluation, by=self.request.user, **data)
        return _("已组建评估组：%(name)s。") % {"name": self.evaluation.organization.name}


class CommitteeView(EvaluationStepView):
    form_class = CommitteeForm

    def get_initial(self):
        return {"grade": self.evaluation.proposed_grade}

    def decide(self, data):
        evaluation = committee_decide(application=self.evaluation, by=self.request.user, **data)
        return _("已拟定等级：%(name)s %(grade)s。") % {
            "name": evaluation.organization.name,
            "grade": evaluation.committee_grade or _("不予评定等级"),
        }


class ReviewView(EvaluationStepView):
    form_class = ReviewForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["objections"] = self.evaluation.objections.filter(status=ObjectionStatus.PENDING)
        kwargs["committee_grade"] = self.evaluation.committee_grade
        return kwargs

    def decide(self, data):
        evaluation = review_decide(
            application=self.evaluation,
            by=self.request.user,
            decisions=data["decisions"],
            grade=data["grade"],
            reason=data["reason"],
        )
        return _("复核完成：%(name)s %(grade)s。") % {
            "name": evaluation.organization.name,
            "grade": evaluation.final_grade or _("不予评定等级"),
        }
