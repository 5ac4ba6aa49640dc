"""The change stream of the register, and the agencies that read it: API keys, webhook subscriptions, deliveries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    """What happened to an organization; the code is what agencies receive and subscribe to."""

    REGISTERED = "registered", _("登记")
    CHANGED = "changed", _("登记事项变更")
    GRADE_GIVEN = "grade_given", _("评估等级评定")
    GRADE_LAPSED = "grade_lapsed", _("评估等级失效或取消")
    CREDIT_LISTED = "credit_listed", _("列入信用名单")
    CREDIT_REMOVED = "credit_removed", _("移出信用名单")
    PENALTY = "penalty", _("行政处罚")
    REVOKED = "revoked", _("撤销登记")
    DEREGISTERED = "deregistered", _("注销登记")
    FILING = "filing", _("印章和银行账户备案")


class ChangeEvent(models.Model):
    """One change to the register, written in the transaction that makes it.

    `timepoint` is given when that transaction commits, in commit order (docs/adr/0021-change-stream.md):
    a reader that has seen timepoint N never later finds a committed event below N it has not seen.
    """

    timepoint = models.BigIntegerField(_("时点"), null=True, blank=True, unique=True, editable=False)
    kind = models.CharField(_("事项"), max_length=20, choices=ChangeKind.choices)
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="change_events"
    )
    code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    name = models.CharField(_("名称"), max_length=50)
    fields = models.JSONField(_("变更字段"), default=dict, blank=True, help_text=_("字段 → [原值, 新值]"))
    detail = models.JSONField(_("事项内容"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("发生时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("变更事件")
        verbose_name_plural = _("变更事件")
        ordering = ["timepoint", "id"]

    def __str__(self):
        return f"{self.timepoint or '-'} {self.kind} {self.code or self.organization_id}"


class ChangeStreamPurge(models.Model):
    """One purge of the change stream: events up to `purged_through` are gone; a reader behind it gets 416."""

    purged_through = models.BigIntegerField(_("已删除至时点"))
    purged_at = models.DateTimeField(_("删除时间"), default=timezone.now)
    deleted = models.PositiveIntegerField(_("删除条数"), default=0)

    class Meta:
        verbose_name = _("变更事件清理记录")
        verbose_name_plural = _("变更事件清理记录")

    def __str__(self):
        return f"≤{self.purged_through} {self.purged_at:%Y-%m-%d}"


class ApiKey(models.Model):
    """An agency's key to the API: only a hash of the secret is kept; the key is shown once, on creation."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("如：市场监管局数据共享平台"))
    agency = models.CharField(_("使用单位"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(_("密钥哈希"), max_length=64, editable=False)
    agency_fields = models.JSONField(
        _("协议字段"), default=list, blank=True, help_text=_("数据共享协议允许的非公开字段；为空时只能读取公开字段")
    )
    per_minute = models.PositiveIntegerField(_("每分钟请求上限"), default=120)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("读取完整身份证号码时，查看记录记在此账号名下"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")
        ordering = ["agency", "name"]

    def __str__(self):
        return f"{self.agency} · {self.name} ({self.prefix})"


class WebhookSubscription(models.Model):
    """An agency's URL that receives the events of the kinds it chose, in order, from its cursor on."""

    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("接口密钥"), on_delete=models.PROTECT, related_name="webhook_subscriptions"
    )
    url = models.URLField(_("接收地址"), max_length=500)
    kinds = models.JSONField(_("事项"), default=list, help_text=_("接收的事项代码；为空时接收全部"))
    secret = models.CharField(_("签名密钥"), max_length=64, editable=False)
    active = models.BooleanField(_("启用"), default=True)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    cursor = models.BigIntegerField(_("已送达时点"), default=0)
    consecutive_failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事件推送订阅")
        verbose_name_plural = _("事件推送订阅")
        ordering = ["api_key", "id"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to a subscription: what came back and how long it took."""

    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name=_("订阅"), on_delete=models.CASCADE, related_name="deliveries"
    )
    timepoint = models.BigIntegerField(_("时点"))
    attempted_at = models.DateTimeField(_("尝试时间"), default=timezone.now, db_index=True)
    status_code = models.PositiveIntegerField(_("响应状态"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    ok = models.BooleanField(_("成功"), default=False)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("事件推送记录")
        verbose_name_plural = _("事件推送记录")
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"{self.subscription_id} #{self.timepoint} {self.status_code or self.error}"
