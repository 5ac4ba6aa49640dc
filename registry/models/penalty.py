"""Administrative penalty cases (行政处罚案件): filing, investigation, notice, decision, service, execution, closing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.penalties import OPEN_STAGES, CaseSource, CaseStage, PenaltyKind


class PenaltyCase(models.Model):
    """One case against one organization, from filing (立案) to closing (结案)."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="penalty_cases"
    )
    source = models.CharField(_("案件来源"), max_length=12, choices=CaseSource.choices)
    source_reference = models.CharField(_("来源编号"), max_length=60, blank=True)
    dormancy_case = models.ForeignKey(
        "registry.DormancyCase",
        verbose_name=_("清理整顿案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penalty_cases",
    )
    facts = models.TextField(_("涉嫌违法事实"))
    stage = models.CharField(_("办理阶段"), max_length=14, choices=CaseStage.choices, default=CaseStage.FILED)
    filed_on = models.DateField(_("立案日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("立案人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    filing_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准立案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filing_opinion = models.TextField(_("立案审批意见"), blank=True)
    decision_due_on = models.DateField(_("决定期限"))
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    step_due_on = models.DateField(_("当前环节期限"), null=True, blank=True)
    # Investigation (行政处罚法 第四十二条: at least two officers).
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    second_investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("协办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    findings = models.TextField(_("调查认定的事实"), blank=True)
    # Advance notice (告知) of the intended penalty.
    proposed_kind = models.CharField(_("拟处罚种类"), max_length=14, choices=PenaltyKind.choices, blank=True)
    proposed_amount_yuan = models.DecimalField(
        _("拟处罚金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    proposed_months = models.PositiveSmallIntegerField(_("拟停止活动期限（月）"), null=True, blank=True)
    notice_on = models.DateField(_("告知日期"), null=True, blank=True)
    notice_text = models.TextField(_("行政处罚事先告知"), blank=True)
    hearing_available = models.BooleanField(_("可以要求听证"), default=False)
    statement = models.TextField(_("陈述和申辩"), blank=True)
    statement_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    hearing_requested = models.BooleanField(_("要求听证"), default=False)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_record = models.TextField(_("听证笔录要点"), blank=True)
    review_opinion = models.TextField(_("复核意见"), blank=True)
    # Decision (决定).
    decision_number = models.CharField(_("决定书文号"), max_length=40, blank=True)
    kind = models.CharField(_("处罚种类"), max_length=14, choices=PenaltyKind.choices, blank=True)
    amount_yuan = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    suspension_months = models.PositiveSmallIntegerField(_("停止活动期限（月）"), null=True, blank=True)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    decision_text = models.TextField(_("决定内容"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Service (送达), execution (执行), closing (结案).
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=40, blank=True)
    suspension_ends_on = models.DateField(_("停止活动截止日期"), null=True, blank=True)
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True)
    execution_note = models.TextField(_("执行情况"), blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    closing_note = models.TextField(_("结案意见"), blank=True)

    class Meta:
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["stage", "step_due_on"]), models.Index(fields=["organization", "stage"])]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_number"],
                condition=~models.Q(decision_number=""),
                name="unique_penalty_decision_number",
            )
        ]

    def __str__(self):
        """The file number and the organization's name, as people recognise the file."""
        if self.pk is None or self.organization_id is None:
            return str(_("（未保存）"))
        return f"{self.reference} {self.organization.name}"

    @property
    def reference(self) -> str:
        return f"CF-{self.filed_on:%Y}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:

        return self.stage in OPEN_STAGES


class PenaltyEvidence(models.Model):
    """A piece of evidence gathered in the investigation: a PDF or image, stored privately."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="evidence")
    description = models.CharField(_("证据说明"), max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(_("存储名"), max_length=80)
    content_type = models.CharField(_("文件类型"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
