"""Daily: awarded grades take effect on their first day; grades past their validity lapse, with their certificates."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.services.register import grades_lapse, grades_take_effect


class Command(BaseCommand):
    help = _("评估等级有效期届满的，等级失效、等级证书作废（可重复运行）。")

    def handle(self, *args, **options):
        # First the grades whose 1 January has come, so a grade renewed in time does not lapse in between.
        self.stdout.write(_("%(count)d 个组织的新评估等级生效。") % {"count": grades_take_effect()})
        self.stdout.write(_("%(count)d 个组织的评估等级有效期届满。") % {"count": grades_lapse()})
