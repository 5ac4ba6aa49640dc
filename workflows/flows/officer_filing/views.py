"""The window officer's step of a principal-officer filing: file it, or return it with reasons."""

from django.utils.translation import gettext as _

from registry.selectors import chair_legal_rep_notes
from registry.services import officer_filings as services
from workflows.engine.steps import DecisionStepView, FilingForm


class FileOfficersView(DecisionStepView):
    template_name = "workflows/election/officers_task.html"
    subject_name = "filing"
    subject_related = ("organization__jurisdiction",)
    subject_prefetch = ("changes",)
    form_class = FilingForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.subject.organization
        context["notes"] = chair_legal_rep_notes(self.subject)
        return context

    def decide(self, data):
        filed = data["decision"] == "file"
        services.officer_filing_decide(filing=self.subject, by=self.request.user, filed=filed, reason=data["reason"])
        if filed:
            return _("已备案：%(name)s的负责人变动。") % {"name": self.subject.organization.name}
        return _("已退回：%(name)s的负责人备案。") % {"name": self.subject.organization.name}
