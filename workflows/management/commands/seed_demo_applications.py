"""Put a few registration applications of the demo applicant at different steps, so every inbox has work."""

import io
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from pypdf import PdfWriter
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import DirectCategory, OrgType
from registry.models import Jurisdiction, RegistrationApplication
from registry.selectors import name_blocked_reasons
from registry.services.application_checks import required_documents
from registry.services.application_drafts import (
    application_start,
    application_update,
    document_attach,
    officers_replace,
)
from registry.services.application_review import application_accept, application_review
from workflows.engine.runner import officer_task_complete
from workflows.flows.registration.services import registration_submit


def demo_pdf() -> bytes:
    """A one-page PDF that opens in any reader; the demo's uploaded documents."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# trade name (字号, for 民非 and foundations), field and form, type, funds, how far the demo takes it
DEMO_APPLICATIONS = [
    ("乐龄", "社区服务中心", OrgType.SERVICE_AGENCY, Decimal("100000"), "submitted"),
    ("启明", "助学服务中心", OrgType.SERVICE_AGENCY, Decimal("200000"), "accepted"),
    ("银杏", "社区服务中心", OrgType.SERVICE_AGENCY, Decimal("80000"), "reviewed"),
    ("", "篮球运动协会", OrgType.SOCIAL_ASSOCIATION, Decimal("50000"), "draft"),
]
# Other trade names (or, for an association, brand words) when the demo register already uses one.
OTHER_TRADE_NAMES = ("晨曦", "梧桐", "映山红", "知行", "同心")


class Command(BaseCommand):
    help = _("为演示申请人生成处于不同办理环节的登记申请（已存在则跳过）。")

    def handle(self, *args, **options):
        User = get_user_model()
        applicant = User.objects.get(username="applicant")
        if RegistrationApplication.objects.filter(applicant=applicant).exists():
            self.stdout.write(_("演示申请已存在，跳过。"))
            return
        minhang = Jurisdiction.objects.get(code="310112")
        officers = {name: User.objects.get(username=name) for name in ("mh_window", "mh_reviewer")}
        for trade_name, rest, org_type, funds, stage in DEMO_APPLICATIONS:
            with transaction.atomic():
                application = self.fill(applicant, minhang, trade_name, rest, org_type, funds)
                if stage == "draft":
                    continue
                registration_submit(application=application, by=applicant, declared=True)
                if stage in ("accepted", "reviewed"):
                    self.step(
                        application,
                        officers["mh_window"],
                        lambda a, by: application_accept(application=a, by=by),
                    )
                if stage == "reviewed":
                    self.step(
                        application,
                        officers["mh_reviewer"],
                        lambda a, by: application_review(application=a, by=by, opinion=_("材料齐全，符合登记条件。")),
                    )
        self.stdout.write(_("已生成 %(n)d 件演示登记申请。") % {"n": len(DEMO_APPLICATIONS)})

    def step(self, application, officer, decide):
        task = Task.objects.get(
            process__bureauprocess__application=application, flow_task_type="HUMAN", status=STATUS.NEW
        )
        officer_task_complete(task=task, by=officer, decide=lambda a: decide(a, officer))

    def free_name(self, trade_name, rest, org_type, jurisdiction):
        """The demo name and trade name, or another trade name when the demo register already uses it."""
        area = jurisdiction.full_name
        for candidate_trade in (trade_name, *OTHER_TRADE_NAMES):
            candidate = f"{area}{candidate_trade}{rest}"
            used_trade = candidate_trade if trade_name else ""
            if not name_blocked_reasons(
                name=candidate, org_type=org_type, jurisdiction=jurisdiction, trade_name=used_trade
            ):
                return candidate, used_trade
        raise CommandError(_("演示名称均已被占用：%(name)s") % {"name": f"{area}{trade_name}{rest}"})

    def fill(self, applicant, jurisdiction, trade_name, rest, org_type, funds):
        name, trade_name = self.free_name(trade_name, rest, org_type, jurisdiction)
        application = application_start(
            applicant=applicant, org_type=org_type, jurisdiction=jurisdiction, create_token=uuid.uuid4()
        )
        application = application_update(
            application=application,
            by=applicant,
            name=name,
            trade_name=trade_name,
            domicile="上海市闵行区莘庄镇莘建路88号",
            activity_area="上海市闵行区",
            business_scope="为社区居民提供服务；开展公益活动与培训",
            registered_funds=funds,
            direct_category=DirectCategory.COMMUNITY,
            legal_rep_name="王晓明",
            legal_rep_id_number="11010519491231002X",
            individual_members=58,
            contact_phone="021-64100000",
        )
        officers_replace(
            application=application,
            by=applicant,
            officers=[{"position": "负责人", "name": "王晓明", "id_number": "11010519491231002X", "full_time": True}],
        )
        for requirement in required_documents(application):
            document_attach(
                application=application,
                requirement=requirement,
                uploaded=SimpleUploadedFile(f"{requirement.code}.pdf", demo_pdf()),
                by=applicant,
            )
        return application
