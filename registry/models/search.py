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


class IndexRebuild(models.Model):
    """One full rebuild of a search index: where it writes, and how far it got, so a crash can resume it.

    Organizations are written in ranges of primary keys; `done_through` is the highest key up to which every
    range is in the new index. `manage.py search_index --rebuild --resume` goes on from there.
    """

    backend = models.CharField(_("检索后端"), max_length=20)
    target = models.CharField(_("新索引"), max_length=200)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    done_through = models.BigIntegerField(_("已完成至组织ID"), default=0)
    indexed = models.PositiveIntegerField(_("已写入"), default=0)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("索引重建")
        verbose_name_plural = _("索引重建")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.target} ≤{self.done_through}"
