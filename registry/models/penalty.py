"""Administrative penalty cases (行政处罚案件): filing, investigation, notice, decision, service, execution, closing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.penalties import (
    OPEN_STAGES,
    CaseSource,
    CaseStage,
    FineBasis,
    PenaltyKind,
    Sanction,
    combined_words,
)
from registry.rules.penalty_procedure import ServedDocument, ServiceMethod


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
    # The base of a fine (社团条例 第三十条第二款, 民非条例 第二十五条第二款): illegal turnover or income found.
    fine_basis = models.CharField(_("罚款基数种类"), max_length=10, choices=FineBasis.choices, blank=True)
    illegal_amount_yuan = models.DecimalField(
        _("认定的违法经营额或违法所得（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # 行政处罚法 第五十八条: grounds of a legal review, found in the investigation.
    public_interest = models.BooleanField(_("涉及重大公共利益"), default=False)
    complex_case = models.BooleanField(_("案情疑难复杂、涉及多个法律关系"), default=False)
    # Advance notice (告知) of the intended penalty.
    proposed_kind = models.CharField(_("拟处罚种类"), max_length=14, choices=PenaltyKind.choices, blank=True)
    proposed_amount_yuan = models.DecimalField(
        _("拟处罚金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    proposed_months = models.PositiveSmallIntegerField(_("拟停止活动期限（月）"), null=True, blank=True)
    notice_on = models.DateField(_("告知日期"), null=True, blank=True)
    # The statement window runs from the notice's service, in working days (行政处罚法 第八十五条).
    notice_served_on = models.DateField(_("告知书送达日期"), null=True, blank=True)
    statement_ends_on = models.DateField(_("陈述申辩期限"), null=True, blank=True)
    notice_text = models.TextField(_("行政处罚事先告知"), blank=True)
    hearing_available = models.BooleanField(_("可以要求听证"), default=False)
    statement = models.TextField(_("陈述和申辩"), blank=True)
    statement_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    hearing_requested = models.BooleanField(_("要求听证"), default=False)
    hearing_notified_on = models.DateField(_("听证通知送达日期"), null=True, blank=True)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("听证主持人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hearing_record = models.TextField(_("听证笔录要点"), blank=True)
    hearing_record_signed = models.BooleanField(_("听证笔录已经当事人签字"), default=False)
    review_opinion = models.TextField(_("复核意见"), blank=True)
    # Legal review (法制审核, 行政处罚法 第五十八条) and collective discussion (集体讨论, 第五十七条第二款).
    legal_review_required = models.BooleanField(_("需要法制审核"), default=False)
    legal_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("法制审核人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_review_on = models.DateField(_("法制审核日期"), null=True, blank=True)
    legal_review_opinion = models.TextField(_("法制审核意见"), blank=True)
    discussion_required = models.BooleanField(_("需要集体讨论"), default=False)
    discussion_on = models.DateField(_("集体讨论日期"), null=True, blank=True)
    discussion_participants = models.TextField(_("集体讨论参加人员"), blank=True)
    discussion_conclusion = models.TextField(_("集体讨论结论"), blank=True)
    discussion_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("集体讨论记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
    service_method = models.CharField(_("送达方式"), max_length=40, blank=True, choices=ServiceMethod.choices)
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

    def sanctions(self, phase: str) -> list[Sanction]:
        """The penalties of the notice (`proposed`) or of the decision (`decided`), as the rules take them."""
        rows = self.sanction_rows.all()
        return [Sanction(row.kind, row.amount_yuan, row.months, row.multiple) for row in rows if row.phase == phase]

    @property
    def decided_words(self) -> str:
        """The decided penalties in words, combined ones included (并处)."""
        return combined_words(self.sanctions(PenaltySanction.DECIDED))


class PenaltySanction(models.Model):
    """One penalty of a case's advance notice or decision; a decision may combine several (并处)."""

    PROPOSED, DECIDED = "proposed", "decided"
    PHASES = [(PROPOSED, _("事先告知")), (DECIDED, _("处罚决定"))]

    case = models.ForeignKey(
        PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="sanction_rows"
    )
    phase = models.CharField(_("阶段"), max_length=10, choices=PHASES)
    kind = models.CharField(_("处罚种类"), max_length=14, choices=PenaltyKind.choices)
    amount_yuan = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("停止活动期限（月）"), null=True, blank=True)
    multiple = models.DecimalField(_("罚款倍数"), max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("处罚种类")
        verbose_name_plural = _("处罚种类")
        ordering = ["case", "phase", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "phase", "kind"], name="unique_penalty_sanction")]

    def __str__(self):
        return f"{self.case_id} {self.phase} {self.kind}"


class PenaltyService(models.Model):
    """The service (送达) of one document to the party: how, when delivered, and when it counts as served."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="services")
    document = models.CharField(_("文书"), max_length=16, choices=ServedDocument.choices)
    method = models.CharField(_("送达方式"), max_length=12, choices=ServiceMethod.choices)
    delivered_on = models.DateField(_("签收、到达或公告日期"))
    served_on = models.DateField(_("视为送达日期"))
    reference = models.CharField(_("送达凭证（邮件号、公告载体等）"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.document} {self.served_on}"


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
