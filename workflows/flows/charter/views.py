"""Officers' step views of charter approval: show both comparisons and the documents, validate, call one service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OfficerRole
from registry.models import CharterApplication
from registry.rules.charters import available_documents
from registry.selectors.charters import charter_comparisons
from registry.services.charter_review import (
    charter_accept,
    charter_corrections_request,
    charter_decide,
    charter_refuse,
    charter_review,
)
from registry.services.policy import holds_role
from workflows.engine.steps import DecisionStepView


class AcceptForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("受理决定"),
        choices=[
            ("accept", gettext_lazy("受理")),
            ("corrections", gettext_lazy("一次性告知补正")),
            ("refuse", gettext_lazy("不予受理")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("需补正的全部事项或不予受理的理由（告知申请人）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=gettext_lazy("内部意见（申请人不可见）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("审核意见（报科长核准）"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("核准决定"),
        choices=[("approve", gettext_lazy("准予核准")), ("reject", gettext_lazy("不予核准"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("理由及依据（不予核准时必填，载入决定书）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CharterStepView(DecisionStepView):
    """Show the application, its documents, the late flag and both comparisons beside the decision form."""

    subject_name = "application"
    subject_related = ("organization__jurisdiction", "jurisdiction", "applicant")
    subject_prefetch = ("documents", "events__by")
    template_name = "workflows/charter/task.html"

    @property
    def application(self) -> CharterApplication:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context.update(
            org=application.organization,
            comparisons=charter_comparisons(application, with_model=True),
            decision_documents=available_documents(status=application.status, accepted_on=application.accepted_on),
            due_on=self.request.activation.flow_task.due_on(application),
            may_extend=application.status in ("accepted", "reviewed")
            and holds_role(self.request.user, application.jurisdiction, OfficerRole.APPROVER, OfficerRole.HEAD),
        )
        return context


class AcceptView(CharterStepView):
    form_class = AcceptForm

    def decide(self, data):
        application, by, text = self.application, self.request.user, data["text"].strip()
        if data["decision"] == "accept":
            charter_accept(application=application, by=by, note=data["note"])
            return _("已受理 %(ref)s。") % {"ref": application.reference}
        if data["decision"] == "corrections":
            charter_corrections_request(application=application, by=by, items=text)
            return _("已一次性告知 %(ref)s 需补正的内容。") % {"ref": application.reference}
        if not text:
            raise ValidationError(_("请写明不予受理的理由。"))
        charter_refuse(application=application, by=by, reason=text)
        return _("已决定 %(ref)s 不予受理。") % {"ref": application.reference}


class ReviewView(CharterStepView):
    form_class = ReviewForm
    submit_label = gettext_lazy("提交审核意见")

    def decide(self, data):
        charter_review(application=self.application, by=self.request.user, opinion=data["opinion"])
        return _("已审核 %(ref)s，报科长核准。") % {"ref": self.application.reference}


class ApproveView(CharterStepView):
    form_class = ApproveForm
    submit_label = gettext_lazy("作出核准决定")

    def decide(self, data):
        approve = data["decision"] == "approve"
        application = charter_decide(
            application=self.application, by=self.request.user, approve=approve, reason=data["reason"]
        )
        return _("%(ref)s：%(status)s。") % {"ref": application.reference, "status": application.get_status_display()}
