"""Demo government purchase of services: the Minhang bureau's and a street office's purchasing units with staff
accounts, and calls at each stage: a contest in draft, an open call with an eligible and an ineligible
organization applying, and a call closed for review with an application that passed the eligibility check."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.management.commands.seed_demo import DEMO_DEVICE_NAME, DEMO_PASSWORD
from registry.models import (
    CallKind,
    Jurisdiction,
    Organization,
    PurchaserKind,
    PurchaserRole,
    PurchasingUnit,
    ServiceCall,
    ServiceCategory,
)
from registry.selectors.purchase import call_eligibility
from registry.services.purchase_applications import application_eligibility_decide, application_save
from registry.services.purchase_calls import (
    call_close,
    call_criteria_set,
    call_publish,
    call_rounds_set,
    call_save,
    purchaser_member_add,
)
from workflows.engine.runner import officer_task_complete
from workflows.flows.purchase.services import purchase_application_send

# (username, real name, unit name, unit kind)
DEMO_PURCHASERS = [
    ("mh_purchase", "闵行区民政局购买服务经办人", "闵行区民政局", PurchaserKind.BUREAU),
    ("gm_purchase", "古美路街道购买服务经办人", "闵行区古美路街道办事处", PurchaserKind.STREET),
]
CRITERIA = [
    {"name": "需求分析", "description": "服务对象需求调研充分，目标明确", "weight": 20},
    {"name": "服务方案", "description": "内容、方法、进度安排合理可行", "weight": 40},
    {"name": "组织能力", "description": "团队专业资质、既往项目经验", "weight": 25},
    {"name": "预算合理性", "description": "支出结构合理、标准适当", "weight": 15},
]
BUDGET = [
    {"item": "人员经费", "amount": "48000", "note": "2名社工，12个月"},
    {"item": "活动经费", "amount": "26000", "note": "助餐、探访、健康讲座"},
    {"item": "管理费用", "amount": "6000", "note": ""},
]


class Command(BaseCommand):
    help = _("生成政府购买服务演示数据：购买主体及其工作人员账号，草稿、征集中和评审中的项目征集（已存在则跳过）。")

    def handle(self, *args, **options):
        if ServiceCall.objects.exists():
            self.stdout.write(_("演示项目征集已存在，跳过。"))
            return
        User = get_user_model()
        try:
            applicant = User.objects.get(username="applicant")
        except User.DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        minhang = Jurisdiction.objects.get(code="310112")
        with transaction.atomic():
            staff, units = self.purchasers(minhang)
            calls = self.calls(staff, units)
            self.applications(applicant, minhang, staff, calls)
        for username, real_name, unit_name, _kind in DEMO_PURCHASERS:
            self.stdout.write(f"  {username:<12} {real_name}  {unit_name}")
        self.stdout.write(_("已生成演示项目征集 %(n)d 个。") % {"n": len(calls)})

    def purchasers(self, minhang):
        User = get_user_model()
        staff, units = {}, {}
        for username, real_name, unit_name, kind in DEMO_PURCHASERS:
            unit, _created = PurchasingUnit.objects.get_or_create(
                jurisdiction=minhang,
                name=unit_name,
                defaults={"kind": kind, "contact": real_name, "phone": "021-64120000"},
            )
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": real_name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = True
                user.email = f"{username}@example.org"
                user.save()
            TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": DEMO_DEVICE_NAME})
            purchaser_member_add(user=user, unit=unit, role=PurchaserRole.OFFICER)
            staff[kind], units[kind] = user, unit
        return staff, units

    def calls(self, staff, units):
        now = timezone.now()
        today = timezone.localdate()
        common = {
            "min_grade": "",
            "trim_extremes": True,
            "notice_days": 5,
        }
        bureau, street = units[PurchaserKind.BUREAU], units[PurchaserKind.STREET]
        venture = call_save(
            unit=bureau,
            by=staff[PurchaserKind.BUREAU],
            kind=CallKind.VENTURE,
            title=f"{today.year}年闵行区公益创投大赛",
            category=ServiceCategory.COMMUNITY,
            description="面向社区治理、为老服务、青少年发展等领域征集创新公益项目，经初赛、决赛路演评选。",
            budget=Decimal("1000000"),
            max_per_project=Decimal("100000"),
            service_start=today + datetime.timedelta(days=120),
            service_end=today + datetime.timedelta(days=485),
            deadline=now + datetime.timedelta(days=45),
            min_years_registered=1,
            grade_bonus={"5A": 5, "4A": 3, "3A": 1},
            incubation_support="获胜项目入驻区公益园区一年，提供场地、财务托管、督导和能力建设培训。",
            **common,
        )
        call_criteria_set(call=venture, by=staff[PurchaserKind.BUREAU], criteria=CRITERIA)
        call_rounds_set(
            call=venture,
            by=staff[PurchaserKind.BUREAU],
            rounds=[
                {"kind": "preliminary", "held_on": today + datetime.timedelta(days=60), "advancing": 20},
                {
                    "kind": "final",
                    "held_on": today + datetime.timedelta(days=80),
                    "presentation": True,
                    "advancing": 10,
                },
            ],
        )
        open_call = call_save(
            unit=bureau,
            by=staff[PurchaserKind.BUREAU],
            kind=CallKind.PURCHASE,
            title="社区为老助餐和探访服务项目",
            category=ServiceCategory.ELDERLY,
            description="为辖区独居、高龄老人提供助餐送餐、定期探访和健康讲座服务，每个项目服务不少于100人。",
            budget=Decimal("300000"),
            max_per_project=Decimal("100000"),
            service_start=today + datetime.timedelta(days=60),
            service_end=today + datetime.timedelta(days=425),
            deadline=now + datetime.timedelta(days=20),
            min_years_registered=2,
            grade_bonus={"5A": 5, "4A": 3},
            incubation_support="",
            **common,
        )
        call_criteria_set(call=open_call, by=staff[PurchaserKind.BUREAU], criteria=CRITERIA)
        call_publish(call=open_call, by=staff[PurchaserKind.BUREAU])
        review_call = call_save(
            unit=street,
            by=staff[PurchaserKind.STREET],
            kind=CallKind.PURCHASE,
            title="古美路街道青少年课后服务项目",
            category=ServiceCategory.CHILDREN,
            description="为辖区双职工家庭子女提供课后看护、作业辅导和兴趣活动。",
            budget=Decimal("160000"),
            max_per_project=Decimal("80000"),
            service_start=today + datetime.timedelta(days=30),
            service_end=today + datetime.timedelta(days=395),
            deadline=now + datetime.timedelta(days=10),
            min_years_registered=1,
            grade_bonus={},
            incubation_support="",
            **common,
        )
        call_criteria_set(call=review_call, by=staff[PurchaserKind.STREET], criteria=CRITERIA)
        call_publish(call=review_call, by=staff[PurchaserKind.STREET])
        return {"draft": venture, "open": open_call, "review": review_call}

    def applications(self, applicant, minhang, staff, calls):
        candidates = Organization.objects.filter(jurisdiction=minhang, status="normal").order_by("pk")[:400]
        open_call, review_call = calls["open"], calls["review"]
        # The demo register records no annual inspection results: the applicants passed their last one.
        Organization.objects.filter(pk__in=[org.pk for org in candidates]).update(last_inspection_result="passed")
        candidates = list(Organization.objects.filter(pk__in=[org.pk for org in candidates]).order_by("pk"))
        eligible = [org for org in candidates if not call_eligibility(org, open_call)][:2]
        ineligible = next((org for org in candidates if call_eligibility(org, open_call)), None)
        if len(eligible) < 2 or ineligible is None:
            raise CommandError(_("演示登记簿中没有合适的申报组织。"))
        for organization in (*eligible, ineligible):
            assign_perm("registry.manage_organization", applicant, organization)
        for organization, call in ((eligible[0], open_call), (ineligible, open_call), (eligible[1], review_call)):
            application = application_save(
                call=call,
                organization=organization,
                by=applicant,
                project_name=f"{organization.name[-8:]}·{call.get_category_display()}项目",
                plan="一、需求分析\n二、服务内容和进度安排\n三、预期成效和评估方式",
                beneficiaries="辖区独居、高龄老人" if call == open_call else "辖区双职工家庭子女",
                beneficiary_count=120,
                budget_lines=BUDGET if call == open_call else BUDGET[:2],
                team=[
                    {"name": "王晓明", "role": "项目负责人", "qualification": "中级社会工作师"},
                    {"name": "李娜", "role": "社工", "qualification": "助理社会工作师"},
                ],
            )
            purchase_application_send(application=application, by=applicant)
        # The street's call: its application passed the eligibility check, then the deadline passed and the call
        # was closed for review (the demo moves the deadline back to get there today).
        street_staff = staff[PurchaserKind.STREET]
        task = Task.objects.get(
            process__bureauprocess__purchase_application__call=review_call,
            flow_task_type="HUMAN",
            status=STATUS.NEW,
        )
        officer_task_complete(
            task=task,
            by=street_staff,
            decide=lambda application: application_eligibility_decide(
                application=application, by=street_staff, eligible=True, reasons=[]
            ),
        )
        ServiceCall.objects.filter(pk=review_call.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
        review_call.refresh_from_db()
        call_close(call=review_call, by=street_staff)
