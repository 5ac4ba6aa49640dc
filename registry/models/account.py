"""Account security: sign-ups waiting for their code, password-reset codes, a forced password change.

Codes are stored only as keyed hashes (registry.rules.query_codes), are short-lived and used once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingSignUp(models.Model):
    """A sign-up waiting for the code sent to its mobile number or e-mail: the account exists only once it is entered.

    Several may wait for the same number at once, so a stranger's sign-up never keeps the number's owner out.
    """

    username = models.CharField(_("登录名"), max_length=150, db_index=True)
    mobile = models.CharField(_("手机号码"), max_length=11, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    real_name = models.CharField(_("真实姓名"), max_length=40)
    id_number = models.CharField(_("居民身份证号码"), max_length=18)
    password = models.CharField(_("密码（哈希）"), max_length=128)
    code_digest = models.CharField(_("验证码摘要"), max_length=64)
    failed_attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待确认注册")
        verbose_name_plural = _("待确认注册")

    def __str__(self):
        return self.username


class PasswordResetCode(models.Model):
    """A code sent to an account's mobile number or e-mail that lets its owner set a new password, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="password_reset_codes",
    )
    code_digest = models.CharField(_("验证码摘要"), max_length=64)
    failed_attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("找回密码验证码")
        verbose_name_plural = _("找回密码验证码")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class AccountSecurity(models.Model):
    """Per-account security state: a password set by an administrator must be changed at the next login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="account_security"
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("账户安全")
        verbose_name_plural = _("账户安全")

    def __str__(self):
        return str(self.user)
