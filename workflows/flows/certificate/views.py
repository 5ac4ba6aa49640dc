"""The window officer's step of certificate renewal and replacement: issue, or refuse with reasons."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import CertificateApplication
from registry.services import certificate_applications as services
from workflows.engine.steps import DecisionStepView


class IssueForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("办理结论"),
        choices=[("issue", gettext_lazy("发证（原证作废）")), ("refuse", gettext_lazy("不予办理"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("不予办理的理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and len(data.get("reason", "").strip()) < 4:
            raise ValidationError(_("请写明不予办理的理由。"))
        return data


class IssueCertificateView(DecisionStepView):
    template_name = "workflows/certificate/task.html"
    subject_name = "application"
    subject_related = ("organization__jurisdiction",)
    form_class = IssueForm

    @property
    def application(self) -> CertificateApplication:
        return self.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.application.organization
        context["held"] = services.current_registration_certificates(self.application.organization)
        return context

    def decide(self, data):
        name = self.application.organization.name
        if data["decision"] == "refuse":
            services.certificate_application_refuse(
                application=self.application, by=self.request.user, reason=data["reason"]
            )
            return _("已决定不予办理：%(name)s。") % {"name": name}
        issued = services.certificate_application_issue(application=self.application, by=self.request.user)
        return _("已发证：%(name)s，新证编号 %(number)s。") % {"name": name, "number": issued.issued_number}
