"""What supervision leads to: rectification ordered, referral for a penalty case, evidence files, conflicts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionSource(models.TextChoices):
    SPOT_CHECK = "spot_check", _("双随机抽查")
    COMPLAINT = "complaint", _("投诉举报")
    ELECTION = "election", _("未按期换届")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    REPLIED = "replied", _("已报整改情况，待核查")
    ACCEPTED = "accepted", _("整改通过")
    REJECTED = "rejected", _("整改未通过")


class Rectification(models.Model):
    """An order to rectify: the organization replies from its portal by the deadline; an officer accepts or not."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="rectifications"
    )
    source = models.CharField(_("来源"), max_length=12, choices=SupervisionSource.choices)
    spot_check = models.ForeignKey(
        "registry.SpotCheck",
        verbose_name=_("抽查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    complaint = models.ForeignKey(
        "registry.Complaint",
        verbose_name=_("投诉举报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    requirements = models.TextField(_("整改要求"))
    due_on = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    ordered_on = models.DateField(_("下达日期"))
    reply = models.TextField(_("整改情况报告"), blank=True)
    replied_on = models.DateField(_("报告日期"), null=True, blank=True)
    review_note = models.TextField(_("核查意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("核查日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("责令整改")
        verbose_name_plural = _("责令整改")
        ordering = ["-ordered_on", "-id"]

    def __str__(self):
        return f"{self.organization_id} {self.ordered_on}"

    @property
    def reference(self) -> str:
        return f"ZG-{self.ordered_on:%Y}-{self.pk:06d}"


class CaseReferral(models.Model):
    """A referral of an organization for an administrative penalty case (移送立案), from a check or complaint."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="case_referrals"
    )
    source = models.CharField(_("来源"), max_length=12, choices=SupervisionSource.choices)
    source_reference = models.CharField(_("来源编号"), max_length=40)
    facts = models.TextField(_("违法事实"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("移送人"), on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("移送时间"), auto_now_add=True)
    case_reference = models.CharField(_("立案编号"), max_length=40, blank=True, help_text=_("行政处罚案件立案后的编号"))

    class Meta:
        verbose_name = _("移送立案")
        verbose_name_plural = _("移送立案")
        ordering = ["-referred_at", "-id"]

    def __str__(self):
        return f"{self.organization_id} {self.source_reference}"


class SupervisionFile(models.Model):
    """A file attached to a spot check's findings or to a complaint; stored privately under a random name."""

    spot_check = models.ForeignKey(
        "registry.SpotCheck",
        verbose_name=_("抽查"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    complaint = models.ForeignKey(
        "registry.Complaint",
        verbose_name=_("投诉举报"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(_("存储名"), max_length=80, unique=True)
    content_type = models.CharField(_("文件类型"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("监管附件")
        verbose_name_plural = _("监管附件")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spot_check__isnull=False, complaint__isnull=True)
                | models.Q(spot_check__isnull=True, complaint__isnull=False),
                name="supervision_file_one_owner",
            )
        ]

    def __str__(self):
        return self.original_name


class InspectorConflict(models.Model):
    """An inspector who must not check an organization (kinship, past employment, …); the draw skips them."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("回避事由"), max_length=200)

    class Meta:
        verbose_name = _("检查人员回避")
        verbose_name_plural = _("检查人员回避")
        constraints = [
            models.UniqueConstraint(fields=["inspector", "organization"], name="one_conflict_per_inspector_org")
        ]

    def __str__(self):
        return f"{self.inspector} · {self.organization}"
