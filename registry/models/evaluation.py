"""Standardization evaluation (社会组织评估): indicator tables, rounds, applications, scores, objections, grades."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.choices import Grade, OrgType
from registry.rules.evaluation import EvaluationRules, GradeReviewKind, Part


class IndicatorTable(models.Model):
    """One version of the indicator table for one organization type; frozen once a round uses it."""

    org_type = models.CharField(_("组织类型"), max_length=1, choices=OrgType.choices)
    version = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("名称"), max_length=100)
    locked_at = models.DateTimeField(
        _("启用时间"), null=True, blank=True, help_text=_("被评估轮次采用后不能再修改；如需调整请复制为新版本。")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评估指标表")
        verbose_name_plural = _("评估指标表")
        ordering = ["org_type", "-version"]
        constraints = [models.UniqueConstraint(fields=["org_type", "version"], name="one_indicator_table_version")]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class Indicator(models.Model):
    """One scored item of an indicator table, with its maximum points."""

    table = models.ForeignKey(
        IndicatorTable, verbose_name=_("指标表"), on_delete=models.CASCADE, related_name="indicators"
    )
    part = models.CharField(_("部分"), max_length=12, choices=Part.choices)
    code = models.CharField(_("编号"), max_length=12, help_text=_("如 2.3"))
    title = models.CharField(_("指标"), max_length=200)
    guidance = models.TextField(_("评分标准"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("分值"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")
        ordering = ["table", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="indicator_code_unique_in_table")]

    def __str__(self):
        return f"{self.code} {self.title}（{self.max_points}）"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("申请与评估中")
    NOTICE = "notice", _("公示中")
    ANNOUNCED = "announced", _("已公告")


class EvaluationRound(models.Model):
    """One year's evaluation run by a registration authority for the types whose tables it uses."""

    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=120)
    tables = models.ManyToManyField(IndicatorTable, verbose_name=_("指标表"), related_name="rounds")
    apply_from = models.DateField(_("申请开始日期"))
    apply_until = models.DateField(_("申请截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    notice_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    rules = models.CharField(
        _("适用办法"),
        max_length=4,
        choices=EvaluationRules.choices,
        default=EvaluationRules.RULES_2026,
        help_text=_("2026年3月1日前开启的轮次适用2010年办法"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("评估轮次")
        verbose_name_plural = _("评估轮次")
        ordering = ["-year", "-apply_from", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(apply_until__gte=models.F("apply_from")), name="round_window_ordered")
        ]

    def __str__(self):
        return self.title

    def table_for(self, org_type: str) -> IndicatorTable | None:
        return next((table for table in self.tables.all() if table.org_type == org_type), None)


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("自评填报中")
    SUBMITTED = "submitted", _("已申请，待资格审核")
    REFUSED = "refused", _("不符合申请条件")
    ACCEPTED = "accepted", _("资格审核通过，待组建评估组")
    SCORING = "scoring", _("实地评估中")
    COMMITTEE = "committee", _("评估委员会审议中")
    PROPOSED = "proposed", _("已提出拟定等级，待公示")
    NOTICE = "notice", _("公示中")
    REVIEW = "review", _("复核中")
    CONCLUDED = "concluded", _("已定级，待公告")
    AWARDED = "awarded", _("已授予等级")
    NO_GRADE = "no_grade", _("未达到等级标准")


class EvaluationApplication(models.Model):
    """One organization's application in one round: its self-assessment, the team's scores and the grade."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("评估轮次"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="evaluations"
    )
    table = models.ForeignKey(IndicatorTable, verbose_name=_("指标表"), on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    self_total = models.DecimalField(_("自评总分"), max_digits=6, decimal_places=1, null=True, blank=True)
    self_summary = models.TextField(_("自评报告"), blank=True)
    officer_due_on = models.DateField(_("当前环节办理期限"), null=True, blank=True)
    eligibility_note = models.TextField(_("资格审核意见"), blank=True)
    site_visit_on = models.DateField(_("实地考察日期"), null=True, blank=True)
    site_visit_note = models.TextField(_("实地考察情况"), blank=True)
    team_summary = models.TextField(_("评估组意见"), blank=True)
    team_total = models.DecimalField(_("评估组总分"), max_digits=6, decimal_places=1, null=True, blank=True)
    scored_at = models.DateTimeField(_("评分提交时间"), null=True, blank=True)
    proposed_grade = models.CharField(_("按分数应得等级"), max_length=2, choices=Grade.choices, blank=True)
    committee_grade = models.CharField(_("评估委员会拟定等级"), max_length=2, choices=Grade.choices, blank=True)
    committee_reason = models.TextField(_("评估委员会意见"), blank=True)
    final_grade = models.CharField(_("最终等级"), max_length=2, choices=Grade.choices, blank=True)
    review_reason = models.TextField(_("复核意见"), blank=True)
    grade_expires_on = models.DateField(_("等级有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("评估申请")
        verbose_name_plural = _("评估申请")
        ordering = ["round", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["round", "organization"], name="one_application_per_round")]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.round.year} {self.organization}"

    @property
    def reference(self) -> str:
        return f"PG-{self.round.year}-{self.pk:06d}"

    @property
    def jurisdiction(self):
        """The bureau running the round (the one the organization is registered with)."""
        return self.round.jurisdiction


class IndicatorScore(models.Model):
    """The organization's own score and the evaluation team's score on one indicator."""

    application = models.ForeignKey(
        EvaluationApplication, verbose_name=_("评估申请"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(_("自评得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    self_note = models.TextField(_("自评说明"), blank=True)
    team_points = models.DecimalField(_("评估得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    team_comment = models.TextField(_("扣分理由或评语"), blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["application", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="one_score_per_indicator"),
            models.CheckConstraint(
                condition=Q(self_points__gte=0) | Q(self_points__isnull=True), name="self_points_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(team_points__gte=0) | Q(team_points__isnull=True), name="team_points_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.indicator_id}: {self.self_points} / {self.team_points}"


class Evaluator(models.Model):
    """A third-party evaluation expert: an outside account that sees only the applications assigned to it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="evaluator"
    )
    agency = models.CharField(_("所属第三方评估机构"), max_length=120)
    expertise = models.CharField(_("专业领域"), max_length=120, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("第三方评估专家")
        verbose_name_plural = _("第三方评估专家")
        ordering = ["agency", "user__username"]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}（{self.agency}）"


class TeamMember(models.Model):
    """An evaluator on the team of one application; one member leads and submits the scores."""

    application = models.ForeignKey(
        EvaluationApplication, verbose_name=_("评估申请"), on_delete=models.CASCADE, related_name="team"
    )
    evaluator = models.ForeignKey(
        Evaluator, verbose_name=_("评估专家"), on_delete=models.PROTECT, related_name="assignments"
    )
    leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("评估组成员")
        verbose_name_plural = _("评估组成员")
        constraints = [
            models.UniqueConstraint(fields=["application", "evaluator"], name="evaluator_once_per_team"),
            models.UniqueConstraint(fields=["application"], condition=Q(leader=True), name="one_team_leader"),
        ]

    def __str__(self):
        return f"{self.application_id} {self.evaluator_id}{' *' if self.leader else ''}"


class ObjectionKind(models.TextChoices):
    OBJECTION = "objection", _("异议（社会公众）")
    APPEAL = "appeal", _("申诉（参评组织）")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    """An objection to a proposed grade filed during the public notice, or the organization's appeal."""

    application = models.ForeignKey(
        EvaluationApplication, verbose_name=_("评估申请"), on_delete=models.PROTECT, related_name="objections"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=ObjectionKind.choices, default=ObjectionKind.OBJECTION)
    name = models.CharField(_("姓名或单位"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    content = models.TextField(_("异议内容及理由"))
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    filed_from = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    reply = models.TextField(_("复核答复"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("复核日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议与申诉")
        verbose_name_plural = _("异议与申诉")
        ordering = ["application", "filed_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name} {self.filed_at:%Y-%m-%d}"


class GradeChangeKind(models.TextChoices):
    AWARDED = "awarded", _("评定")
    LOWERED = "lowered", _("降级")
    WITHDRAWN = "withdrawn", _("取消等级")
    LAPSED = "lapsed", _("有效期满")


class GradeChange(models.Model):
    """A recorded decision on an organization's grade: awarded, lowered, withdrawn, or lapsed at expiry."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="grade_changes"
    )
    kind = models.CharField(_("事项"), max_length=10, choices=GradeChangeKind.choices)
    from_grade = models.CharField(_("原等级"), max_length=2, choices=Grade.choices, blank=True)
    to_grade = models.CharField(_("新等级"), max_length=2, choices=Grade.choices, blank=True)
    decided_on = models.DateField(_("决定日期"))
    reason = models.TextField(_("理由及依据"))
    application = models.ForeignKey(
        EvaluationApplication,
        verbose_name=_("评估申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported = models.BooleanField(_("导入"), default=False, db_default=False, help_text=_("由导入原有登记数据产生"))
    # 社会组织评估管理办法 (2026): a grade announced in a year takes effect on 1 January after it; until then the
    # grade in force stays on the register and this awarded grade waits (pending).
    takes_effect_on = models.DateField(_("生效日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    pending = models.BooleanField(_("待生效"), default=False, db_default=False)

    class Meta:
        verbose_name = _("评估等级变动")
        verbose_name_plural = _("评估等级变动")
        ordering = ["organization", "-decided_on", "-id"]

    def __str__(self):
        return f"{self.organization_id} {self.get_kind_display()} {self.from_grade}→{self.to_grade}"


class GradeReview(models.Model):
    """A tracking (跟踪) or verification (核查) evaluation of a graded organization and its recorded outcome."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="grade_reviews"
    )
    kind = models.CharField(_("评估类型"), max_length=12, choices=GradeReviewKind.choices)
    reviewed_on = models.DateField(_("结论日期"))
    from_grade = models.CharField(_("原等级"), max_length=2, choices=Grade.choices)
    to_grade = models.CharField(_("结论等级"), max_length=2, choices=Grade.choices, blank=True)
    reason = models.TextField(_("结论及理由"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+"
    )
    grade_change = models.OneToOneField(
        GradeChange,
        verbose_name=_("等级变动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review",
    )

    class Meta:
        verbose_name = _("跟踪评估和核查评估")
        verbose_name_plural = _("跟踪评估和核查评估")
        ordering = ["organization", "-reviewed_on", "-id"]

    def __str__(self):
        return f"{self.organization_id} {self.get_kind_display()} {self.from_grade}→{self.to_grade or '-'}"
