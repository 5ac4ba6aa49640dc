"""After the deadline: organizations that did not submit their annual report go onto the abnormal list."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.annual import reports_overdue


class Command(BaseCommand):
    help = _("年检截止后，把未报送年度工作报告的组织列入活动异常名录（可重复运行）。")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, year: int, **options):
        listed = reports_overdue(year=year)
        self.stdout.write(_("列入活动异常名录 %(n)d 个组织。") % {"n": listed})
