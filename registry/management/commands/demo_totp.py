"""Print the current second-factor code of demo staff accounts (the demo only; refused in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.management.commands.seed_demo import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = _("显示演示工作人员账户当前的动态验证码（仅演示环境）。")

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", help=_("账户名；不填则列出全部"))

    def handle(self, *args, usernames, **options):
        if settings.PRODUCTION:
            raise CommandError(_("生产环境不提供此命令：动态验证码只在本人的验证器上显示。"))
        devices = TOTPDevice.objects.filter(confirmed=True, name=DEMO_DEVICE_NAME).select_related("user")
        if usernames:
            devices = devices.filter(user__username__in=usernames)
        for device in devices.order_by("user__username"):
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
            self.stdout.write(f"{device.user.username:12s} {code:0{device.digits}d}")
