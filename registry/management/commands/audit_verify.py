"""Check every audit hash chain, and compare it with the newest anchor: name each changed, inserted or deleted row."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.services.audit_trail import AnchorError, anchor_read, chains_verify, newest_anchor


class Command(BaseCommand):
    help = _("校验变更记录、身份证号码查看记录和安全日志的哈希链，并与最近的审计锚点比对；发现问题时以非零状态退出。")

    def add_arguments(self, parser):
        parser.add_argument("--anchor", type=Path, help=_("比对的锚点文件（默认：锚点目录中最新的一个）"))
        parser.add_argument("--no-anchor", action="store_true", help=_("只校验链本身，不比对锚点"))

    def handle(self, *args, **options):
        anchor = None
        if not options["no_anchor"]:
            path = options["anchor"] or newest_anchor(settings.AUDIT_ANCHOR_DIR)
            if path is None:
                self.stderr.write(_("没有审计锚点，只校验链本身（请每日运行 audit_anchor）。"))
            else:
                try:
                    anchor = anchor_read(path)
                except AnchorError as error:
                    raise CommandError(_("审计锚点不可信：%(error)s") % {"error": error}) from error
                self.stdout.write(_("比对锚点 %(path)s") % {"path": path})
        findings = chains_verify(anchor=anchor)
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(_("审计链校验发现 %(count)d 处问题。") % {"count": len(findings)})
        self.stdout.write(_("审计链完好。"))
