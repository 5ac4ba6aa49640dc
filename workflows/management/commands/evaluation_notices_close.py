"""Daily: end the public notices of evaluation rounds whose seven working days have run."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registry.models import EvaluationRound, RoundStatus
from workflows.flows.evaluation.services import evaluation_notice_close


class Command(BaseCommand):
    help = _("结束已期满的评估公示：有异议的转复核，其余待公告（可重复运行）。")

    def handle(self, *args, **options):
        moved = 0
        for evaluation_round in EvaluationRound.objects.filter(status=RoundStatus.NOTICE):
            moved += evaluation_notice_close(evaluation_round=evaluation_round)
        self.stdout.write(_("公示期满的评估结果 %(count)d 个。") % {"count": moved})
