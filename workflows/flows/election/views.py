"""The window officer's step of an election filing: file it, or return it with reasons."""

from django.utils.translation import gettext as _

from registry.services import elections as services
from workflows.engine.steps import DecisionStepView, FilingForm


class FileElectionView(DecisionStepView):
    template_name = "workflows/election/task.html"
    subject_name = "election"
    subject_related = ("organization__jurisdiction",)
    form_class = FilingForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["org"] = self.subject.organization
        return context

    def decide(self, data):
        filed = data["decision"] == "file"
        services.election_file(election=self.subject, by=self.request.user, filed=filed, reason=data["reason"])
        if filed:
            return _("已备案：%(name)s的换届。") % {"name": self.subject.organization.name}
        return _("已退回：%(name)s的换届备案。") % {"name": self.subject.organization.name}
