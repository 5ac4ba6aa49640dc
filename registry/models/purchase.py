"""Government purchase of services from social organizations (政府购买服务) and venture-philanthropy contests
(公益创投): purchasing units, their calls, the organizations' applications and the projects awarded.

The spine of the process; the review (panels, scores, notices) and the delivery (contracts, milestones,
evaluations) hang their own records on these."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PurchaserKind(models.TextChoices):
    BUREAU = "bureau", _("民政部门")
    STREET = "street", _("街道（乡镇）")
    DEPARTMENT = "department", _("其他政府部门")


class PurchasingUnit(models.Model):
    """A unit that buys services from organizations: the bureau itself, a street office or town, or another
    department; each has its own staff and sees only its own calls."""

    name = models.CharField(_("购买主体名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=12, choices=PurchaserKind.choices)
    # The district whose civil-affairs bureau oversees purchases in its area (the oversight view reads this).
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="purchasing_units"
    )
    subdistrict = models.ForeignKey(
        "registry.Subdistrict",
        verbose_name=_("街道（乡镇）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchasing_units",
    )
    contact = models.CharField(_("联系人"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("购买主体")
        verbose_name_plural = _("购买主体")
        ordering = ["jurisdiction", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="unique_purchasing_unit_name")]
        # An object permission on the unit: its staff work the unit's steps of the application flow.
        permissions = [("act_for_unit", _("以购买主体名义办理"))]

    def __str__(self):
        return self.name


class PurchaserRole(models.TextChoices):
    OFFICER = "officer", _("经办人")
    HEAD = "head", _("负责人")


class PurchaserMember(models.Model):
    """A staff member of a purchasing unit: their wall is the unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="purchaser_roles"
    )
    unit = models.ForeignKey(
        PurchasingUnit, verbose_name=_("购买主体"), on_delete=models.CASCADE, related_name="members"
    )
    role = models.CharField(_("岗位"), max_length=10, choices=PurchaserRole.choices, default=PurchaserRole.OFFICER)

    class Meta:
        verbose_name = _("购买主体工作人员")
        verbose_name_plural = _("购买主体工作人员")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_purchaser_member")]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class ServiceCategory(models.TextChoices):
    COMMUNITY = "community", _("社区服务")
    ELDERLY = "elderly", _("养老服务")
    DISABILITY = "disability", _("助残服务")
    CHILDREN = "children", _("儿童青少年服务")
    ECOLOGY = "ecology", _("生态环保")
    POVERTY = "poverty", _("扶贫济困")
    CULTURE = "culture", _("文化体育")
    HEALTH = "health", _("卫生健康")
    OTHER = "other", _("其他")


class CallKind(models.TextChoices):
    PURCHASE = "purchase", _("政府购买服务")
    VENTURE = "venture", _("公益创投")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    REVIEW = "review", _("评审中")
    NOTICE = "notice", _("结果公示中")
    AWARDED = "awarded", _("已确定立项")
    CANCELLED = "cancelled", _("已撤销")


class ServiceCall(models.Model):
    """A call for projects (项目征集) or a venture-philanthropy contest, published by a purchasing unit."""

    unit = models.ForeignKey(PurchasingUnit, verbose_name=_("购买主体"), on_delete=models.PROTECT, related_name="calls")
    kind = models.CharField(_("类型"), max_length=10, choices=CallKind.choices, default=CallKind.PURCHASE)
    title = models.CharField(_("项目名称"), max_length=120)
    category = models.CharField(_("服务类别"), max_length=12, choices=ServiceCategory.choices)
    description = models.TextField(_("服务内容和要求"))
    budget = models.DecimalField(_("预算总额（元）"), max_digits=12, decimal_places=2)
    max_per_project = models.DecimalField(_("单个项目资助上限（元）"), max_digits=12, decimal_places=2)
    service_start = models.DateField(_("服务期开始"))
    service_end = models.DateField(_("服务期结束"))
    # 政府购买服务管理办法 第二十四条: a term over one year (three at most) needs the service to qualify.
    multi_year_reason = models.TextField(
        _("跨年度履行理由"),
        blank=True,
        help_text=_("服务期超过1年的填写：服务内容相对固定、连续性强、经费来源稳定、价格变化幅度小的情况。"),
    )
    deadline = models.DateTimeField(_("申报截止时间"))
    # Eligibility the call adds to 政府购买服务管理办法 第八条 (checked by registry.rules.purchase).
    min_years_registered = models.PositiveSmallIntegerField(_("成立满年数"), default=1)
    min_grade = models.CharField(_("最低评估等级"), max_length=2, blank=True, help_text=_("如：3A；空为不限"))
    status = models.CharField(_("状态"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # Bonus points the call gives a valid evaluation grade, e.g. {"5A": 5, "4A": 3} (评估管理办法: 3A and above
    # have priority in government purchase of services).
    grade_bonus = models.JSONField(_("评估等级加分"), default=dict, blank=True)
    # The panel's result is the mean of the experts' totals, optionally without one highest and one lowest (with
    # five experts or more, see registry.rules.purchase_scoring.TRIM_MINIMUM).
    trim_extremes = models.BooleanField(_("去掉最高分和最低分"), default=False)
    # Days the results stay on public notice (公示) before the award.
    notice_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    incubation_support = models.TextField(_("获胜项目的孵化支持"), blank=True)
    # The base a 公益创投 contest's winners may be admitted to after the award (孵化支持).
    incubation_base = models.ForeignKey(
        "registry.IncubationBase",
        verbose_name=_("孵化基地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_calls",
    )
    cancel_reason = models.TextField(_("撤销理由"), blank=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目征集")
        verbose_name_plural = _("项目征集")
        ordering = ["-deadline", "-id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return self.title


class CallCriterion(models.Model):
    """A scoring criterion of a call, with its weight (weights of a call add up to 100)."""

    call = models.ForeignKey(ServiceCall, verbose_name=_("项目征集"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=60)
    description = models.CharField(_("评分说明"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("权重（%）"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["call", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="unique_call_criterion")]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class PurchaseApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已申报，待资格审查")
    REFUSED = "refused", _("不予受理")
    INELIGIBLE = "ineligible", _("资格审查未通过")
    ELIGIBLE = "eligible", _("资格审查通过，评审中")
    SCORED = "scored", _("已评分")
    PROPOSED = "proposed", _("拟立项，公示中")
    AWARDED = "awarded", _("已立项")
    NOT_AWARDED = "not_awarded", _("未立项")
    # A 公益创投 application the preliminary round did not carry to the final (its reason in preliminary_note).
    NOT_ADVANCED = "not_advanced", _("初赛未晋级")
    WITHDRAWN = "withdrawn", _("已撤回")


class PurchaseApplication(models.Model):
    """An organization's application to a call: its project plan, beneficiaries, budget lines and team."""

    call = models.ForeignKey(
        ServiceCall, verbose_name=_("项目征集"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("申报组织"),
        on_delete=models.PROTECT,
        related_name="purchase_applications",
    )
    create_token = models.UUIDField(_("提交令牌"), unique=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=PurchaseApplicationStatus.choices,
        default=PurchaseApplicationStatus.DRAFT,
    )
    project_name = models.CharField(_("项目名称"), max_length=120)
    plan = models.TextField(_("项目方案"), blank=True)
    beneficiaries = models.TextField(_("服务对象"), blank=True)
    beneficiary_count = models.PositiveIntegerField(_("受益人数"), null=True, blank=True)
    # [{"item": "人员经费", "amount": "12000.00", "note": ""}, ...]
    budget_lines = models.JSONField(_("预算明细"), default=list, blank=True)
    requested_amount = models.DecimalField(_("申请金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    # [{"name": "张三", "role": "项目负责人", "qualification": "社会工作师"}, ...]
    team = models.JSONField(_("项目团队"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    # Reasons a late or ineligible application was refused, or the officer's eligibility findings.
    refusal_reasons = models.JSONField(_("不予受理或资格不符的理由"), default=list, blank=True)
    panel_score = models.DecimalField(_("评审得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    awarded_amount = models.DecimalField(_("立项金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    # The preliminary round of a 公益创投 contest (初赛): its panel score and rank, and why it did not advance.
    preliminary_score = models.DecimalField(_("初赛得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    preliminary_rank = models.PositiveSmallIntegerField(_("初赛排名"), null=True, blank=True)
    preliminary_note = models.CharField(_("初赛结果说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_purchase_application_per_call",
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.project_name}"

    @property
    def reference(self) -> str:
        """The file number quoted by the organization and the purchaser (GM = 购买)."""
        when = self.submitted_at or self.created_at
        return f"GM{when.year if when else ''}{self.pk or 0:06d}"


class ProjectStatus(models.TextChoices):
    AWARDED = "awarded", _("已立项，待签约")
    CONTRACTED = "contracted", _("已签约，实施中")
    COMPLETED = "completed", _("已结项")
    TERMINATED = "terminated", _("已终止")


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ServiceProject(models.Model):
    """A project awarded from an application: contracted, delivered by milestones and evaluated."""

    application = models.OneToOneField(
        PurchaseApplication, verbose_name=_("项目申报"), on_delete=models.PROTECT, related_name="project"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("承接组织"), on_delete=models.PROTECT, related_name="service_projects"
    )
    unit = models.ForeignKey(
        PurchasingUnit, verbose_name=_("购买主体"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("项目名称"), max_length=120)
    category = models.CharField(_("服务类别"), max_length=12, choices=ServiceCategory.choices)
    amount = models.DecimalField(_("立项金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(_("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.AWARDED)
    awarded_on = models.DateField(_("立项日期"))
    service_start = models.DateField(_("服务期开始"))
    service_end = models.DateField(_("服务期结束"))
    # The final evaluation's grade and date (a 不合格 bars the organization from calls for a period).
    final_grade = models.CharField(_("结项评估结果"), max_length=10, choices=EvaluationGrade.choices, blank=True)
    evaluated_on = models.DateField(_("结项评估日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("购买服务项目")
        verbose_name_plural = _("购买服务项目")
        ordering = ["-awarded_on", "-id"]

    def __str__(self):
        return self.title
