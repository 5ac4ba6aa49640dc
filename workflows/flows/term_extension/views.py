"""The section head's decision on an extension of the term."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.services import elections as services
from workflows.engine.steps import DecisionStepView


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("决定"),
        choices=[("approve", gettext_lazy("准予延期换届")), ("refuse", gettext_lazy("不予延期换届"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideExtensionView(DecisionStepView):
    template_name = "workflows/election/extension_task.html"
    subject_name = "extension"
    subject_related = ("organization__jurisdiction",)
    form_class = DecisionForm
    submit_label = gettext_lazy("作出决定")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.subject.organization
        return context

    def decide(self, data):
        approved = data["decision"] == "approve"
        services.extension_decide(
            extension=self.subject, by=self.request.user, approved=approved, reason=data["reason"]
        )
        words = _("准予") if approved else _("不予")
        return _("已作出%(words)s延期换届的决定：%(name)s。") % {"words": words, "name": self.subject.organization.name}
