"""Entries on the public credit lists: who was listed, when, by whom, under which rule, and when they left."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.rules.credit import CreditList, CreditReason


class RepairStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("准予移出")
    REFUSED = "refused", _("不予移出")


class CreditEntry(models.Model):
    """One listing of an organization on the activity-abnormal or the serious-dishonest list."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="credit_entries"
    )
    credit_list = models.CharField(_("名单"), max_length=12, choices=CreditList.choices)
    reason_code = models.CharField(_("列入依据"), max_length=32, choices=CreditReason.choices)
    reason = models.TextField(_("列入事由"))
    basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("所属年度"), null=True, blank=True, help_text=_("按年度列入的（如未报送某一年度的工作报告），该年度")
    )
    authority = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("作出决定的登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    listed_on = models.DateField(_("列入日期"))
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_on = models.DateField(_("届满日期"), null=True, blank=True)
    removable_from = models.DateField(
        _("可申请移出日期"),
        null=True,
        blank=True,
        help_text=_("严重违法失信名单：列入满2年且期间未再出现应当列入情形的，可申请移出"),
    )
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.TextField(_("移出事由"), blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("移出经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    promoted_from = models.OneToOneField(
        "self",
        verbose_name=_("由活动异常名录转入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promoted_to",
    )
    imported = models.BooleanField(_("导入"), default=False, db_default=False, help_text=_("由导入原有登记数据产生"))

    class Meta:
        verbose_name = _("信用名单记录")
        verbose_name_plural = _("信用名单记录")
        ordering = ["-listed_on", "-id"]
        constraints = [
            # One open entry per organization, list and rule (and year, for a yearly ground such as a missing
            # annual report): listing twice for the same cause changes nothing.
            models.UniqueConstraint(
                fields=["organization", "credit_list", "reason_code"],
                condition=Q(removed_on__isnull=True, year__isnull=True),
                name="one_open_credit_entry_per_cause",
            ),
            models.UniqueConstraint(
                fields=["organization", "credit_list", "reason_code", "year"],
                condition=Q(removed_on__isnull=True, year__isnull=False),
                name="one_open_credit_entry_per_cause_year",
            ),
        ]
        indexes = [models.Index(fields=["credit_list", "removed_on", "listed_on"])]

    def __str__(self):
        return f"{self.organization_id} {self.get_credit_list_display()} {self.listed_on}"

    @property
    def is_open(self) -> bool:
        return self.removed_on is None


class CreditRepair(models.Model):
    """An organization's application to have one entry removed from its list (信用修复), and the decision."""

    entry = models.ForeignKey(
        CreditEntry, verbose_name=_("信用名单记录"), on_delete=models.PROTECT, related_name="repairs"
    )
    grounds = models.TextField(_("申请理由"), help_text=_("已履行的义务、已完成的整改或不再存在的情形"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("申请日期"))
    decide_due = models.DateField(_("审核期限"))
    status = models.CharField(_("状态"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.PENDING)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            # One pending application per entry: the organization waits for the decision before applying again.
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="pending"), name="one_pending_repair_per_entry"
            )
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        """The application's number (信用修复申请编号)."""
        return f"XF-{self.submitted_on:%Y}-{self.pk:06d}" if self.pk else ""


class CreditRepairFile(models.Model):
    """Evidence attached to a credit-repair application; stored privately under a random name."""

    repair = models.ForeignKey(
        CreditRepair, verbose_name=_("信用修复申请"), on_delete=models.CASCADE, related_name="files"
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(_("存储名"), max_length=80, unique=True)
    content_type = models.CharField(_("文件类型"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用修复证明材料")
        verbose_name_plural = _("信用修复证明材料")
        ordering = ["id"]

    def __str__(self):
        return self.original_name
