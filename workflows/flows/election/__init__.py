"""换届备案: the organization files its election from the portal; the window officer files it or returns it.

A filing (备案), not a licence: the window checks the election record, the term (at most 5 years) and the
pre-election audit where required, and files it; the register's current term follows.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from workflows.engine.flow import BureauFlow
from workflows.engine.nodes import OfficerTask
from workflows.flows.election import views
from workflows.models import ElectionProcess


class ElectionFlow(BureauFlow):
    """换届备案：网上报送 → 受理窗口备案或退回。"""

    process_class = ElectionProcess
    process_title = _("换届备案")
    process_description = _("换届选举结果、任期和换届审计的备案")
    summary_template = "{{ process.election }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("报送换届备案")).Next(this.record)
    record = (
        OfficerTask(views.FileElectionView.as_view(), role=OfficerRole.WINDOW, due="election__due_on")
        .Annotation(title=_("换届备案审核"), description=_("材料齐全、任期符合章程的予以备案；否则退回并说明理由"))
        .Next(this.done)
    )
    done = flow.End().Annotation(title=_("办结"))

    def start_process(self, activation, election):
        activation.process.election = election
        activation.process.jurisdiction = election.organization.jurisdiction
        return activation.process
