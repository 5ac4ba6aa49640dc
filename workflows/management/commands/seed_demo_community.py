"""Demo data of community group filing: streets and towns of the demo districts, a street officer, and the demo
applicant's groups at every stage (filed, some guided by a hub organization; submitted; returned; cancelled;
moved up to registration and registered)."""

import datetime
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import OrgStatus, OrgType
from registry.management.commands.seed_demo import DEMO_DEVICE_NAME, DEMO_PASSWORD
from registry.models import (
    CommunityActivityReport,
    CommunityGroup,
    Jurisdiction,
    Organization,
    Subdistrict,
    SubdistrictOfficer,
)
from registry.services.application_checks import required_documents
from registry.services.application_drafts import application_update, document_attach, officers_replace
from registry.services.application_review import application_accept, application_approve, application_review
from registry.services.community import community_group_cancel, community_group_save
from registry.services.community_registration import community_group_move_up
from registry.services.register import organization_register
from workflows.engine.runner import officer_task_complete
from workflows.flows.community_filing.services import community_filing_decide, community_filing_submit
from workflows.flows.registration.services import registration_submit
from workflows.management.commands.seed_demo_applications import demo_pdf

# (code, name, kind) of streets and towns of the demo districts (乡镇级区划代码).
DEMO_SUBDISTRICTS = {
    "310112": [
        ("310112001", "江川路街道", "street"),
        ("310112006", "古美街道", "street"),
        ("310112008", "新虹街道", "street"),
        ("310112101", "莘庄镇", "town"),
        ("310112102", "七宝镇", "town"),
        ("310112108", "梅陇镇", "town"),
        ("310112114", "浦江镇", "town"),
    ],
    "310117": [
        ("310117001", "岳阳街道", "street"),
        ("310117003", "方松街道", "street"),
        ("310117101", "泗泾镇", "town"),
        ("310117106", "九亭镇", "town"),
    ],
    "310151": [
        ("310151101", "城桥镇", "town"),
        ("310151102", "堡镇", "town"),
        ("310151103", "新河镇", "town"),
    ],
}
# (username, real name, street code)
DEMO_STREET_OFFICERS = [
    ("gm_officer", "古美街道社区服务办", "310112006"),
    ("sj_street", "泗泾镇社区管理办", "310117101"),
]
# name, field, activity area, members, guiding committee (or None: the hub), what the demo does with it
DEMO_GROUPS = [
    ("古美街道夕阳红舞蹈队", "culture", "古美一村居委会辖区", 24, "古美一村居民委员会", "filed"),
    ("古美街道邻里互助服务队", "service", "古美二村、三村居委会辖区", 36, None, "filed"),
    ("古美街道乐龄书画社", "culture", "古美街道辖区", 18, None, "filed"),
    ("古美街道绿色家园志愿服务队", "charity", "平南一村居委会辖区", 15, "平南一村居民委员会", "submitted"),
    ("古美街道健步走协会", "sport", "古美街道辖区", 12, "古美四村居民委员会", "returned"),
    ("古美街道象棋队", "sport", "古美五村居委会辖区", 11, "古美五村居民委员会", "cancelled"),
    ("古美街道社区睦邻服务队", "service", "古美街道辖区", 56, "古美西村居民委员会", "moved_up"),
]
# The name the moved-up group registers under (an association's name: area, field, 协会).
MOVED_UP_NAME = "上海市闵行区古美社区睦邻服务协会"
MOVED_UP_REPRESENTATIVE = ("周慧敏", "310112196805120044")
CHARTER = (
    "本组织以服务社区居民、丰富社区生活为宗旨，成员自愿加入、自愿退出；负责人由成员大会推选产生，任期三年；"
    "活动经费来源于居委会支持和成员自愿捐助，收支向成员公开。"
)


class Command(BaseCommand):
    help = _("生成社区社会组织备案的演示数据（已存在则跳过）。")

    def handle(self, *args, **options):
        for code, rows in DEMO_SUBDISTRICTS.items():
            district = Jurisdiction.objects.filter(code=code).first()
            if district is None:
                continue
            for sub_code, name, kind in rows:
                Subdistrict.objects.get_or_create(
                    code=sub_code, defaults={"name": name, "kind": kind, "district": district}
                )
        User = get_user_model()
        officers = {}
        for username, real_name, code in DEMO_STREET_OFFICERS:
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": real_name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = True
                user.email = f"{username}@example.org"
                user.save()
                TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": DEMO_DEVICE_NAME})
            SubdistrictOfficer.objects.get_or_create(user=user, subdistrict=Subdistrict.objects.get(code=code))
            officers[code] = user
        applicant = User.objects.filter(username="applicant").first()
        if applicant is None or CommunityGroup.objects.exists():
            self.stdout.write(_("社区社会组织演示数据已存在或缺少演示申请人，跳过。"))
            return
        street = Subdistrict.objects.get(code="310112006")
        officer = officers["310112006"]
        # The hub (枢纽型): a federation of the district when the demo register has one, else its first association.
        associations = Organization.objects.filter(
            jurisdiction__code="310112",
            status=OrgStatus.NORMAL,
            uscc__isnull=False,
            org_type=OrgType.SOCIAL_ASSOCIATION,
        ).order_by("pk")
        hub = associations.filter(name__endswith="联合会").first() or associations.first()
        last_year = timezone.localdate().year - 1
        for name, field, area, members, committee, stage in DEMO_GROUPS:
            with transaction.atomic():
                guiding = {"guiding_kind": "residents", "guiding_unit_name": committee or "", "hub": None}
                if committee is None and hub is not None:
                    guiding = {"guiding_kind": "hub", "guiding_unit_name": "", "hub": hub}
                elif committee is None:
                    guiding = {"guiding_kind": "residents", "guiding_unit_name": "古美一村居民委员会", "hub": None}
                group = community_group_save(
                    by=applicant,
                    subdistrict=street,
                    name=name,
                    field=field,
                    activity_area=area,
                    member_count=members,
                    responsible_name="王晓明",
                    responsible_id_number="11010519491231002X",
                    responsible_phone="13800138000",
                    charter_summary=CHARTER,
                    **guiding,
                )
                group = community_filing_submit(group=group, by=applicant)
                if stage == "submitted":
                    continue
                if stage == "returned":
                    community_filing_decide(
                        group=group,
                        by=officer,
                        decision="return",
                        reasons=_("成员名册中有3人不在本街道居住；请补充章程中的经费管理办法。"),
                    )
                    continue
                group = community_filing_decide(group=group, by=officer, decision="file")
                # The demo's older filings: filed last spring, so last year's activity report is due.
                CommunityGroup.objects.filter(pk=group.pk).update(filed_on=datetime.date(last_year, 4, 15))
                group.refresh_from_db()
                if stage == "cancelled":
                    community_group_cancel(group=group, by=officer, reason=_("连续两年未开展活动，经核实已自行解散。"))
                elif stage == "moved_up":
                    application = community_group_move_up(
                        group=group, by=applicant, org_type=OrgType.SOCIAL_ASSOCIATION, create_token=uuid.uuid4()
                    )
                    self.register(application, applicant)
                elif field == "culture" and committee:
                    CommunityActivityReport.objects.create(
                        group=group,
                        year=last_year,
                        activity_count=48,
                        activities=_("每周两次排练；参加街道迎新春文艺汇演；为敬老院演出四场。"),
                        member_count=members,
                        funds_received=Decimal("3000.00"),
                        funds_sources=_("居委会活动经费"),
                        submitted_by=applicant,
                    )
        self.stdout.write(_("已生成 %(n)d 个社区社会组织演示备案。") % {"n": len(DEMO_GROUPS)})

    def register(self, application, applicant):
        """The moved-up group completes its pre-filled application and the bureau registers it through the
        registration process's steps (受理, 审查, 核准, 发证), as the demo's other applications go."""
        User = get_user_model()
        officers = {name: User.objects.get(username=name) for name in ("mh_window", "mh_reviewer", "mh_approver")}
        application = application_update(
            application=application,
            by=applicant,
            name=MOVED_UP_NAME,
            domicile="上海市闵行区古美路1195号",
            activity_area="上海市闵行区古美街道",
            registered_funds=Decimal("50000"),
            contact_phone="021-64120000",
            # The team leader who filed the group leads other demo associations: the members chose another.
            legal_rep_name=MOVED_UP_REPRESENTATIVE[0],
            legal_rep_id_number=MOVED_UP_REPRESENTATIVE[1],
        )
        officers_replace(
            application=application,
            by=applicant,
            officers=[
                {
                    "position": "会长",
                    "name": MOVED_UP_REPRESENTATIVE[0],
                    "id_number": MOVED_UP_REPRESENTATIVE[1],
                    "full_time": False,
                }
            ],
        )
        application.refresh_from_db()
        for requirement in required_documents(application):
            document_attach(
                application=application,
                requirement=requirement,
                uploaded=SimpleUploadedFile(f"{requirement.code}.pdf", demo_pdf()),
                by=applicant,
            )
        registration_submit(application=application, by=applicant, declared=True)
        steps = (
            ("mh_window", lambda a, by: application_accept(application=a, by=by)),
            (
                "mh_reviewer",
                lambda a, by: application_review(application=a, by=by, opinion=_("材料齐全，符合登记条件。")),
            ),
            (
                "mh_approver",
                lambda a, by: application_approve(application=a, by=by, reason=_("符合登记条件，准予登记。")),
            ),
            ("mh_window", lambda a, by: organization_register(application=a, by=by)),
        )
        for username, decide in steps:
            task = Task.objects.get(
                process__bureauprocess__application=application, flow_task_type="HUMAN", status=STATUS.NEW
            )
            officer = officers[username]
            officer_task_complete(
                task=task, by=officer, decide=lambda a, decide=decide, officer=officer: decide(a, officer)
            )
