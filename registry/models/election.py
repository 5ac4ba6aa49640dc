"""Leadership elections (换届备案), term extensions (延期换届), principal-officer filings (负责人备案), the legal
representative's departure audit (离任审计) and the bureau's reminders of an overdue election."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.elections import VotingBody, office_title
from registry.rules.idcards import mask_id_number


class FilingStatus(models.TextChoices):
    """A filing (备案): the window officer files it or returns it with reasons."""

    SUBMITTED = "submitted", _("待备案")
    FILED = "filed", _("已备案")
    RETURNED = "returned", _("已退回")


class ExtensionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("审查中")
    APPROVED = "approved", _("准予延期换届")
    REFUSED = "refused", _("不予延期换届")


class _Submitted(models.Model):
    """Who submitted from the portal, when it is due, and who decided it."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decision_reason = models.TextField(_("办理意见"), blank=True)

    class Meta:
        abstract = True


class Election(_Submitted):
    """One election of an organization's governing body (换届), filed with the bureau."""

    REFERENCE_PREFIX = "HJ"

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="elections"
    )
    elected_on = models.DateField(_("换届选举日期"))
    voting_body = models.CharField(_("选举机构"), max_length=10, choices=VotingBody.choices)
    term_years = models.PositiveSmallIntegerField(_("每届任期（年）"))
    term_ends_on = models.DateField(_("本届任期届满日期"))
    officers_elected = models.TextField(_("当选负责人"), help_text=_("如：会长张三；秘书长李四；监事王五"))
    legal_rep_changes = models.BooleanField(_("本次换届变更法定代表人"), default=False)
    auditor = models.CharField(_("审计机构"), max_length=100, blank=True)
    audit_on = models.DateField(_("审计报告日期"), null=True, blank=True)
    audit_stored_name = models.CharField(_("审计报告存储名"), max_length=80, blank=True)
    audit_original_name = models.CharField(_("审计报告文件名"), max_length=200, blank=True)
    audit_sha256 = models.CharField(_("审计报告 SHA-256"), max_length=64, blank=True)
    minutes_stored_name = models.CharField(_("选举结果存储名"), max_length=80, blank=True)
    minutes_original_name = models.CharField(_("选举结果文件名"), max_length=200, blank=True)
    minutes_sha256 = models.CharField(_("选举结果 SHA-256"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED)
    imported = models.BooleanField(_("导入"), default=False, help_text=_("原有届期数据，未经网上备案"))

    class Meta:
        verbose_name = _("换届备案")
        verbose_name_plural = _("换届备案")
        ordering = ["-elected_on", "-id"]
        indexes = [models.Index(fields=["organization", "status", "-elected_on"], name="election_org_status")]

    def __str__(self):
        return f"{self.reference} {self.elected_on}"

    @property
    def reference(self) -> str:
        return f"{self.REFERENCE_PREFIX}-{self.submitted_at:%Y}-{self.pk:06d}" if self.pk else ""


class TermExtension(_Submitted):
    """An application to hold the next election late (延期换届), at most 1 year after the term ends."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="term_extensions"
    )
    term_ends_on = models.DateField(_("本届任期届满日期"))
    new_date = models.DateField(_("延期后的换届日期"))
    reason = models.TextField(_("延期换届的理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.SUBMITTED
    )

    class Meta:
        verbose_name = _("延期换届申请")
        verbose_name_plural = _("延期换届申请")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"YQ-{self.submitted_at:%Y}-{self.pk:06d}" if self.pk else ""


class OfficerFiling(_Submitted):
    """A filing of changes among the principal officers (负责人备案): appointments and departures."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="officer_filings"
    )
    status = models.CharField(_("状态"), max_length=10, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED)

    class Meta:
        verbose_name = _("负责人备案")
        verbose_name_plural = _("负责人备案")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"FZ-{self.submitted_at:%Y}-{self.pk:06d}" if self.pk else ""


class OfficerChange(models.Model):
    """One line of a filing: a person appointed to an office with their term, or an officer leaving it."""

    class Action(models.TextChoices):
        APPOINT = "appoint", _("任职")
        LEAVE = "leave", _("免职")

    filing = models.ForeignKey(
        OfficerFiling, verbose_name=_("负责人备案"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("事项"), max_length=8, choices=Action.choices)
    # A position code (OfficerPosition), or the title on record of an office outside them (院长…) that is left.
    position = models.CharField(_("职务"), max_length=20)
    name = models.CharField(_("姓名"), max_length=40)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    term_ends_on = models.DateField(_("任期届满日期"), null=True, blank=True)
    officer = models.ForeignKey(
        "registry.OrganizationOfficer",
        verbose_name=_("原负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("负责人变动")
        verbose_name_plural = _("负责人变动")
        ordering = ["filing", "-action", "id"]  # departures (leave) before appointments

    def __str__(self):
        return f"{self.get_action_display()} {self.title} {self.name}"

    @property
    def title(self) -> str:
        return office_title(self.position, self.filing.organization.org_type)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class DepartureAudit(models.Model):
    """The outgoing legal representative's departure audit (离任审计), filed before the change registration."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="departure_audits"
    )
    legal_rep_name = models.CharField(_("离任法定代表人"), max_length=40)
    legal_rep_id_number = models.CharField(_("离任法定代表人身份证号码"), max_length=18)
    auditor = models.CharField(_("审计机构"), max_length=100)
    period_from = models.DateField(_("审计期间自"))
    period_to = models.DateField(_("审计期间至"))
    report_stored_name = models.CharField(_("审计报告存储名"), max_length=80)
    report_original_name = models.CharField(_("审计报告文件名"), max_length=200)
    report_sha256 = models.CharField(_("审计报告 SHA-256"), max_length=64)
    filed_on = models.DateField(_("备案日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("离任审计备案")
        verbose_name_plural = _("离任审计备案")
        ordering = ["-filed_on", "-id"]

    def __str__(self):
        return f"{self.legal_rep_name} {self.period_from}—{self.period_to}"


class ElectionReminder(models.Model):
    """The bureau's written reminder (换届提醒) to an organization whose term ended without an election."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="election_reminders"
    )
    term_ends_on = models.DateField(_("任期届满日期"))
    text = models.TextField(_("提醒内容"))
    sent_on = models.DateField(_("发出日期"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    rectification = models.ForeignKey(
        "registry.Rectification",
        verbose_name=_("责令整改"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("换届提醒")
        verbose_name_plural = _("换届提醒")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return f"{self.organization_id} {self.sent_on}"
