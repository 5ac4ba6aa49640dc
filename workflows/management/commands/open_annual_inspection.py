"""Open an annual inspection season: a report and an inspection process for every organization that must report."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.background import dispatch
from workflows.flows.annual_inspection.services import annual_season_open


class Command(BaseCommand):
    help = _("开启年检：为应参加某年度年检的每个组织建立年度工作报告和年检流程（可重复运行）。")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help=_("报告所属年度，如 2025"))
        parser.add_argument("--background", action="store_true", help=_("分批交给后台任务建立流程（需要 Celery）"))

    def handle(self, *args, year: int, background: bool = False, **options):
        if not 2000 <= year < timezone.localdate().year + 1:
            raise CommandError(_("年度 %(year)d 不在可开启的范围内。") % {"year": year})
        if background:
            dispatch("workflows.open_annual_inspection", year)
            self.stdout.write(_("%(year)d年度年检已交给后台任务分批开启。") % {"year": year})
            return
        with tqdm(unit="org", file=self.stderr, desc=_("建立年检流程"), disable=None) as bar:
            result = annual_season_open(year=year, progress=bar.update)
        self.stdout.write(
            _("%(year)d年度年检：新建报告 %(reports)d 份，建立流程 %(processes)d 个。") % {"year": year, **result}
        )
