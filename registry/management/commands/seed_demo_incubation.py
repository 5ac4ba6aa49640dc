"""Demo incubation: the district's public-welfare park and a town's service centre, with incubatees in each state
(a registered organization, a filed community group and informal teams incubating; graduations as registered,
filed and left), the services they received, and a demo registration application linked to its incubatee."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.models import (
    ApplicationKind,
    ApplicationStatus,
    CommunityGroup,
    CommunityGroupStatus,
    IncubationBase,
    Jurisdiction,
    Organization,
    RegistrationApplication,
    Subdistrict,
)
from registry.services.incubation import (
    incubation_admit,
    incubation_graduate,
    incubation_link_application,
    incubation_service_log,
)

# The town of the demo's town centre (乡镇级区划代码, GB/T 10114); created if the filing demo has not made it.
TOWN_CODE, TOWN_NAME = "310112102", "七宝镇"


def _group(subdistrict, applicant, *, name, number, field="culture"):
    """A community group filed with the town (备案), made once."""
    group, _created = CommunityGroup.objects.get_or_create(
        subdistrict=subdistrict,
        name=name,
        defaults={
            "field": field,
            "activity_area": _("七宝镇辖区"),
            "member_count": 15,
            "responsible_name": "周敏",
            "responsible_id_number": "110105198501010039",
            "responsible_phone": "13800005555",
            "guiding_kind": "residents",
            "guiding_unit_name": _("七宝镇七宝老街居委会"),
            "charter_summary": _("组织居民开展社区文化和志愿服务活动。"),
            "status": CommunityGroupStatus.FILED,
            "filing_number": number,
            "filed_on": timezone.localdate() - datetime.timedelta(days=400),
            "applicant": applicant,
        },
    )
    return group


def seed_incubation(*, officer, applicant) -> int:
    """Write the demo's incubation; return the number of admissions made."""
    today = timezone.localdate()
    minhang = Jurisdiction.objects.get(code="310112")
    town, _created = Subdistrict.objects.get_or_create(
        code=TOWN_CODE, defaults={"name": TOWN_NAME, "kind": "town", "district": minhang}
    )
    organizations = Organization.objects.filter(jurisdiction=minhang, status=OrgStatus.NORMAL).order_by("-founded_on")
    operator = organizations.filter(name__endswith="中心").first()
    young, registered = list(organizations.exclude(pk=getattr(operator, "pk", None))[:2])
    park = IncubationBase.objects.create(
        name=_("闵行区公益园"),
        kind="park",
        jurisdiction=minhang,
        address=_("上海市闵行区莘庄镇莘建路188号"),
        capacity=20,
        operator=operator,
    )
    centre = IncubationBase.objects.create(
        name=_("七宝镇社会组织服务中心"),
        kind="town_centre",
        jurisdiction=minhang,
        subdistrict=town,
        address=_("上海市闵行区七宝镇七莘路3655号"),
        capacity=8,
    )

    def days_ago(days):
        return today - datetime.timedelta(days=days)

    def admit(base, admitted, **incubatee):
        return incubation_admit(
            base=base,
            by=officer,
            field=incubatee.pop("field", "service"),
            admitted_on=days_ago(admitted),
            planned_graduation_on=days_ago(admitted) + datetime.timedelta(days=365),
            **incubatee,
        )

    def serve(admission, kind, ago, hours, provider, note=""):
        incubation_service_log(
            admission=admission,
            by=officer,
            kind=kind,
            provided_on=days_ago(ago),
            hours=Decimal(hours),
            provider=provider,
            note=note,
        )

    # The park: an informal team and a young organization incubating; a team registered, one that left.
    team = admit(park, 90, group_name=_("闵行区青年公益创客团队"), contact_name="陈静", contact_phone="13800001111")
    serve(team, "training", 80, "6", _("闵行区社会组织服务中心"), _("社会组织登记政策与章程起草"))
    serve(team, "mentoring", 40, "4", _("李老师（社工督导）"))
    serve(team, "space", 30, "40", _("闵行区公益园"), _("共享办公工位"))
    incubatee = admit(park, 200, organization=young)
    serve(incubatee, "bookkeeping", 150, "12", _("上海某会计师事务所"), _("代理记账"))
    serve(incubatee, "capacity", 60, "8", _("闵行区公益园"), _("项目设计与公益创投申报"))
    earlier = admit(park, 500, group_name=_("莘庄社区助老服务队"), contact_name="王芳", contact_phone="13800002222")
    serve(earlier, "training", 450, "10", _("闵行区社会组织服务中心"))
    incubation_graduate(
        admission=earlier, by=officer, outcome="registered", graduated_on=days_ago(120), outcome_organization=registered
    )
    left = admit(park, 420, group_name=_("春申亲子阅读小组"), contact_name="赵磊", contact_phone="13800003333")
    incubation_graduate(
        admission=left,
        by=officer,
        outcome="left",
        graduated_on=days_ago(200),
        left_reason=_("骨干成员搬离社区，团队解散。"),
    )

    # The town centre: a filed group and an informal team incubating; a team that was filed.
    filed = _group(town, applicant, name=_("七宝老街文化志愿队"), number="MH-QB-2025-001")
    in_centre = admit(centre, 150, community_group=filed, field="culture")
    serve(in_centre, "space", 100, "16", _("七宝镇社会组织服务中心"), _("活动室"))
    admit(centre, 30, group_name=_("七宝镇睦邻健身队"), contact_name="孙丽", contact_phone="13800004444", field="sport")
    was_team = admit(centre, 380, group_name=_("七宝镇邻里调解小组"), contact_name="吴强", contact_phone="13800006666")
    serve(was_team, "mentoring", 300, "6", _("七宝镇人民调解委员会"))
    became = _group(town, applicant, name=_("七宝镇邻里调解小组"), number="MH-QB-2025-007", field="affairs")
    incubation_graduate(
        admission=was_team, by=officer, outcome="filed", graduated_on=days_ago(60), outcome_group=became
    )

    # A demo registration application of Minhang, linked to the team incubating at the park.
    application = (
        RegistrationApplication.objects.filter(
            jurisdiction=minhang,
            kind__in=[ApplicationKind.REGISTRATION, ApplicationKind.ESTABLISHMENT],
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED],
        )
        .order_by("pk")
        .first()
    )
    if application is not None:
        incubation_link_application(admission=team, by=officer, reference=application.reference)
    return park.admissions.count() + centre.admissions.count()


class Command(BaseCommand):
    help = _("生成孵化演示数据：区公益园和镇社会组织服务中心，各状态的入驻组织、孵化服务和出壳记录（已存在则跳过）。")

    def handle(self, *args, **options):
        if IncubationBase.objects.exists():
            self.stdout.write(_("演示孵化数据已存在，跳过。"))
            return
        User = get_user_model()
        try:
            officer = User.objects.get(username="mh_reviewer")
            applicant = User.objects.get(username="applicant")
        except User.DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        if Organization.objects.filter(jurisdiction__code="310112", status=OrgStatus.NORMAL).count() < 3:
            raise CommandError(_("请先运行 seed_demo 生成演示社会组织。"))
        with transaction.atomic():
            count = seed_incubation(officer=officer, applicant=applicant)
        self.stdout.write(_("已生成孵化演示数据：2个孵化基地，%(count)d条入驻记录。") % {"count": count})
