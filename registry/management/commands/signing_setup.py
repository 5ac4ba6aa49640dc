"""Set up the electronic seals of the demo: the demo CA, the SoftHSM2 token, one key and certificate per bureau."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry import signing
from registry.models import Jurisdiction


class Command(BaseCommand):
    help = _("创建演示电子签章：演示根证书、SoftHSM2 令牌、每个登记管理机关一把签章密钥和签章证书（可重复运行）。")

    def handle(self, *args, **options):
        if not signing.enabled():
            self.stdout.write(_("电子签章已关闭（REGISTRY_SIGNING_BACKEND=none），无需设置。"))
            return
        bureaus = list(Jurisdiction.objects.order_by("code").values_list("code", "authority_name"))
        try:
            report = signing.setup_demo_keys(bureaus)
        except Exception as exc:  # noqa: BLE001 - a missing tool or a locked token is told plainly, with its cause
            raise CommandError(_("电子签章设置失败：%(error)s") % {"error": f"{type(exc).__name__}: {exc}"}) from exc
        self.stdout.write(
            _("电子签章已就绪：%(bureaus)d 个登记管理机关；新建密钥 %(keys)d 把，签发证书 %(certificates)d 张。")
            % {"bureaus": len(bureaus), "keys": report["keys_created"], "certificates": report["certificates_issued"]}
        )
