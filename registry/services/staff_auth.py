"""The second factor of staff accounts: one TOTP device each (an authenticator app), set up at first login.

A signed-in staff member acts on their own device only (the view passes `request.user`), so there is no
bureau role for the permission policy to check.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.models import SecurityEvent, SecurityLog


def staff_totp_device(*, user) -> TOTPDevice:
    """The user's confirmed device, or the one being set up (created on first use)."""
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return confirmed
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": _("身份验证器")})
    return device


def staff_totp_verify(*, device: TOTPDevice, token: str) -> None:
    """Check a code from the device; the first correct code confirms a device being set up."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        SecurityLog.record(event=SecurityEvent.LOGIN_FAILED, actor=device.user, succeeded=False, factor="totp")
        raise ValidationError(_("错误次数过多，请稍后再试。"))
    if not token.isdigit() or not device.verify_token(token):
        SecurityLog.record(event=SecurityEvent.LOGIN_FAILED, actor=device.user, succeeded=False, factor="totp")
        raise ValidationError(_("动态验证码不正确或已过期，请输入验证器上当前显示的 6 位数字。"))
    SecurityLog.record(event=SecurityEvent.LOGIN, actor=device.user, factor="totp", portal="staff")
    if not device.confirmed:
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
