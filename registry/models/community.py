"""Streets and towns under a district (街道、乡镇), and the community social organizations (社区社会组织) that
file with them instead of registering: groups below the registration thresholds, not legal persons."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubdistrictKind(models.TextChoices):
    STREET = "street", _("街道")
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")


class Subdistrict(models.Model):
    """A street office or town under a district bureau: community groups file with it, and its officers
    work their own filings only."""

    code = models.CharField(
        _("乡镇级区划代码"),
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^\d{9}$", _("乡镇级区划代码应为9位数字。"))],
    )
    name = models.CharField(_("名称"), max_length=40, help_text=_("如：古美路街道"))
    kind = models.CharField(_("类别"), max_length=10, choices=SubdistrictKind.choices)
    district = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("所属区县"), on_delete=models.PROTECT, related_name="subdistricts"
    )

    class Meta:
        verbose_name = _("街道（乡镇）")
        verbose_name_plural = _("街道（乡镇）")
        ordering = ["district", "code"]

    def __str__(self):
        return self.name


class SubdistrictOfficer(models.Model):
    """A street office's or town's officer who files community groups."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="subdistrict_roles"
    )
    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("街道（乡镇）"), on_delete=models.CASCADE, related_name="officers"
    )

    class Meta:
        verbose_name = _("街道（乡镇）工作人员")
        verbose_name_plural = _("街道（乡镇）工作人员")
        constraints = [models.UniqueConstraint(fields=["user", "subdistrict"], name="unique_subdistrict_officer")]

    def __str__(self):
        return f"{self.user} · {self.subdistrict}"


class CommunityField(models.TextChoices):
    SERVICE = "service", _("社区服务")
    CHARITY = "charity", _("公益慈善")
    CULTURE = "culture", _("文化")
    SPORT = "sport", _("体育")
    AFFAIRS = "affairs", _("社区事务")
    OTHER = "other", _("其他")


class GuidingUnitKind(models.TextChoices):
    RESIDENTS = "residents", _("居民委员会")
    VILLAGERS = "villagers", _("村民委员会")
    HUB = "hub", _("枢纽型社会组织")


class CommunityGroupStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待备案")
    RETURNED = "returned", _("已退回，待修改")
    FILED = "filed", _("已备案")
    CANCELLED = "cancelled", _("已注销备案")
    REGISTERED = "registered", _("已转为登记")


class CommunityGroup(models.Model):
    """A community social organization filed (备案) with its street office or town: listed publicly as 备案,
    without a credit code, and able to move up to registration."""

    subdistrict = models.ForeignKey(
        Subdistrict, verbose_name=_("备案街道（乡镇）"), on_delete=models.PROTECT, related_name="community_groups"
    )
    name = models.CharField(_("名称"), max_length=100)
    field = models.CharField(_("活动领域"), max_length=10, choices=CommunityField.choices)
    activity_area = models.CharField(_("活动地域"), max_length=200, help_text=_("如：古美一村居委会辖区"))
    member_count = models.PositiveIntegerField(_("成员人数"))
    responsible_name = models.CharField(_("负责人"), max_length=40)
    responsible_id_number = models.CharField(_("负责人身份证号码"), max_length=18)
    responsible_phone = models.CharField(_("负责人联系电话"), max_length=20, blank=True)
    guiding_kind = models.CharField(_("指导单位类别"), max_length=10, choices=GuidingUnitKind.choices)
    guiding_unit_name = models.CharField(_("指导单位"), max_length=100, blank=True, help_text=_("居委会、村委会名称"))
    hub = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("枢纽型社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guided_groups",
    )
    charter_summary = models.TextField(_("章程（简要）"))
    status = models.CharField(
        _("备案状态"), max_length=10, choices=CommunityGroupStatus.choices, default=CommunityGroupStatus.DRAFT
    )
    filing_number = models.CharField(_("备案编号"), max_length=30, blank=True, db_index=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    cancelled_on = models.DateField(_("注销备案日期"), null=True, blank=True)
    # The organization it became when it moved up to registration.
    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("登记后的社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_group",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        on_delete=models.PROTECT,
        related_name="community_groups",
    )
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    due_on = models.DateField(_("备案办理期限"), null=True, blank=True)
    return_reasons = models.TextField(_("退回理由"), blank=True)
    cancel_reason = models.TextField(_("注销备案理由"), blank=True)
    member_list_name = models.CharField(_("成员名册文件名"), max_length=200, blank=True)
    member_list_stored = models.CharField(_("成员名册存储文件名"), max_length=80, blank=True)
    # The registration application it opened to move up to registration (转为登记).
    registration_application = models.OneToOneField(
        "registry.RegistrationApplication",
        verbose_name=_("登记申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_group",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("社区社会组织（备案）")
        verbose_name_plural = _("社区社会组织（备案）")
        ordering = ["subdistrict", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "name"],
                condition=models.Q(status__in=["submitted", "filed"]),
                name="unique_live_community_group_name",
            )
        ]

    def __str__(self):
        return self.name
