"""The append-only history of every change to an organization."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.choices import HistoryAction
from registry.models.audit import AppendOnlyError, AppendOnlyModel, ChainedModel

__all__ = ["AppendOnlyError", "AppendOnlyModel", "OrganizationHistory"]


class OrganizationHistory(ChainedModel):
    """One change to an organization: who, when, what changed (old and new values), why."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="history"
    )
    # Set before the record is sealed into its chain (auto_now_add would change it after).
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("事项"), max_length=40, choices=HistoryAction.choices)
    changes = models.JSONField(_("变更内容"), default=dict, help_text=_("字段 → [原值, 新值]"))
    reason = models.TextField(_("理由或依据"))
    imported = models.BooleanField(_("导入"), default=False, db_default=False, help_text=_("由导入原有登记数据产生"))

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["organization", "at", "id"]

    def __str__(self):
        return f"{self.organization_id} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    CHAIN_ORDER = ("organization_id",)  # the records of one chain are together in this order

    def chain_key(self) -> str:
        return f"history:{self.organization_id}"
