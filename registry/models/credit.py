"""Entries on the public credit lists: who was listed, when, by whom, under which rule, and when they left."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.rules.credit import CreditList, CreditReason


class CreditEntry(models.Model):
    """One listing of an organization on the activity-abnormal or the serious-dishonest list."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="credit_entries"
    )
    credit_list = models.CharField(_("名单"), max_length=12, choices=CreditList.choices)
    reason_code = models.CharField(_("列入依据"), max_length=32, choices=CreditReason.choices)
    reason = models.TextField(_("列入事由"))
    authority = models.ForeignKey(
        "registry.Jurisdiction", verbose_name=_("作出决定的登记管理机关"), on_delete=models.PROTECT, related_name="+"
    )
    listed_on = models.DateField(_("列入日期"))
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_on = models.DateField(_("届满日期"), null=True, blank=True)
    removable_from = models.DateField(
        _("可申请移出日期"),
        null=True,
        blank=True,
        help_text=_("严重违法失信名单：列入满2年且期间未再出现应当列入情形的，可申请移出"),
    )
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.TextField(_("移出事由"), blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("移出经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    promoted_from = models.OneToOneField(
        "self",
        verbose_name=_("由活动异常名录转入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promoted_to",
    )
    imported = models.BooleanField(_("导入"), default=False, db_default=False, help_text=_("由导入原有登记数据产生"))

    class Meta:
        verbose_name = _("信用名单记录")
        verbose_name_plural = _("信用名单记录")
        ordering = ["-listed_on", "-id"]
        constraints = [
            # One open entry per organization, list and rule: listing twice for the same cause changes nothing.
            models.UniqueConstraint(
                fields=["organization", "credit_list", "reason_code"],
                condition=Q(removed_on__isnull=True),
                name="one_open_credit_entry_per_cause",
            )
        ]
        indexes = [models.Index(fields=["credit_list", "removed_on", "listed_on"])]

    def __str__(self):
        return f"{self.organization_id} {self.get_credit_list_display()} {self.listed_on}"

    @property
    def is_open(self) -> bool:
        return self.removed_on is None
