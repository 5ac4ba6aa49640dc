"""Principal officers of a registered organization (理事长, 秘书长, 院长…), as the register records them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.idcards import mask_id_number


class OrganizationOfficer(models.Model):
    """One principal officer of an organization; the ID number is never public."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="officers"
    )
    position = models.CharField(_("职务"), max_length=20)
    name = models.CharField(_("姓名"), max_length=40)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    full_time = models.BooleanField(_("专职"), default=False)
    imported = models.BooleanField(_("导入"), default=False, db_default=False, help_text=_("由导入原有登记数据产生"))
    # 负责人备案: the term of office, and the day the officer left it (kept as history, never deleted).
    term_starts_on = models.DateField(_("任职日期"), null=True, blank=True)
    term_ends_on = models.DateField(_("任期届满日期"), null=True, blank=True)
    left_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("组织负责人")
        verbose_name_plural = _("组织负责人")
        ordering = ["organization", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "position", "name"],
                condition=models.Q(left_on__isnull=True),
                name="one_serving_officer_per_position_name",
            )
        ]

    def __str__(self):
        return f"{self.position} {self.name}"

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)
