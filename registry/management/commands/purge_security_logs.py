"""Delete the security log's rows older than the retention period; the hash chains still verify afterwards."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.security_log import security_logs_purge


class Command(BaseCommand):
    help = _("删除超过保存期限的安全日志（登录、权限变更、导出），并记录清理位置，审计链仍可校验。")

    def handle(self, *args, **options):
        purged = security_logs_purge()
        self.stdout.write(
            _("已删除 %(n)d 条超过 %(days)d 天的安全日志。")
            % {"n": purged, "days": settings.REGISTRY["SECURITY_LOG_RETENTION_DAYS"]}
        )
