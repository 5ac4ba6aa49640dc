"""Each organization's party organization (党组织) and its 双报到, with every update kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.party_building import PartyOrgKind, coverage_gaps, dual_report_complete, has_party_organization


class PartySource(models.TextChoices):
    OFFICER = "officer", _("工作人员更新")
    ANNUAL_REPORT = "annual_report", _("年度工作报告")


class PartyBuilding(models.Model):
    """An organization's party organization as last recorded: kind, members, instructor, 双报到 with dates."""

    organization = models.OneToOneField(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="party_building"
    )
    kind = models.CharField(_("党组织组建形式"), max_length=12, choices=PartyOrgKind.choices, default=PartyOrgKind.NONE)
    members = models.PositiveIntegerField(_("党员人数"), default=0)
    instructor_name = models.CharField(_("党建指导员"), max_length=40, blank=True)
    instructor_unit = models.CharField(_("党建指导员所在单位"), max_length=100, blank=True)
    instructor_phone = models.CharField(_("党建指导员联系电话"), max_length=20, blank=True)
    community_reported_on = models.DateField(_("向社区报到日期"), null=True, blank=True)
    committee_reported_on = models.DateField(_("向行业党委（社会组织综合党委）报到日期"), null=True, blank=True)
    source = models.CharField(_("更新来源"), max_length=16, choices=PartySource.choices, default=PartySource.OFFICER)
    annual_report = models.ForeignKey(
        "registry.AnnualReport",
        verbose_name=_("年度工作报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("党建情况")
        verbose_name_plural = _("党建情况")
        ordering = ["organization_id"]

    def __str__(self):
        return str(self.organization)

    @property
    def has_party_organization(self) -> bool:
        return has_party_organization(self.kind)

    @property
    def dual_report_complete(self) -> bool:
        return dual_report_complete(self.community_reported_on, self.committee_reported_on)

    @property
    def gaps(self) -> list[str]:
        return coverage_gaps(self.kind, self.community_reported_on, self.committee_reported_on)


class PartyBuildingHistory(models.Model):
    """One update of a record, append-only: the values it set, who set them, when and from where."""

    record = models.ForeignKey(
        PartyBuilding, verbose_name=_("党建情况"), on_delete=models.CASCADE, related_name="history"
    )
    values = models.JSONField(_("更新内容"))
    source = models.CharField(_("更新来源"), max_length=16, choices=PartySource.choices)
    annual_report = models.ForeignKey(
        "registry.AnnualReport",
        verbose_name=_("年度工作报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("党建情况更新记录")
        verbose_name_plural = _("党建情况更新记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.record} {self.at:%Y-%m-%d}"
