"""Filings after registration (备案): the seal impression and the bank account."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FilingKind(models.TextChoices):
    """社会团体登记管理条例 第十六条: the seal and bank account are filed with the registration authority."""

    SEAL = "seal", _("印章式样")
    BANK_ACCOUNT = "bank_account", _("银行账户")


class OrganizationFiling(models.Model):
    """One filing of an organization's seal or bank account after its registration."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="filings"
    )
    kind = models.CharField(_("备案事项"), max_length=16, choices=FilingKind.choices)
    details = models.CharField(_("备案内容"), max_length=200, help_text=_("如：开户银行及账号、印章名称和刻制单位"))
    filed_on = models.DateField(_("备案日期"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("印章和银行账户备案")
        verbose_name_plural = _("印章和银行账户备案")
        ordering = ["-filed_on", "-id"]

    def __str__(self):
        return f"{self.organization_id} {self.get_kind_display()} {self.filed_on}"
