"""Applications about certificates (换发, 补领) and requests to consult the registration file (登记档案查询)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.certificate_services import ReplacementCause, RequesterKind


class CertificateApplicationKind(models.TextChoices):
    RENEWAL = "renewal", _("证书换发")
    REPLACEMENT = "replacement", _("证书补领")


class CopyChoice(models.TextChoices):
    ORIGINAL = "original", _("正本")
    DUPLICATE = "duplicate", _("副本")
    BOTH = "both", _("正本和副本")


class ServiceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待办理")
    DONE = "done", _("已办结")
    REFUSED = "refused", _("不予办理")


class CertificateApplication(models.Model):
    """An organization's application to renew its registration certificate or replace a lost or damaged one."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("社会组织"),
        on_delete=models.PROTECT,
        related_name="certificate_applications",
    )
    kind = models.CharField(_("事项"), max_length=12, choices=CertificateApplicationKind.choices)
    copy = models.CharField(_("证书"), max_length=10, choices=CopyChoice.choices, default=CopyChoice.BOTH)
    cause = models.CharField(_("原因"), max_length=8, choices=ReplacementCause.choices, blank=True)
    loss_statement = models.TextField(_("遗失声明"), blank=True)
    returned = models.BooleanField(_("已交回损毁的证书"), default=False)
    # Renewed by the system when an annual inspection concluded (bureaus renewing on inspection).
    automatic = models.BooleanField(_("年检后自动换发"), default=False)
    annual_report = models.ForeignKey(
        "registry.AnnualReport", verbose_name=_("年度工作报告"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(_("状态"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    due_on = models.DateField(_("办理期限"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予办理的理由"), blank=True)
    issued_number = models.CharField(_("新证编号"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("证书换发、补领申请")
        verbose_name_plural = _("证书换发、补领申请")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self):
        if self.pk is None or self.organization_id is None:
            return str(_("（未保存）"))
        return f"{self.reference} {self.organization.name}"

    @property
    def reference(self) -> str:
        return f"ZS-{self.submitted_at:%Y}-{self.pk:06d}"


class ArchiveStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待审核")
    GRANTED = "granted", _("同意查询")
    REFUSED = "refused", _("不予查询")


class ArchiveRequest(models.Model):
    """A request to consult an organization's registration file, by the organization or with legal grounds."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="archive_requests"
    )
    requester_kind = models.CharField(_("查询人身份"), max_length=12, choices=RequesterKind.choices)
    requester_name = models.CharField(_("查询人姓名"), max_length=40)
    requester_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    requester_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    case_reference = models.CharField(_("案号或文号"), max_length=80, blank=True)
    grounds = models.TextField(_("查询依据和用途"), blank=True)
    proof_original_name = models.CharField(_("证明文件名"), max_length=200, blank=True)
    proof_stored_name = models.CharField(_("证明文件存储名"), max_length=80, blank=True)
    proof_content_type = models.CharField(_("证明文件类型"), max_length=40, blank=True)
    proof_sha256 = models.CharField(_("证明文件 SHA-256"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    due_on = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予查询的理由"), blank=True)
    expires_at = models.DateTimeField(_("下载截止时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("登记档案查询申请")
        verbose_name_plural = _("登记档案查询申请")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self):
        if self.pk is None or self.organization_id is None:
            return str(_("（未保存）"))
        return f"{self.reference} {self.organization.name}"

    @property
    def reference(self) -> str:
        return f"DA-{self.submitted_at:%Y}-{self.pk:06d}"


class ArchiveItemSource(models.TextChoices):
    CERTIFICATE = "certificate", _("证书")
    DECISION = "decision", _("登记决定书")
    DOCUMENT = "document", _("申请材料")


class ArchiveItem(models.Model):
    """One document of the file the officer granted: a certificate PDF or an application's upload."""

    request = models.ForeignKey(
        ArchiveRequest, verbose_name=_("查询申请"), on_delete=models.CASCADE, related_name="items"
    )
    source = models.CharField(_("来源"), max_length=12, choices=ArchiveItemSource.choices)
    source_id = models.PositiveIntegerField(_("来源编号"))
    # For a decision: which written decision of the application (acceptance, approval, ...).
    detail = models.CharField(_("文书种类"), max_length=20, blank=True)
    title = models.CharField(_("文件"), max_length=200)

    class Meta:
        verbose_name = _("登记档案文件")
        verbose_name_plural = _("登记档案文件")
        ordering = ["id"]

    def __str__(self):
        return self.title


class ArchiveDownload(models.Model):
    """One download of a granted file (append-only): when, what, and from which address."""

    request = models.ForeignKey(
        ArchiveRequest, verbose_name=_("查询申请"), on_delete=models.PROTECT, related_name="downloads"
    )
    item = models.ForeignKey(
        ArchiveItem, verbose_name=_("文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("下载时间"), auto_now_add=True)
    address = models.GenericIPAddressField(_("地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("登记档案下载记录")
        verbose_name_plural = _("登记档案下载记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.request_id} {self.at:%Y-%m-%d %H:%M}"
