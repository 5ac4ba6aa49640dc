"""Daily: delete change-stream events older than the retention window (REGISTRY_CHANGES_RETENTION_DAYS)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.changes import change_events_purge


class Command(BaseCommand):
    help = _("删除超过保留期限的变更事件（可重复运行）。")

    def handle(self, *args, **options):
        deleted = change_events_purge()
        self.stdout.write(_("删除变更事件 %(count)d 条。") % {"count": deleted})
