"""The outbox of messages to people and the ledger of background work that ran."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """An e-mail or text message to send; written with the change that causes it, kept until it is sent."""

    email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True)
    subject = models.CharField(_("主题"), max_length=300)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待发消息")
        verbose_name_plural = _("待发消息")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.email or self.mobile}: {self.subject}"


class TaskRun(models.Model):
    """One piece of background work that took effect; the unique key makes a repeated delivery a no-op."""

    kind = models.CharField(_("任务类型"), max_length=50)
    key = models.CharField(_("任务键"), max_length=100)
    ran_at = models.DateTimeField(_("执行时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("后台任务记录")
        verbose_name_plural = _("后台任务记录")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="task_run_once")]

    def __str__(self):
        return f"{self.kind}:{self.key}"
