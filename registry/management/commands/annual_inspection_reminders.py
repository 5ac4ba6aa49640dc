"""Remind organizations whose annual report is still open, 30 and 7 days before the deadline (once each)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.annual import report_reminders


class Command(BaseCommand):
    help = _("年检截止前30天、7天提醒尚未报送的组织（每次提醒只发一次，可每天运行）。")

    def handle(self, *args, **options):
        self.stdout.write(_("已提醒 %(n)d 个组织。") % {"n": report_reminders()})
