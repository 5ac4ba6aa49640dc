"""Write the day's audit anchor: every hash chain's head, signed, to REGISTRY_AUDIT_ANCHOR_DIR."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.services.audit_trail import anchor_write


class Command(BaseCommand):
    help = _("写入当日审计锚点：各审计链的链头，签名后保存到数据库之外（可重复运行，同日覆盖）。")

    def handle(self, *args, **options):
        path = anchor_write(directory=settings.AUDIT_ANCHOR_DIR, at=timezone.now())
        self.stdout.write(_("审计锚点已写入 %(path)s。") % {"path": path})
