"""Annual work reports (年度工作报告) and the inspection decisions on them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.annual import InspectionResult, competent_unit_deadline
from registry.rules.party_building import PartyOrgKind


class ReportStatus(models.TextChoices):
    OPEN = "open", _("待填报")
    PRELIMINARY = "preliminary", _("已报送，待业务主管单位初审")
    SUBMITTED = "submitted", _("已报送，待审核")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("整改已报，待核查")
    CONCLUDED = "concluded", _("已办结")


def _money(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True)


class AnnualReport(models.Model):
    """One organization's annual work report for one year, and what the inspection decided."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    deadline = models.DateField(_("报送截止日期"))
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    simplified = models.BooleanField(_("简化程序（4A以上）"), default=False)

    activities = models.TextField(_("业务活动情况"), blank=True)
    income = _money(_("本年收入（元）"))
    expenditure = _money(_("本年支出（元）"))
    total_assets = _money(_("资产总计（元）"))
    total_liabilities = _money(_("负债合计（元）"))
    net_assets = _money(_("净资产合计（元）"))
    donations_received = _money(_("接受捐赠（元）"))
    staff_count = models.PositiveIntegerField(_("专职工作人员数"), null=True, blank=True)
    officer_changes = models.TextField(_("负责人变动情况"), blank=True)
    # Set from party_org_kind when the report is saved (read by older pages and exports); never asked on its own.
    has_party_organization = models.BooleanField(_("已建立党组织"), default=False)
    party_members = models.PositiveIntegerField(_("党员人数"), default=0, validators=[MinValueValidator(0)])
    # The party-building section (党建): a concluded report updates the organization's party-building record.
    party_org_kind = models.CharField(
        _("党组织组建形式"), max_length=12, choices=PartyOrgKind.choices, blank=True, db_default=""
    )
    party_instructor_name = models.CharField(_("党建指导员"), max_length=40, blank=True, db_default="")
    party_instructor_unit = models.CharField(_("党建指导员所在单位"), max_length=100, blank=True, db_default="")
    party_instructor_phone = models.CharField(_("党建指导员联系电话"), max_length=20, blank=True, db_default="")
    party_community_reported_on = models.DateField(_("向社区报到日期"), null=True, blank=True)
    party_committee_reported_on = models.DateField(_("向行业党委（社会组织综合党委）报到日期"), null=True, blank=True)
    events_held = models.PositiveIntegerField(_("举办活动次数"), default=0)
    # The branches and offices the organization reports (the register's count is shown beside it).
    branch_count = models.PositiveIntegerField(_("分支机构、代表机构数"), null=True, blank=True)
    audit_stored_name = models.CharField(_("审计报告存储名"), max_length=80, blank=True)
    audit_original_name = models.CharField(_("审计报告文件名"), max_length=200, blank=True)
    audit_sha256 = models.CharField(_("审计报告 SHA-256"), max_length=64, blank=True)

    # The competent unit's preliminary review (初审, 社团条例 第二十八条, 民非条例 第二十三条): signed in the system
    # by the unit's officer, or uploaded by the organization as the signed opinion (PDF), by bureau setting.
    preliminary_opinion = models.TextField(_("业务主管单位初审意见"), blank=True, db_default="")
    preliminary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("初审人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    preliminary_on = models.DateField(_("初审日期"), null=True, blank=True)
    preliminary_stored_name = models.CharField(_("初审意见存储名"), max_length=80, blank=True, db_default="")
    preliminary_original_name = models.CharField(_("初审意见文件名"), max_length=200, blank=True, db_default="")
    preliminary_sha256 = models.CharField(_("初审意见 SHA-256"), max_length=64, blank=True, db_default="")

    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)
    review_due_on = models.DateField(_("审核期限"), null=True, blank=True)
    reminded_days_before = models.PositiveSmallIntegerField(
        _("已提醒（截止前天数）"), null=True, blank=True, help_text=_("最近一次提醒是在截止前几天发出的")
    )
    result = models.CharField(_("年检结论"), max_length=8, choices=InspectionResult.choices, blank=True)
    result_reason = models.TextField(_("结论说明"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    rectification_requirements = models.TextField(_("整改要求"), blank=True)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_report = models.TextField(_("整改情况报告"), blank=True)
    rectification_passed = models.BooleanField(_("整改核查通过"), null=True, blank=True)
    rectification_note = models.TextField(_("整改核查意见"), blank=True)
    imported = models.BooleanField(_("导入"), default=False, db_default=False, help_text=_("由导入原有登记数据产生"))

    class Meta:
        verbose_name = _("年度工作报告")
        verbose_name_plural = _("年度工作报告")
        ordering = ["-year", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_report_per_year")]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        """The file number and the organization's name, as people recognise the file."""
        if self.pk is None or self.organization_id is None:
            return str(_("（未保存）"))
        return f"{self.reference} {self.organization.name}"

    @property
    def competent_unit_deadline(self):
        """When the report is due at the competent unit first (associations and 民非 with one), else None."""

        organization = self.organization
        return competent_unit_deadline(
            self.year, org_type=organization.org_type, competent_unit=organization.competent_unit
        )

    @property
    def reference(self) -> str:
        return f"NJ-{self.year}-{self.pk:07d}"
