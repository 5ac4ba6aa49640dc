"""Find organizations that exist only on paper and add them as candidate cleanup cases (idempotent)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.dormancy import dormancy_cases_close_for_deregistered, sweep_dormant


class Command(BaseCommand):
    help = _(
        "排查名存实亡社会组织：连续2年未年检、长期无法联系或登记后1年未开展活动的，列为待立案的清理整顿案件"
        "（可重复运行）。"
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = sweep_dormant()
        closed = dormancy_cases_close_for_deregistered()
        self.stdout.write(
            _(
                "新增疑似名存实亡 %(reports)d 个（未年检）、%(unreachable)d 个（无法联系）、"
                "%(inactive)d 个（登记后1年未开展活动）；"
                "已注销结案 %(closed)d 个；用时 %(seconds).1f 秒。"
            )
            % {
                "reports": counts["reports_missing"],
                "unreachable": counts["unreachable"],
                "inactive": counts["inactive_first_year"],
                "closed": closed,
                "seconds": time.perf_counter() - started,
            }
        )
