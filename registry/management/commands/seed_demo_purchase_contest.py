"""Demo 公益创投 contest in its final round: the preliminary scored and computed (two of three advanced), the
final being scored, and the district's incubation park named for the winners (skipped when present)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.management.commands import seed_demo_purchase_review
from registry.models import (
    CallKind,
    CallRound,
    IncubationBase,
    Jurisdiction,
    Organization,
    PurchaserKind,
    PurchasingUnit,
    ServiceCall,
)
from registry.services.purchase_review import preliminary_compute, scores_save


class Command(seed_demo_purchase_review.Command):
    help = _("生成公益创投演示数据：初赛已汇总、决赛评分中的公益创投大赛（已存在则跳过）。")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            self.officer = User.objects.get(username="mh_reviewer")
        except User.DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        minhang = Jurisdiction.objects.get(code="310112")
        title = _("【演示】社区公益创投大赛（决赛中）")
        if ServiceCall.objects.filter(unit__jurisdiction=minhang, title=title).exists():
            self.stdout.write(_("公益创投演示数据已存在，跳过。"))
            return
        organizations = list(Organization.objects.filter(jurisdiction=minhang, status=OrgStatus.NORMAL)[9:12])
        if len(organizations) < 3:
            self.stdout.write(_("演示登记簿中的组织不足，未生成公益创投演示数据。"))
            return
        today = timezone.localdate()
        with transaction.atomic():
            self.experts = [self.expert(*row) for row in seed_demo_purchase_review.EXPERTS]
            self.unit, _created = PurchasingUnit.objects.get_or_create(
                jurisdiction=minhang, name="上海市闵行区民政局", defaults={"kind": PurchaserKind.BUREAU}
            )
            contest = self.call(title, organizations, today)
            contest.kind = CallKind.VENTURE
            contest.incubation_base = IncubationBase.objects.filter(jurisdiction=minhang, active=True).first()
            contest.incubation_support = _("获胜项目入驻区公益园区一年，提供场地、财务托管、督导和能力建设培训。")
            contest.save(update_fields=["kind", "incubation_base", "incubation_support"])
            CallRound.objects.create(
                call=contest, kind="preliminary", held_on=today - datetime.timedelta(days=7), advancing=2
            )
            CallRound.objects.create(call=contest, kind="final", held_on=today, presentation=True)
            self.score(contest)
            preliminary_compute(call=contest, by=self.officer)
            # The final: the first expert has scored both finalists after their presentations, the others not yet.
            finalists = list(contest.applications.filter(status="eligible").order_by("preliminary_rank"))
            criteria = list(contest.criteria.all())
            for index, application in enumerate(finalists):
                self.final_sheet(application, criteria, 90 - 5 * index)
        self.stdout.write(_("已生成公益创投演示数据。"))

    def final_sheet(self, application, criteria, value):
        scores_save(
            application=application,
            by=self.experts[0].user,
            scores={c.pk: (Decimal(value), "") for c in criteria},
            submit=True,
        )
