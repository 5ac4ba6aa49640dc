"""Regenerate the open-data files of the public register (nightly)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.services.opendata import open_data_export, open_data_folder


class Command(BaseCommand):
    help = _("把公开的登记信息重新生成为开放数据文件（CSV、XLSX、JSON Lines），可重复运行。")

    def handle(self, *args, **options):
        with tqdm(unit="org", file=self.stderr, disable=None) as bar:
            manifest = open_data_export(progress=bar.update)
        self.stdout.write(
            _("已生成开放数据：%(n)d 个组织，位于 %(folder)s")
            % {"n": manifest["organizations"], "folder": open_data_folder()}
        )
