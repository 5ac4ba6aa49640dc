"""Delivery of a purchased service project (政府购买服务、公益创投): the contract and its milestones, the
organization's reports and the purchaser's acceptance, payments, changes and termination, and the third
party's mid-term and final evaluations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.purchase import EvaluationGrade, ServiceProject


class ProjectContract(models.Model):
    """The contract signed for an awarded project: its number, date and amount (paid by milestones)."""

    project = models.OneToOneField(
        ServiceProject, verbose_name=_("购买服务项目"), on_delete=models.PROTECT, related_name="contract"
    )
    number = models.CharField(_("合同编号"), max_length=60, unique=True)
    signed_on = models.DateField(_("签订日期"))
    amount = models.DecimalField(_("合同金额（元）"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目合同")
        verbose_name_plural = _("项目合同")

    def __str__(self):
        return self.number


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("待报送")
    REPORTED = "reported", _("已报送，待验收")
    RETURNED = "returned", _("已退回，待重新报送")
    ACCEPTED = "accepted", _("已验收，待付款")
    PAID = "paid", _("已验收并付款")
    CANCELLED = "cancelled", _("已取消")


class ProjectMilestone(models.Model):
    """One milestone of the contract: what is delivered by when, and the payment its acceptance releases."""

    project = models.ForeignKey(
        ServiceProject, verbose_name=_("购买服务项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("节点名称"), max_length=100)
    deliverable = models.TextField(_("交付成果"))
    due_on = models.DateField(_("完成期限"))
    payment_amount = models.DecimalField(_("付款金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    # The date of the report the purchaser accepted: on time when it is no later than due_on.
    accepted_report_on = models.DateField(_("验收通过的报送日期"), null=True, blank=True)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    paid_on = models.DateField(_("付款日期"), null=True, blank=True)
    paid_amount = models.DecimalField(_("付款金额（实付，元）"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("项目里程碑")
        verbose_name_plural = _("项目里程碑")
        ordering = ["project", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "order"], name="unique_project_milestone_order")]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def last_report(self):
        """The latest report (from the prefetched reports when they are loaded)."""
        reports = list(self.reports.all())
        return reports[-1] if reports else None

    @property
    def on_time(self) -> bool | None:
        """Whether the accepted report was made by the due date (None until a report is accepted)."""
        if self.accepted_report_on is None:
            return None
        return self.accepted_report_on <= self.due_on


class ReportDecision(models.TextChoices):
    ACCEPTED = "accepted", _("验收通过")
    RETURNED = "returned", _("退回")


class MilestoneReport(models.Model):
    """One report of a milestone by the organization, and the purchaser's decision on it."""

    milestone = models.ForeignKey(
        ProjectMilestone, verbose_name=_("项目里程碑"), on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField(_("完成情况"))
    reported_on = models.DateField(_("报送日期"))
    reported_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("验收结论"), max_length=10, choices=ReportDecision.choices, blank=True)
    reason = models.TextField(_("验收意见或退回理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("验收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("里程碑报送")
        verbose_name_plural = _("里程碑报送")
        ordering = ["milestone", "reported_at", "id"]

    def __str__(self):
        return f"{self.milestone} · {self.reported_on}"


class MilestoneEvidence(models.Model):
    """A file supporting a milestone report, stored outside the web root under a random name."""

    report = models.ForeignKey(
        MilestoneReport, verbose_name=_("里程碑报送"), on_delete=models.CASCADE, related_name="evidence"
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    stored_name = models.CharField(_("存储文件名"), max_length=64, unique=True)
    content_type = models.CharField(_("文件类型"), max_length=40)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["report", "id"]

    def __str__(self):
        return self.original_name


class ProjectChangeKind(models.TextChoices):
    AMOUNT = "amount", _("合同金额变更")
    PERIOD = "period", _("服务期变更")
    MILESTONES = "milestones", _("里程碑计划变更")
    TERMINATION = "termination", _("终止项目")


class ProjectChange(models.Model):
    """A change of the contract (amount, period, milestones) or the project's termination: what, why, who, when."""

    project = models.ForeignKey(
        ServiceProject, verbose_name=_("购买服务项目"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("变更类别"), max_length=12, choices=ProjectChangeKind.choices)
    reason = models.TextField(_("理由"))
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("办理时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目变更")
        verbose_name_plural = _("项目变更")
        ordering = ["project", "at", "id"]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()}"


class EvaluationStage(models.TextChoices):
    MIDTERM = "midterm", _("中期评估")
    FINAL = "final", _("结项评估")


class ProjectEvaluation(models.Model):
    """A third party's mid-term or final evaluation of a project; the grade is public once recorded."""

    project = models.ForeignKey(
        ServiceProject, verbose_name=_("购买服务项目"), on_delete=models.CASCADE, related_name="evaluations"
    )
    stage = models.CharField(_("评估阶段"), max_length=8, choices=EvaluationStage.choices)
    evaluator = models.ForeignKey(
        "registry.Evaluator",
        verbose_name=_("第三方评估专家"),
        on_delete=models.PROTECT,
        related_name="project_evaluations",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("委托人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("委托时间"), auto_now_add=True)
    grade = models.CharField(_("评估结果"), max_length=10, choices=EvaluationGrade.choices, blank=True)
    score = models.DecimalField(_("评估得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    findings = models.TextField(_("评估意见"), blank=True)
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目评估")
        verbose_name_plural = _("项目评估")
        ordering = ["project", "stage"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="one_project_evaluation_per_stage")]

    def __str__(self):
        return f"{self.project} · {self.get_stage_display()}"

    @property
    def recorded(self) -> bool:
        return bool(self.grade)
