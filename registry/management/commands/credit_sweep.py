"""Daily credit-list upkeep: promotion after 2 years on the abnormal list, expiry of dishonest-list entries."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.credit import credit_sweep


class Command(BaseCommand):
    help = _("信用名单日常处理：活动异常满2年转入严重违法失信名单；失信名单届满移出（可重复运行）。")

    def handle(self, *args, **options):
        result = credit_sweep()
        self.stdout.write(_("转入严重违法失信名单 %(promoted)d 个，届满移出 %(expired)d 个。") % result)
