"""Daily credit-list upkeep: promotion after 2 years on the abnormal list; entries with nothing to correct leave."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.credit import credit_sweep


class Command(BaseCommand):
    help = _("信用名单日常处理：活动异常满2年转入严重违法失信名单；无需整改的异常记录满6个月移出（可重复运行）。")

    def handle(self, *args, **options):
        result = credit_sweep()
        self.stdout.write(_("转入严重违法失信名单 %(promoted)d 个，活动异常名录满6个月移出 %(expired)d 个。") % result)
