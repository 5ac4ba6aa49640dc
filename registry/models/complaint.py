"""Complaints and reports from the public (投诉举报) about social organizations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComplaintCategory(models.TextChoices):
    UNREGISTERED = "unregistered", _("未经登记以社会组织名义活动")
    FEES = "fees", _("违规收费、强制入会")
    FINANCE = "finance", _("财务、资产违规")
    FUNDRAISING = "fundraising", _("违规募捐")
    OUTSIDE_SCOPE = "scope", _("超出章程规定的宗旨和业务范围")
    GOVERNANCE = "governance", _("内部治理问题")
    OTHER = "other", _("其他")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已收到，待决定是否受理")
    ACCEPTED = "accepted", _("已受理，办理中")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    CONCLUDED = "concluded", _("已办结")


class ComplaintOutcome(models.TextChoices):
    NONE = "none", _("未发现问题")
    ADVICE = "advice", _("已提醒、督促")
    RECTIFICATION = "rectification", _("责令整改")
    REFERRED = "referred", _("已移送立案")


class Complaint(models.Model):
    """One complaint or report; the complainant's identity is never public and is masked for most officers."""

    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("承办登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("被投诉举报的社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    organization_text = models.CharField(
        _("被投诉举报对象"), max_length=120, blank=True, help_text=_("在登记信息中找不到时，填写名称或说明")
    )
    category = models.CharField(_("类别"), max_length=16, choices=ComplaintCategory.choices)
    description = models.TextField(_("投诉举报内容"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    complainant_name = models.CharField(_("投诉举报人姓名"), max_length=40, blank=True)
    complainant_mobile = models.CharField(_("联系电话"), max_length=20, blank=True)
    complainant_email = models.EmailField(_("电子邮箱"), blank=True)
    query_code_digest = models.CharField(_("查询码摘要"), max_length=64)
    status = models.CharField(
        _("状态"), max_length=14, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True)
    accept_due = models.DateField(_("受理决定期限"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("受理决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("不予受理理由"), blank=True)
    finish_due = models.DateField(_("办结期限"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("延长办理天数"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    findings = models.TextField(_("调查核实情况"), blank=True)
    reply = models.TextField(_("答复意见"), blank=True, help_text=_("投诉举报人可凭受理编号和查询码查看"))
    outcome = models.CharField(_("处理结果"), max_length=14, choices=ComplaintOutcome.choices, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "status"])]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        """The acknowledgement number given to the complainant (受理编号)."""
        if not (self.pk and self.received_at):
            return ""
        return f"TS{timezone.localtime(self.received_at):%Y%m%d}{self.pk:06d}"

    @property
    def subject(self) -> str:
        return self.organization.name if self.organization_id else self.organization_text

    @property
    def has_contact(self) -> bool:
        return bool(self.complainant_email or self.complainant_mobile)
