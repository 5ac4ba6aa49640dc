"""登记档案查询: the organization (its own file) or a requester with legal grounds applies; the window officer
grants a selection of the file's documents or refuses with reasons, within 20 working days (setting); a
granted file is downloaded through a link that expires.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import ArchiveStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.archive import views
from workflows.models import ArchiveRequestProcess


class ArchiveRequestFlow(BureauFlow):
    """登记档案查询：申请 → 审核（同意并选定文件，或不予查询）→ 办结。"""

    process_class = ArchiveRequestProcess
    process_title = _("登记档案查询")
    process_description = _("本组织或有法定依据的查询人查询社会组织登记档案")
    summary_template = "{{ process.archive_request }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("查询申请")).Next(this.decide)
    decide = (
        OfficerTask(views.DecideArchiveView.as_view(), role=OfficerRole.WINDOW, due="archive_request__due_on")
        .Annotation(title=_("审核查询申请"), description=_("同意的选定提供的档案材料；不予查询的说明理由"))
        .Next(this.after_decide)
    )
    after_decide = (
        flow.If(subject_in("status", ArchiveStatus.GRANTED))
        .Annotation(title=_("是否同意查询"))
        .Then(this.granted)
        .Else(this.refused)
    )
    granted = flow.End().Annotation(title=_("同意查询"))
    refused = flow.End().Annotation(title=_("不予查询"))

    def start_process(self, activation, request):
        activation.process.archive_request = request
        activation.process.jurisdiction = request.organization.jurisdiction
        return activation.process
