"""Demo review of purchase calls: expert accounts, a call being scored, a call on public notice with an
objection, and an awarded call with its projects (skipped when present)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.management.commands.seed_demo import DEMO_PASSWORD
from registry.models import (
    CallCriterion,
    CallStatus,
    Jurisdiction,
    Organization,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    PurchasingUnit,
    ReviewExpert,
    ServiceCall,
    ServiceCategory,
)
from registry.services.purchase_review import (
    award_decide,
    award_propose,
    conflict_declare,
    notice_objection_file,
    notice_start,
    panel_assign,
    results_compute,
    scores_save,
)

EXPERTS = (
    ("expert1", "王建国", "华东理工大学社会与公共管理学院", "社会工作"),
    ("expert2", "李慧敏", "上海市社会工作者协会", "养老服务"),
    ("expert3", "赵志强", "上海财经大学公共经济与管理学院", "财务审计"),
)
CRITERIA = (("需求分析与项目设计", 35, "需求清楚，目标可衡量"), ("执行能力与团队", 35, ""), ("预算合理性", 30, ""))
PROJECTS = ("银龄守望", "邻里助餐", "四点半课堂")
# Each demo expert's score of every criterion, per application of a call.
SCORES = ((88, 76, 64), (92, 81, 58), (85, 79, 66))


class Command(BaseCommand):
    help = _("生成购买服务评审演示数据：评审专家账号，评分中、公示中（含一件异议）和已立项的项目征集（已存在则跳过）。")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            self.officer = User.objects.get(username="mh_reviewer")
        except User.DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        minhang = Jurisdiction.objects.get(code="310112")
        if ServiceCall.objects.filter(unit__jurisdiction=minhang, title__startswith=_("【演示】")).exists():
            self.stdout.write(_("购买服务评审演示数据已存在，跳过。"))
            return
        organizations = list(Organization.objects.filter(jurisdiction=minhang, status=OrgStatus.NORMAL)[:9])
        if len(organizations) < 9:
            self.stdout.write(_("演示登记簿中的组织不足，未生成购买服务评审演示数据。"))
            return
        today = timezone.localdate()
        with transaction.atomic():
            self.experts = [self.expert(*row) for row in EXPERTS]
            self.unit, _created = PurchasingUnit.objects.get_or_create(
                jurisdiction=minhang, name="上海市闵行区民政局", defaults={"kind": PurchaserKind.BUREAU}
            )
            scoring = self.call(_("【演示】社区为老服务项目（评分中）"), organizations[0:3], today)
            self.score(scoring, everyone=False)
            notice = self.call(_("【演示】困境儿童关爱项目（结果公示中）"), organizations[3:6], today)
            self.score(notice)
            results_compute(call=notice, by=self.officer)
            award_propose(call=notice, by=self.officer)
            notice_start(call=notice, by=self.officer, today=today)
            notice_objection_file(
                call=notice,
                application=notice.applications.order_by("rank").first(),
                name="陈先生",
                contact="13900001111",
                content=_("该项目申报的服务对象人数与社区实际情况不符，请核实。"),
                today=today,
            )
            awarded = self.call(_("【演示】社区公益创投（已立项）"), organizations[6:9], today)
            self.score(awarded)
            results_compute(call=awarded, by=self.officer)
            award_propose(call=awarded, by=self.officer)
            notice_start(call=awarded, by=self.officer, today=today - datetime.timedelta(days=21))
            award_decide(call=awarded, by=self.officer, today=today)
        self.stdout.write(_("已生成购买服务评审演示数据（评审专家 expert1–expert3，密码同演示账号）。"))

    def expert(self, username, name, affiliation, expertise) -> ReviewExpert:
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@example.org"
            user.save()
        expert, _created = ReviewExpert.objects.get_or_create(
            user=user, defaults={"name": name, "affiliation": affiliation, "expertise": expertise}
        )
        return expert

    def call(self, title, organizations, today) -> ServiceCall:
        """A call of the bureau past its deadline, under review, with three eligible applications and a panel."""
        call = ServiceCall.objects.create(
            unit=self.unit,
            title=title,
            category=ServiceCategory.ELDERLY,
            description=_("为辖区独居、高龄老人和困境儿童提供探访、助餐、陪伴和课后照护服务。"),
            budget=Decimal("200000.00"),
            max_per_project=Decimal("80000.00"),
            service_start=today + datetime.timedelta(days=60),
            service_end=today + datetime.timedelta(days=425),
            deadline=timezone.now() - datetime.timedelta(days=10),
            status=CallStatus.REVIEW,
            published_at=timezone.now() - datetime.timedelta(days=40),
            created_by=self.officer,
        )
        for order, (name, weight, description) in enumerate(CRITERIA):
            CallCriterion.objects.create(call=call, name=name, weight=weight, description=description, order=order)
        for index, organization in enumerate(organizations):
            PurchaseApplication.objects.create(
                call=call,
                organization=organization,
                status=PurchaseApplicationStatus.ELIGIBLE,
                project_name=PROJECTS[index],
                plan=_("每周两次上门服务，每月一次集体活动，配备社工和志愿者团队。"),
                beneficiaries=_("辖区服务对象"),
                beneficiary_count=60 + 20 * index,
                requested_amount=Decimal("60000.00") + Decimal("10000.00") * index,
                budget_lines=[{"item": "人员经费", "amount": "30000.00", "note": ""}],
                team=[{"name": "张三", "role": "项目负责人", "qualification": "社会工作师"}],
                submitted_by=self.officer,
                submitted_at=timezone.now() - datetime.timedelta(days=20 - index),
            )
        panel_assign(call=call, by=self.officer, experts=self.experts)
        return call

    def score(self, call, *, everyone=True):
        """Every expert declares and submits; or (a call still being scored) the first only, the second declares a
        conflict with one application and has saved another, the third has not started."""
        applications = list(call.applications.order_by("submitted_at"))
        criteria = list(call.criteria.all())
        for number, expert in enumerate(self.experts):
            if not everyone and number == 2:
                break
            for index, application in enumerate(applications):
                if not everyone and number == 1 and index == 0:
                    conflict_declare(
                        application=application, by=expert.user, conflicted=True, reason=_("曾任该组织理事")
                    )
                    continue
                if not everyone and number == 1 and index == 2:
                    break
                conflict_declare(application=application, by=expert.user, conflicted=False)
                value = Decimal(SCORES[number][index])
                scores_save(
                    application=application,
                    by=expert.user,
                    scores={c.pk: (value, "") for c in criteria},
                    submit=everyone or number == 0,
                )
