"""Random spot-check campaigns (双随机一公开) and the checks drawn in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import Grade, OrgStatus, OrgType
from registry.rules.annual import InspectionResult
from registry.rules.spotchecks import MIN_INSPECTORS_PER_CHECK


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("待抽取")
    DRAWN = "drawn", _("已抽取，待公布计划")
    PLAN_PUBLISHED = "plan", _("已公布抽查计划")
    RESULTS_PUBLISHED = "results", _("已公布抽查结果")
    CANCELLED = "cancelled", _("已取消")


class CheckResult(models.TextChoices):
    PASSED = "passed", _("合格")
    RECTIFY = "rectify", _("责令整改")
    REFER = "refer", _("移送立案")


class SpotCheckCampaign(models.Model):
    """One campaign of a bureau: the filter over its register, the sample, and the recorded draw."""

    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    # The filter over the bureau's register; blank means any.
    org_type = models.CharField(_("组织类型"), max_length=1, choices=OrgType.choices, blank=True)
    org_status = models.CharField(
        _("登记状态"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.NORMAL, blank=True
    )
    grade = models.CharField(_("评估等级"), max_length=4, blank=True, help_text=_("某一等级，或“none”表示未评估"))
    last_inspection_result = models.CharField(
        _("最近年检结论"), max_length=8, choices=InspectionResult.choices, blank=True
    )
    founded_before = models.DateField(_("成立登记早于"), null=True, blank=True)
    periodic = models.BooleanField(
        _("定期抽查"),
        default=False,
        help_text=_("定期抽查的抽取数量不少于本机关登记的社会组织总数的法定比例（区县3%、市4%、省5%）"),
    )
    sample_size = models.PositiveIntegerField(_("抽取数量"), null=True, blank=True)
    sample_percent = models.PositiveSmallIntegerField(
        _("抽取比例（%）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    inspectors_per_check = models.PositiveSmallIntegerField(
        _("每户检查人员数"),
        default=MIN_INSPECTORS_PER_CHECK,
        validators=[MinValueValidator(MIN_INSPECTORS_PER_CHECK), MaxValueValidator(5)],
    )
    # The draw, recorded so that it can be repeated and checked.
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    candidate_count = models.PositiveIntegerField(_("备选组织数"), null=True, blank=True)
    candidate_hash = models.CharField(_("备选名单摘要（SHA-256）"), max_length=64, blank=True)
    inspector_hash = models.CharField(_("检查人员名录摘要（SHA-256）"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan_published_on = models.DateField(_("计划公布日期"), null=True, blank=True)
    results_published_on = models.DateField(_("结果公布日期"), null=True, blank=True)
    # A campaign that never went public may be called off (e.g. its draw cannot be made); the reason stays.
    cancelled_on = models.DateField(_("取消日期"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消理由"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("双随机抽查")
        verbose_name_plural = _("双随机抽查")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.sample_size is None) == (self.sample_percent is None):
            raise ValidationError(_("请填写抽取数量或抽取比例（二者择一）。"))
        if self.sample_size == 0:
            raise ValidationError({"sample_size": _("抽取数量至少为1。")})
        if self.grade and self.grade != "none" and self.grade not in Grade.values:
            raise ValidationError({"grade": _("评估等级无效。")})
        if self.inspectors_per_check is not None and self.inspectors_per_check < MIN_INSPECTORS_PER_CHECK:
            too_few = _("现场检查的检查人员不得少于%(count)d人。") % {"count": MIN_INSPECTORS_PER_CHECK}
            raise ValidationError({"inspectors_per_check": too_few})

    @property
    def is_locked(self) -> bool:
        """Once the plan is public the draw can no longer change."""
        return self.status in (CampaignStatus.PLAN_PUBLISHED, CampaignStatus.RESULTS_PUBLISHED)

    @property
    def is_editable(self) -> bool:
        """Before its plan is public a campaign may be changed or cancelled."""
        return self.status in (CampaignStatus.DRAFT, CampaignStatus.DRAWN)

    @property
    def reference(self) -> str:
        return f"CC-{self.year}-{self.pk:05d}"


class SpotCheck(models.Model):
    """One organization drawn in a campaign, its inspectors, and what the check found."""

    campaign = models.ForeignKey(
        SpotCheckCampaign, verbose_name=_("双随机抽查"), on_delete=models.CASCADE, related_name="checks"
    )
    position = models.PositiveIntegerField(_("抽取顺序"))
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="spot_checks"
    )
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), related_name="+")
    result = models.CharField(_("检查结果"), max_length=8, choices=CheckResult.choices, blank=True)
    findings = models.TextField(_("检查情况"), blank=True)
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("抽查对象")
        verbose_name_plural = _("抽查对象")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="one_check_per_campaign_organization"),
            models.UniqueConstraint(fields=["campaign", "position"], name="one_check_per_campaign_position"),
        ]

    def __str__(self):
        return f"{self.campaign_id} #{self.position} {self.organization_id}"
