"""Daily: evaluation grades past their five-year validity lapse, with their certificates."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.register import grades_lapse


class Command(BaseCommand):
    help = _("评估等级有效期届满的，等级失效、等级证书作废（可重复运行）。")

    def handle(self, *args, **options):
        self.stdout.write(_("%(count)d 个组织的评估等级有效期届满。") % {"count": grades_lapse()})
