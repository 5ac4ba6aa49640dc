"""证书换发、补领: the organization applies from the portal; the window officer issues the new certificates
(or refuses with reasons) within 10 working days (行政许可法 第四十四条).

Renewal at bureaus that renew on the annual inspection needs no process: the inspection's conclusion
renews the certificate (`registry.services.certificate_applications.certificates_renew_after_inspection`).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from registry.choices import OfficerRole
from registry.models import ServiceStatus
from workflows.engine.flow import BureauFlow, subject_in
from workflows.engine.nodes import OfficerTask
from workflows.flows.certificate import views
from workflows.models import CertificateServiceProcess


class CertificateServiceFlow(BureauFlow):
    """证书换发、补领：网上申请 → 发证（或不予办理）→ 办结。"""

    process_class = CertificateServiceProcess
    process_title = _("证书换发、补领")
    process_description = _("登记证书有效期届满换发，遗失或损毁补领")
    summary_template = "{{ process.certificate_application }}"

    start = flow.StartHandle(this.start_process).Annotation(title=_("网上申请")).Next(this.issue)
    # 行政许可法 第四十四条: the certificate is issued within 10 working days.
    issue = (
        OfficerTask(
            views.IssueCertificateView.as_view(), role=OfficerRole.WINDOW, due="certificate_application__due_on"
        )
        .Annotation(title=_("发证"), description=_("换发或补发证书，原证作废；不符合条件的不予办理并说明理由"))
        .Next(this.after_issue)
    )
    after_issue = (
        flow.If(subject_in("status", ServiceStatus.DONE))
        .Annotation(title=_("是否发证"))
        .Then(this.issued)
        .Else(this.refused)
    )
    issued = flow.End().Annotation(title=_("已发证"))
    refused = flow.End().Annotation(title=_("不予办理"))

    def start_process(self, activation, application):
        activation.process.certificate_application = application
        activation.process.jurisdiction = application.organization.jurisdiction
        return activation.process
