"""Render certificate PDFs: those still pending, or all of them again from their snapshots."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.models import Certificate
from registry.services.certificates import render_certificate, render_pending


class Command(BaseCommand):
    help = _("生成证书PDF：--pending 补生成失败或未生成的证书；--all 按快照重新生成全部并核对文件哈希。")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--pending", action="store_true", help=_("只生成尚无文件的证书"))
        group.add_argument("--all", action="store_true", help=_("重新生成全部证书并核对哈希"))

    def handle(self, *args, pending: bool, all: bool, **options):
        if pending:
            result = render_pending()
            self.stdout.write(_("已生成 %(done)d 份，失败 %(failed)d 份。") % result)
            if result["failed"]:
                raise CommandError(_("部分证书生成失败，错误已记录在证书记录中。"))
            return
        certificates = Certificate.objects.select_related("organization__jurisdiction").order_by("pk")
        mismatched = []
        with tqdm(total=certificates.count(), unit="份", file=self.stderr) as bar:
            for certificate in certificates.iterator(chunk_size=200):
                try:
                    render_certificate(certificate)
                except ValueError:
                    mismatched.append(certificate.number)
                bar.update(1)
        if mismatched:
            raise CommandError(
                _("%(n)d 份证书重新生成后与存档哈希不一致：%(numbers)s")
                % {"n": len(mismatched), "numbers": "、".join(mismatched[:20])}
            )
        self.stdout.write(self.style.SUCCESS(_("全部证书已重新生成，哈希一致。")))
