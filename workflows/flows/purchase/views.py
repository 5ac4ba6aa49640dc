"""The purchaser's step view of an application: the eligibility check (资格审查)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import PurchaseApplication
from registry.rules.annual import InspectionResult
from registry.selectors.purchase import call_eligibility, call_grade_bonus
from registry.services.purchase_applications import application_eligibility_decide
from workflows.engine.steps import DecisionStepView


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=gettext_lazy("资格审查结论"),
        choices=[("1", gettext_lazy("资格符合，进入评审")), ("0", gettext_lazy("资格不符"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=gettext_lazy("资格不符的理由（每行一条，将告知申报组织）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EligibilityView(DecisionStepView):
    template_name = "workflows/purchase/task.html"
    form_class = EligibilityForm
    subject_name = "application"
    subject_related = ("organization", "call", "call__unit")
    subject_prefetch = ("documents",)
    submit_label = gettext_lazy("提交资格审查结论")

    @property
    def application(self) -> PurchaseApplication:
        return self.subject

    def get_initial(self):
        problems = call_eligibility(self.application.organization, self.application.call)
        return {"eligible": "0" if problems else "1", "reasons": "\n".join(problems)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context["org"] = application.organization
        context["call"] = application.call
        context["problems"] = call_eligibility(application.organization, application.call)
        context["bonus"] = call_grade_bonus(application.organization, application.call)
        context["inspection_label"] = inspection_label(application.organization.last_inspection_result)
        return context

    def decide(self, data) -> str:
        application = application_eligibility_decide(
            application=self.application,
            by=self.request.user,
            eligible=data["eligible"],
            reasons=data["reasons"].splitlines(),
        )
        what = _("资格符合，进入评审") if data["eligible"] else _("资格不符，已告知申报组织")
        return _("%(what)s：%(org)s %(name)s。") % {
            "what": what,
            "org": application.organization.name,
            "name": application.project_name,
        }


def inspection_label(result: str) -> str:
    """The words of an annual inspection result (合格, 基本合格, 不合格)."""
    return str(InspectionResult(result).label) if result in InspectionResult.values else ""
