"""负责人备案: changes of chair, vice-chairs, secretary-general and supervisors, filed from the portal; the
window officer files them (the register's officers follow, with their terms) or returns them with reasons."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from workflows.engine.flow import BureauFlow
from workflows.engine.nodes import OfficerTask
from workflows.flows.officer_filing import views
from workflows.models import OfficerFilingProcess


class OfficerFilingFlow(BureauFlow):
    """负责人备案：网上报送 → 受理窗口备案或退回。"""

    process_class = OfficerFilingProcess
    process_title = _("负责人备案")
    process_description = _("会长（理事长）、副会长、秘书长、监事变动的备案")
    summary_template = "{{ process.officer_filing }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("报送负责人变动")).Next(this.record)
    record = (
        OfficerTask(views.FileOfficersView.as_view(), role=OfficerRole.WINDOW, due="officer_filing__due_on")
        .Annotation(title=_("负责人备案审核"), description=_("核对任职人员和任期，予以备案或退回并说明理由"))
        .Next(this.done)
    )
    done = flow.End().Annotation(title=_("办结"))

    def start_process(self, activation, filing):
        activation.process.officer_filing = filing
        activation.process.jurisdiction = filing.organization.jurisdiction
        return activation.process
