"""Officers' step views of branch applications: each validates a form, calls one service and completes the task."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole
from registry.models import BranchApplication
from registry.rules.branches import APPROVAL
from registry.services import branches as services
from registry.services.policy import holds_role
from workflows.engine.steps import DecisionStepView

EXTENDING_ROLES = (OfficerRole.APPROVER, OfficerRole.HEAD)

YES_NO = forms.RadioSelect


class FileForm(forms.Form):
    filed = forms.TypedChoiceField(
        label=gettext_lazy("核对结论"),
        choices=[("1", gettext_lazy("予以备案")), ("0", gettext_lazy("退回修改"))],
        coerce=lambda v: v == "1",
        widget=YES_NO,
    )
    reason = forms.CharField(
        label=gettext_lazy("意见（退回时写明需要修改或补充的内容）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("受理结论"),
        choices=[("1", gettext_lazy("予以受理")), ("0", gettext_lazy("不予受理"))],
        coerce=lambda v: v == "1",
        widget=YES_NO,
    )
    reason = forms.CharField(
        label=gettext_lazy("理由（不予受理时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("审查意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=gettext_lazy("决定"),
        choices=[("1", gettext_lazy("准予")), ("0", gettext_lazy("不予批准"))],
        coerce=lambda v: v == "1",
        widget=YES_NO,
    )
    reason = forms.CharField(label=gettext_lazy("决定的理由"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=gettext_lazy("我确认作出上述决定：决定书即送达该组织，准予设立、注销的予以公告。"),
        error_messages={"required": gettext_lazy("请勾选确认后再作出决定。")},
    )


class BranchStepView(DecisionStepView):
    template_name = "workflows/branch/task.html"
    subject_name = "application"
    subject_related = ("organization__jurisdiction", "branch")
    subject_prefetch = ("documents",)

    @property
    def application(self) -> BranchApplication:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context["org"] = application.organization
        context["problems"] = services.branch_application_problems(application)
        context["may_extend"] = (
            application.regime == APPROVAL
            and application.extended_on is None
            and services.branch_procedure_of(application).extendable
            and holds_role(self.request.user, application.organization.jurisdiction, *EXTENDING_ROLES)
        )
        return context

    def done(self, what: str) -> str:
        return _("%(what)s：%(org)s %(name)s。") % {
            "what": what,
            "org": self.application.organization.name,
            "name": self.application.subject_name,
        }


class FileView(BranchStepView):
    form_class = FileForm

    def decide(self, data):
        services.branch_filing_decide(application=self.application, by=self.request.user, **data)
        return self.done(_("已备案") if data["filed"] else _("已退回"))


class AcceptView(BranchStepView):
    form_class = AcceptForm

    def decide(self, data):
        services.branch_accept(application=self.application, by=self.request.user, **data)
        return self.done(_("已受理") if data["accepted"] else _("不予受理"))


class ReviewView(BranchStepView):
    form_class = ReviewForm

    def decide(self, data):
        services.branch_review(application=self.application, by=self.request.user, **data)
        return self.done(_("已提出审查意见，报科长核准"))


class ApproveView(BranchStepView):
    form_class = ApproveForm
    submit_label = gettext_lazy("作出决定")

    def decide(self, data):
        services.branch_approve(
            application=self.application, by=self.request.user, approved=data["approved"], reason=data["reason"]
        )
        return self.done(_("准予") if data["approved"] else _("不予批准"))
