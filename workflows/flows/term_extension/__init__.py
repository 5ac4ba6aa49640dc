"""延期换届: an organization that cannot hold its election in time applies to hold it later (at most 1 year);
the section head approves or refuses, with reasons, in a written decision (PDF)."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from workflows.engine.flow import BureauFlow
from workflows.engine.nodes import OfficerTask
from workflows.flows.term_extension import views
from workflows.models import TermExtensionProcess


class TermExtensionFlow(BureauFlow):
    """延期换届：网上申请 → 核准（准予或不予，说明理由）→ 决定书。"""

    process_class = TermExtensionProcess
    process_title = _("延期换届")
    process_description = _("因特殊情况延期换届的申请和决定，延期最长不超过1年")
    summary_template = "{{ process.term_extension }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("申请延期换届")).Next(this.decide)
    decide = (
        OfficerTask(views.DecideExtensionView.as_view(), role=OfficerRole.APPROVER, due="term_extension__due_on")
        .Annotation(title=_("延期换届决定"), description=_("准予或不予延期换届，写明理由，出具决定书"))
        .Next(this.done)
    )
    done = flow.End().Annotation(title=_("办结"))

    def start_process(self, activation, extension):
        activation.process.term_extension = extension
        activation.process.jurisdiction = extension.organization.jurisdiction
        return activation.process
