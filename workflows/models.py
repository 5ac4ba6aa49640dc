"""Processes of the bureau's flows, each tied to its jurisdiction and to the domain object it changes."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from viewflow.workflow.models import Process


class BureauProcess(Process):
    """A process run by one registration authority; the jurisdiction is the wall between bureaus."""

    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_lazy("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "registry.RegistrationApplication",
        verbose_name=_lazy("登记申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    annual_report = models.ForeignKey(
        "registry.AnnualReport",
        verbose_name=_lazy("年度工作报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    dormancy_case = models.ForeignKey(
        "registry.DormancyCase",
        verbose_name=_lazy("清理整顿案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    evaluation = models.ForeignKey(
        "registry.EvaluationApplication",
        verbose_name=_lazy("评估申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )

    penalty_case = models.ForeignKey(
        "registry.PenaltyCase",
        verbose_name=_lazy("行政处罚案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    charter_application = models.ForeignKey(
        "registry.CharterApplication",
        verbose_name=_lazy("章程核准申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    election = models.ForeignKey(
        "registry.Election",
        verbose_name=_lazy("换届备案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )

    branch_application = models.ForeignKey(
        "registry.BranchApplication",
        verbose_name=_lazy("分支机构、代表机构申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    term_extension = models.ForeignKey(
        "registry.TermExtension",
        verbose_name=_lazy("延期换届申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )

    certificate_application = models.ForeignKey(
        "registry.CertificateApplication",
        verbose_name=_lazy("证书换发、补领申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    archive_request = models.ForeignKey(
        "registry.ArchiveRequest",
        verbose_name=_lazy("登记档案查询申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    officer_filing = models.ForeignKey(
        "registry.OfficerFiling",
        verbose_name=_lazy("负责人备案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    purchase_application = models.ForeignKey(
        "registry.PurchaseApplication",
        verbose_name=_lazy("政府购买服务项目申报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    community_group = models.ForeignKey(
        "registry.CommunityGroup",
        verbose_name=_lazy("社区社会组织备案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    service_project = models.ForeignKey(
        "registry.ServiceProject",
        verbose_name=_lazy("购买服务项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )

    class Meta:
        verbose_name = _lazy("办理流程")
        verbose_name_plural = _lazy("办理流程")

    # The link to the domain object a flow changes; each flow's proxy below names its own.
    subject_field = ""

    @property
    def subject(self):
        """The domain object this process changes (the application, the report, the case...)."""
        field = self.subject_field or self.flow_class.process_class.subject_field
        return getattr(self, field)

    @property
    def clock_stopped(self) -> bool:
        """Whether the statutory clock of this process is stopped (e.g. while the applicant corrects)."""
        return False

    def inbox_line(self) -> "InboxLine":
        """How the officers' inbox names this process: reference, whose it is, and what kind of work."""
        raise NotImplementedError

    def __str__(self):
        """The file number and whose it is, as the inbox names it (never the bare process id)."""
        try:
            line = self.coerced.inbox_line()
        except (NotImplementedError, AttributeError):  # no flow yet, or no subject linked yet
            return f"#{self.pk}"
        return f"{line.reference} {line.subject}"


@dataclass(frozen=True)
class InboxLine:
    reference: str
    subject: str
    kind: str


class RegistrationProcess(BureauProcess):
    """A registration process: its subject is the application."""

    subject_field = "application"
    # What the inbox loads with each task of this flow (paths from the process).
    inbox_related = ("application__jurisdiction",)

    class Meta:
        proxy = True
        verbose_name = _lazy("社会组织登记")
        verbose_name_plural = _lazy("社会组织登记")

    @property
    def clock_stopped(self) -> bool:
        return self.application.clock_stopped_on is not None

    def inbox_line(self) -> InboxLine:
        return InboxLine(self.application.reference, self.application.name, self.application.get_kind_display())


class AnnualInspectionProcess(BureauProcess):
    """An annual inspection process: its subject is the annual report."""

    subject_field = "annual_report"
    inbox_related = ("annual_report__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("社会组织年检")
        verbose_name_plural = _lazy("社会组织年检")

    def inbox_line(self) -> InboxLine:
        report = self.annual_report
        return InboxLine(report.reference, report.organization.name, _("%(year)d年度年检") % {"year": report.year})


class DormancyProcess(BureauProcess):
    """A cleanup process: its subject is the dormancy case."""

    subject_field = "dormancy_case"
    inbox_related = ("dormancy_case__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("名存实亡社会组织清理整顿")
        verbose_name_plural = _lazy("名存实亡社会组织清理整顿")

    def inbox_line(self) -> InboxLine:
        case = self.dormancy_case
        return InboxLine(case.reference, case.organization.name, _("清理整顿"))


class EvaluationProcess(BureauProcess):
    """An evaluation process: its subject is the evaluation application."""

    subject_field = "evaluation"
    inbox_related = ("evaluation__organization", "evaluation__round")

    class Meta:
        proxy = True
        verbose_name = _lazy("社会组织评估")
        verbose_name_plural = _lazy("社会组织评估")

    def inbox_line(self) -> InboxLine:
        evaluation = self.evaluation
        return InboxLine(evaluation.reference, evaluation.organization.name, evaluation.round.title)


class PenaltyProcess(BureauProcess):
    """A penalty process: its subject is the penalty case."""

    subject_field = "penalty_case"
    inbox_related = ("penalty_case__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("行政处罚")
        verbose_name_plural = _lazy("行政处罚")

    def inbox_line(self) -> InboxLine:
        case = self.penalty_case
        return InboxLine(case.reference, case.organization.name, _("行政处罚"))


class CharterProcess(BureauProcess):
    """A charter approval process: its subject is the charter application."""

    subject_field = "charter_application"
    inbox_related = ("charter_application__organization", "charter_application__jurisdiction")

    class Meta:
        proxy = True
        verbose_name = _lazy("章程核准")
        verbose_name_plural = _lazy("章程核准")

    def inbox_line(self) -> InboxLine:
        application = self.charter_application
        return InboxLine(application.reference, application.organization.name, _("章程核准"))


class BranchProcess(BureauProcess):
    """A branch or representative office process: its subject is the organization's application."""

    subject_field = "branch_application"
    inbox_related = ("branch_application__organization", "branch_application__branch")

    class Meta:
        proxy = True
        verbose_name = _lazy("分支机构、代表机构设立、变更、注销")
        verbose_name_plural = _lazy("分支机构、代表机构设立、变更、注销")

    def inbox_line(self) -> InboxLine:
        application = self.branch_application
        kind = _("%(kind)s%(what)s（%(regime)s）") % {
            "kind": application.get_branch_kind_display() or _("分支机构、代表机构"),
            "what": application.get_kind_display(),
            "regime": application.get_regime_display(),
        }
        return InboxLine(application.reference, f"{application.organization.name} {application.subject_name}", kind)


class CertificateServiceProcess(BureauProcess):
    """A certificate renewal or replacement: its subject is the organization's application."""

    subject_field = "certificate_application"
    inbox_related = ("certificate_application__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("证书换发、补领")
        verbose_name_plural = _lazy("证书换发、补领")

    def inbox_line(self) -> InboxLine:
        application = self.certificate_application
        return InboxLine(application.reference, application.organization.name, application.get_kind_display())


class ArchiveRequestProcess(BureauProcess):
    """An archive request: its subject is the request to consult the registration file."""

    subject_field = "archive_request"
    inbox_related = ("archive_request__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("登记档案查询")
        verbose_name_plural = _lazy("登记档案查询")

    def inbox_line(self) -> InboxLine:
        request = self.archive_request
        return InboxLine(request.reference, request.organization.name, _("登记档案查询"))


class ElectionProcess(BureauProcess):
    """A leadership-election filing (换届备案): its subject is the election."""

    subject_field = "election"
    inbox_related = ("election__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("换届备案")
        verbose_name_plural = _lazy("换届备案")

    def inbox_line(self) -> InboxLine:
        return InboxLine(self.election.reference, self.election.organization.name, _("换届备案"))


class TermExtensionProcess(BureauProcess):
    """An application to hold the election late (延期换届): its subject is the application."""

    subject_field = "term_extension"
    inbox_related = ("term_extension__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("延期换届")
        verbose_name_plural = _lazy("延期换届")

    def inbox_line(self) -> InboxLine:
        return InboxLine(self.term_extension.reference, self.term_extension.organization.name, _("延期换届"))


class OfficerFilingProcess(BureauProcess):
    """A principal-officer filing (负责人备案): its subject is the filing."""

    subject_field = "officer_filing"
    inbox_related = ("officer_filing__organization",)

    class Meta:
        proxy = True
        verbose_name = _lazy("负责人备案")
        verbose_name_plural = _lazy("负责人备案")

    def inbox_line(self) -> InboxLine:
        return InboxLine(self.officer_filing.reference, self.officer_filing.organization.name, _("负责人备案"))


class PurchaseApplicationProcess(BureauProcess):
    """An application to a call for government-purchased services: its subject is the application."""

    subject_field = "purchase_application"
    inbox_related = ("purchase_application__organization", "purchase_application__call__unit")

    class Meta:
        proxy = True
        verbose_name = _lazy("政府购买服务项目申报")
        verbose_name_plural = _lazy("政府购买服务项目申报")

    def inbox_line(self) -> InboxLine:
        application = self.purchase_application
        kind = _("项目申报：%(call)s") % {"call": application.call.title}
        return InboxLine(application.reference, f"{application.organization.name} {application.project_name}", kind)


class CommunityFilingProcess(BureauProcess):
    """A community group's filing (社区社会组织备案) with its street office or town: its subject is the group."""

    subject_field = "community_group"
    inbox_related = ("community_group__subdistrict",)

    class Meta:
        proxy = True
        verbose_name = _lazy("社区社会组织备案")
        verbose_name_plural = _lazy("社区社会组织备案")

    def inbox_line(self) -> InboxLine:
        group = self.community_group
        return InboxLine(group.filing_number or f"#{group.pk}", group.name, _("社区社会组织备案"))


class PurchaseDeliveryProcess(BureauProcess):
    """The delivery of a purchased service project: its subject is the project."""

    subject_field = "service_project"
    inbox_related = ("service_project__organization", "service_project__application")

    class Meta:
        proxy = True
        verbose_name = _lazy("购买服务项目实施")
        verbose_name_plural = _lazy("购买服务项目实施")

    def inbox_line(self) -> InboxLine:
        project = self.service_project
        return InboxLine(project.application.reference, project.organization.name, project.title)
