"""The security log (等保 2.0): logins, permission changes and exports, kept at least six months, hash-chained.

GB/T 22239-2019 8.1.4.3 安全审计 asks for audit records of important user actions and security events, with
date and time, user, kind of event and outcome, protected against deletion and change; 网络安全法 第二十一条
第（三）项 asks that network logs be kept for at least six months. Rows older than the retention period
(`REGISTRY_SECURITY_LOG_RETENTION_DAYS`, never below 180) are purged by `manage.py purge_security_logs`, which
records the last purged place and hash in the chain's head so the chain still verifies from there.
"""

import ipaddress
import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.audit import ChainedModel
from registry.signals import request_context


class SecurityCategory(models.TextChoices):
    LOGIN = "login", _("登录")
    PERMISSION = "permission", _("权限变更")
    EXPORT = "export", _("导出")


class SecurityEvent(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("登录锁定")
    LOGOUT = "logout", _("退出登录")
    GROUP = "group", _("用户组")
    FLAG = "flag", _("账号状态")
    ASSIGNMENT = "assignment", _("岗位授权")
    USER_PERMISSION = "user_permission", _("用户权限")
    GROUP_PERMISSION = "group_permission", _("用户组权限")
    OBJECT_PERMISSION = "object_permission", _("对象权限")
    EXPORT = "export", _("导出文件")


CATEGORY_OF = {
    SecurityEvent.LOGIN: SecurityCategory.LOGIN,
    SecurityEvent.LOGIN_FAILED: SecurityCategory.LOGIN,
    SecurityEvent.LOCKED_OUT: SecurityCategory.LOGIN,
    SecurityEvent.LOGOUT: SecurityCategory.LOGIN,
    SecurityEvent.EXPORT: SecurityCategory.EXPORT,
}


class SecurityLog(ChainedModel):
    """One security event: who (or which login name), when, from where, what, and how it ended."""

    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    category = models.CharField(_("类别"), max_length=12, choices=SecurityCategory.choices)
    event = models.CharField(_("事件"), max_length=20, choices=SecurityEvent.choices)
    # Who acted: the account's id and login name as they were then (no foreign key: the row outlives accounts).
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("操作人或尝试的登录名"), max_length=150, blank=True, db_index=True)
    # Whose permissions changed (permission changes only).
    subject_id = models.BigIntegerField(_("对象账号ID"), null=True, blank=True)
    subject_name = models.CharField(_("对象"), max_length=150, blank=True, db_index=True)
    source_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    succeeded = models.BooleanField(_("成功"), default=True)
    # What changed or was exported, as codes and plain values: {"field": ..., "old": ..., "new": ...},
    # {"report": ..., "rows": ..., "filters": {...}}, {"portal": "staff"}.
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("安全日志")
        verbose_name_plural = _("安全日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["category", "-at"], name="securitylog_category_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event} {self.actor_name}"

    CHAIN_ORDER = ("category",)

    def chain_key(self) -> str:
        return f"security:{self.category or SecurityCategory.LOGIN}"  # one chain per category

    @classmethod
    def record(cls, *, event: str, actor=None, actor_name: str = "", subject=None, succeeded: bool = True, **detail):
        """Write one event, with the request's id and client address when it happens inside a request."""
        context = request_context.get()
        if actor is None and context is not None:
            actor = context.user
        is_account = hasattr(subject, "get_username")
        address = context.address if context else None
        entry = cls(
            category=CATEGORY_OF.get(event, SecurityCategory.PERMISSION),
            event=event,
            actor_id=actor.pk if actor is not None else None,
            actor_name=(actor.get_username() if actor is not None else actor_name)[:150],
            subject_id=subject.pk if is_account else None,
            subject_name=(subject.get_username() if is_account else str(subject or ""))[:150],
            # As the database gives it back (IPv6 compressed), so the sealed hash matches the stored row.
            source_ip=str(ipaddress.ip_address(address)) if address else None,
            request_id=context.request_id if context else "",
            succeeded=succeeded,
            detail=json.loads(json.dumps(detail, default=str)),  # plain JSON values, as they are read back
        )
        entry.save()
        return entry
