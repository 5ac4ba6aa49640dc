"""Officers' step views of the cleanup flow: each validates a form, calls one service and completes the task."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import DormancyCase
from registry.services import dormancy as services
from workflows.engine.steps import DecisionStepView


class ReviewCaseForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=[("close", gettext_lazy("已整改，结案")), ("propose", gettext_lazy("公示期满未整改，提出撤销登记"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=gettext_lazy("事实和理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseStepView(DecisionStepView):
    template_name = "workflows/dormancy/task.html"
    subject_name = "case"
    subject_related = ("organization__jurisdiction",)

    @property
    def case(self) -> DormancyCase:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.case.organization
        return context


class ReviewCaseView(CaseStepView):
    form_class = ReviewCaseForm

    def decide(self, data):
        if data["decision"] == "close":
            services.dormancy_case_close(case=self.case, by=self.request.user, reason=data["reason"])
            return _("已结案：%(name)s。") % {"name": self.case.organization.name}
        services.dormancy_revocation_propose(case=self.case, by=self.request.user, reason=data["reason"])
        return _("已提出撤销登记，转入行政处罚程序，报科长审批立案：%(name)s。") % {"name": self.case.organization.name}
