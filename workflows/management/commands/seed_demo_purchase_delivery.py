"""Demo delivery of purchased projects: contracts with milestones at each state, a completed project with its
final evaluation, a terminated one and one waiting for its contract (skipped when contracts exist)."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm
from pypdf import PdfWriter

from registry.management.commands.seed_demo import DEMO_PASSWORD
from registry.models import (
    CallStatus,
    Evaluator,
    Jurisdiction,
    Organization,
    ProjectContract,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    PurchaserMember,
    PurchasingUnit,
    ServiceCall,
    ServiceCategory,
    ServiceProject,
)
from registry.services import purchase_delivery as delivery
from workflows.flows.purchase_delivery import services as flow

PROJECTS = (
    ("莘庄镇独居老人探访服务", ServiceCategory.ELDERLY, Decimal("120000")),
    ("莘庄镇困境儿童课后陪伴", ServiceCategory.CHILDREN, Decimal("90000")),
    ("莘庄镇社区垃圾分类宣传", ServiceCategory.ECOLOGY, Decimal("60000")),
    ("莘庄镇助残康复服务", ServiceCategory.DISABILITY, Decimal("80000")),
    ("莘庄镇邻里互助服务", ServiceCategory.COMMUNITY, Decimal("50000")),
)


def evidence():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("服务台账.pdf", buffer.getvalue())


class Command(BaseCommand):
    help = _("生成购买服务项目实施演示数据：各状态的里程碑、已结项并评估的项目、已终止的项目（已有合同则跳过）。")

    def handle(self, *args, **options):
        User = get_user_model()
        if ProjectContract.objects.exists():
            self.stdout.write(_("演示购买服务项目已存在，跳过。"))
            return
        try:
            applicant = User.objects.get(username="applicant")
            evaluator = Evaluator.objects.get(user__username="evaluator")
        except (User.DoesNotExist, Evaluator.DoesNotExist) as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        minhang = Jurisdiction.objects.get(code="310112")
        organizations = list(
            Organization.objects.filter(jurisdiction=minhang, status="normal", on_dishonest_list=False).order_by("pk")[
                : len(PROJECTS)
            ]
        )
        if len(organizations) < len(PROJECTS):
            self.stdout.write(_("演示登记簿中的组织不足，未生成购买服务项目。"))
            return
        today = timezone.localdate()
        with transaction.atomic():
            purchaser = self.purchaser(minhang)
            unit = PurchaserMember.objects.get(user=purchaser).unit
            start = today - datetime.timedelta(days=200)
            call = ServiceCall.objects.create(
                unit=unit,
                title=_("莘庄镇%(year)d年度社区公益服务项目") % {"year": start.year},
                category=ServiceCategory.COMMUNITY,
                description=_("面向辖区居民的社区公益服务（演示数据）。"),
                budget=Decimal("500000"),
                max_per_project=Decimal("150000"),
                service_start=start,
                service_end=start + datetime.timedelta(days=364),
                deadline=timezone.now() - datetime.timedelta(days=230),
                status=CallStatus.AWARDED,
                published_at=timezone.now() - datetime.timedelta(days=260),
                created_by=purchaser,
            )
            projects = []
            for organization, (title, category, amount) in zip(organizations, PROJECTS, strict=True):
                assign_perm("registry.manage_organization", applicant, organization)
                application = PurchaseApplication.objects.create(
                    call=call,
                    organization=organization,
                    status=PurchaseApplicationStatus.AWARDED,
                    project_name=title,
                    requested_amount=amount,
                    awarded_amount=amount,
                    submitted_by=applicant,
                    submitted_at=timezone.now() - datetime.timedelta(days=235),
                )
                projects.append(
                    ServiceProject.objects.create(
                        application=application,
                        organization=organization,
                        unit=unit,
                        title=title,
                        category=category,
                        amount=amount,
                        awarded_on=start - datetime.timedelta(days=15),
                        service_start=call.service_start,
                        service_end=call.service_end,
                    )
                )
            under_way, returned, completed, terminated, _waiting = projects
            self.sign(under_way, purchaser, 3)
            self.deliver(under_way, 1, applicant, purchaser, today, pay=True)
            flow.milestone_report_send(
                milestone=under_way.milestones.get(order=2),
                by=applicant,
                text=_("完成第二阶段探访（演示数据）。"),
                uploads=[evidence()],
            )
            self.sign(returned, purchaser, 2)
            first = returned.milestones.get(order=1)
            flow.milestone_report_send(milestone=first, by=applicant, text=_("完成需求评估。"), uploads=[evidence()])
            flow.milestone_decide(milestone=first, by=purchaser, accept=False, reason=_("缺少服务对象签到表，请补充。"))
            self.sign(completed, purchaser, 2)
            midterm = delivery.project_evaluator_assign(
                project=completed, by=purchaser, stage="midterm", evaluator=evaluator
            )
            flow.evaluation_record(
                evaluation=midterm,
                by=evaluator.user,
                grade="good",
                score=Decimal("84"),
                findings=_("进度符合计划。"),
                evaluated_on=today - datetime.timedelta(days=60),
            )
            for order in (1, 2):
                self.deliver(completed, order, applicant, purchaser, today, pay=True)
            final = delivery.project_evaluator_assign(
                project=completed, by=purchaser, stage="final", evaluator=evaluator
            )
            flow.evaluation_record(
                evaluation=final,
                by=evaluator.user,
                grade="excellent",
                score=Decimal("93"),
                findings=_("服务成效显著，台账完整，居民满意度高。"),
                evaluated_on=today,  # not before the last milestone's acceptance (today)
            )
            self.sign(terminated, purchaser, 2)
            flow.project_terminate(
                project=terminated, by=purchaser, reason=_("承接组织核心人员离职，无法继续提供服务。")
            )
        self.stdout.write(
            _("演示购买服务项目：%(n)d 个；购买主体账号 purchaser（密码同其他演示账号）。") % {"n": len(projects)}
        )

    def purchaser(self, minhang):
        User = get_user_model()
        unit, _created = PurchasingUnit.objects.get_or_create(
            jurisdiction=minhang, name=_("闵行区莘庄镇人民政府"), defaults={"kind": PurchaserKind.STREET}
        )
        user, created = User.objects.get_or_create(username="purchaser", defaults={"first_name": _("莘庄镇经办人")})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.email = "purchaser@example.org"
            user.save()
        PurchaserMember.objects.get_or_create(user=user, unit=unit)
        return user

    def sign(self, project, purchaser, count):
        step = (project.service_end - project.service_start) // (count + 1)
        share = (project.amount / count).quantize(Decimal("0.01"))
        payments = [share] * (count - 1) + [project.amount - share * (count - 1)]
        flow.contract_sign(
            project=project,
            by=purchaser,
            number=f"XZ-{project.service_start.year}-{project.pk:03d}",
            signed_on=project.service_start,
            amount=project.amount,
            milestones=[
                {
                    "title": _("第%(n)d阶段服务") % {"n": n},
                    "deliverable": _("服务记录、签到表和阶段小结"),
                    "due_on": project.service_start + step * n,
                    "payment_amount": payment,
                }
                for n, payment in enumerate(payments, start=1)
            ],
        )
        project.refresh_from_db()

    def deliver(self, project, order, applicant, purchaser, today, *, pay):
        milestone = project.milestones.get(order=order)
        flow.milestone_report_send(
            milestone=milestone,
            by=applicant,
            text=_("按计划完成本阶段服务（演示数据）。"),
            uploads=[evidence()],
            today=min(milestone.due_on, today),
        )
        flow.milestone_decide(milestone=milestone, by=purchaser, accept=True)
        if pay:
            milestone.refresh_from_db()
            delivery.milestone_payment_record(
                milestone=milestone, by=purchaser, paid_on=today, amount=milestone.payment_amount
            )
