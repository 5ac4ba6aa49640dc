"""Organizations in the register."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.choices import DirectCategory, Grade, OrgStatus, OrgType
from registry.rules.codes import uscc_errors
from registry.rules.funds import funds_label as capital_label
from registry.rules.idcards import id_number_errors, mask_id_number
from registry.rules.person_names import person_name_errors

ACTIVE_STATUSES = (OrgStatus.PREPARING, OrgStatus.NORMAL)


class Organization(models.Model):
    """A social organization: 社会团体, 民办非企业单位 or 基金会."""

    org_type = models.CharField(_("组织类型"), max_length=1, choices=OrgType.choices)
    name = models.CharField(_("名称"), max_length=50)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    status = models.CharField(_("登记状态"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.NORMAL)
    on_abnormal_list = models.BooleanField(_("列入活动异常名录"), default=False)
    on_dishonest_list = models.BooleanField(_("列入严重违法失信名单"), default=False)
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("登记管理机关"), on_delete=models.PROTECT, related_name="organizations"
    )
    domicile = models.CharField(_("住所"), max_length=200)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=40)
    legal_rep_id_number = models.CharField(_("法定代表人身份证号码"), max_length=18)
    business_scope = models.TextField(_("业务范围"))
    competent_unit = models.CharField(_("业务主管单位"), max_length=100, blank=True)
    direct_category = models.CharField(_("直接登记类别"), max_length=12, choices=DirectCategory.choices, blank=True)
    activity_area = models.CharField(_("活动地域"), max_length=100)
    registered_funds = models.DecimalField(
        _("注册资金（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    founded_on = models.DateField(_("成立登记日期"), null=True, blank=True)
    certificate_valid_until = models.DateField(_("证书有效期至"), null=True, blank=True)
    grade = models.CharField(_("评估等级"), max_length=2, choices=Grade.choices, blank=True)
    grade_expires_on = models.DateField(_("评估等级有效期至"), null=True, blank=True)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    last_inspection_result = models.CharField(
        _("最近年检结论"), max_length=8, blank=True, help_text=_("最近一次作出结论的年检：合格、基本合格或不合格")
    )
    last_annual_report_year = models.PositiveSmallIntegerField(
        _("最近提交年度报告的年度"), null=True, blank=True, help_text=_("年检：最近一次提交的是哪一年度的工作报告")
    )
    # Administrative penalties in force (行政处罚): the last day of an order to stop activities, and the day
    # of the latest serious penalty (purchase-of-service eligibility looks back three years).
    suspended_until = models.DateField(_("停止活动至"), null=True, blank=True)
    serious_penalty_on = models.DateField(_("最近一次较重行政处罚日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")
        ordering = ["-founded_on", "id"]
        constraints = [
            # Names are unique among living organizations of one type in one jurisdiction.
            models.UniqueConstraint(
                fields=["jurisdiction", "org_type", "name"],
                condition=Q(status__in=["preparing", "normal"]),
                name="unique_active_name_per_jurisdiction_type",
            ),
        ]
        permissions = [("manage_organization", _("以本组织名义办理业务、下载证书"))]
        indexes = [
            models.Index(fields=["status", "jurisdiction"]),
            models.Index(fields=["founded_on"]),
            models.Index(fields=["name"]),
            models.Index(fields=["status", "last_annual_report_year"], name="org_dormancy_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def legal_rep_id_masked(self) -> str:
        """The legal representative's ID number with the middle hidden."""
        return mask_id_number(self.legal_rep_id_number)

    @property
    def is_active(self) -> bool:
        """True while the organization is in preparation or registered normally."""
        return self.status in ACTIVE_STATUSES

    @property
    def funds_label(self) -> str:
        """活动资金, 开办资金 or 原始基金, by type."""
        return capital_label(self.org_type)

    @property
    def registration_basis(self) -> str:
        """The competent unit's name, or 直接登记 and its category."""
        if self.direct_category:
            return _("直接登记（%(category)s）") % {"category": self.get_direct_category_display()}
        return self.competent_unit

    def clean(self):
        errors: dict[str, list[str]] = {}
        if self.uscc:
            code_errors = uscc_errors(self.uscc)
            if not code_errors and self.uscc[1] != self.org_type:
                code_errors = [_("统一社会信用代码的类别位与组织类型不符。")]
            if code_errors:
                errors["uscc"] = code_errors
        if self.legal_rep_name and (person_errors := person_name_errors(self.legal_rep_name)):
            errors["legal_rep_name"] = person_errors
        if self.legal_rep_id_number:
            id_errors = id_number_errors(self.legal_rep_id_number)
            if id_errors:
                errors["legal_rep_id_number"] = id_errors
        if bool(self.competent_unit) == bool(self.direct_category):
            errors["competent_unit"] = [_("请填写业务主管单位，或选择直接登记类别（二者择一）。")]
        if self.grade and not self.grade_expires_on:
            errors["grade_expires_on"] = [_("有评估等级时须填写等级有效期。")]
        if self.status == OrgStatus.NORMAL and not self.uscc:
            errors["uscc"] = [_("已成立登记的组织必须有统一社会信用代码。")]
        if errors:
            raise ValidationError(errors)
