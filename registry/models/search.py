"""The durable queue of search-index updates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexTask(models.Model):
    """An organization whose search document must be refreshed; kept until the index accepts it."""

    organization_id = models.BigIntegerField(_("社会组织ID"), unique=True)
    queued_at = models.DateTimeField(_("入队时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=0, help_text=_("每次入队加一，避免误删更新中的任务"))
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True, db_index=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("索引更新队列")
        verbose_name_plural = _("索引更新队列")
        ordering = ["queued_at"]

    def __str__(self):
        return f"{self.organization_id} ({self.attempts})"
