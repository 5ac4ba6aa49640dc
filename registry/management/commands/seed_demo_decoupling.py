"""Demo decoupling and party building: Minhang's industry associations at each stage of decoupling (one fully
decoupled, one waiting for verification with an item returned, one not started) and party-building records with
and without complete 双报到."""

import datetime
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm
from pypdf import PdfWriter

from registry.models import Decoupling, Jurisdiction, Organization, PartyBuilding
from registry.rules.decoupling import Separation
from registry.selectors.decoupling import industry_associations
from registry.services.decoupling import decoupling_item_return, decoupling_item_submit, decoupling_item_verify
from registry.services.party_building import party_building_update

STATEMENTS = {
    Separation.INSTITUTION: "已取消与区商务委员会的主管关系，改为直接登记，办公场所另行租赁。",
    Separation.FUNCTIONS: "原承担的行业统计和评比职能已交还主管部门，章程相应修改。",
    Separation.ASSETS: "已开立独立基本存款账户，财务与主管部门分开核算，国有资产已清查移交。",
    Separation.PERSONNEL: "在职公务员已全部辞去兼职，工作人员由本会自主聘用。",
    Separation.PARTY_AFFAIRS: "党组织关系已转入区社会组织综合党委，外事事项按规定另行管理。",
}


def _pdf(title: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue())


def seed_decoupling(*, representative, officer, minhang) -> int:
    """Three industry associations: decoupled; in progress (three verified, one waiting, one returned); untouched."""
    associations = list(industry_associations([minhang]).order_by("pk")[:3])
    for association in associations:
        assign_perm("registry.manage_organization", representative, association)
    if not associations:
        return 0
    plans = [list(Separation), list(Separation), []]
    for association, separations in zip(associations, plans, strict=False):
        for separation in separations:
            decoupling_item_submit(
                organization=association,
                separation=separation,
                description=STATEMENTS[separation],
                uploads=[_pdf(str(separation.label))],
                by=representative,
            )
    first = Decoupling.objects.get(organization=associations[0])
    for item in first.items.all():
        decoupling_item_verify(item=item, by=officer)
    if len(associations) > 1:
        second = Decoupling.objects.get(organization=associations[1])
        items = {item.separation: item for item in second.items.all()}
        for separation in (Separation.INSTITUTION, Separation.FUNCTIONS, Separation.PERSONNEL):
            decoupling_item_verify(item=items[separation], by=officer)
        decoupling_item_return(item=items[Separation.ASSETS], reason="缺少独立账户的开户许可证，请补充。", by=officer)
    return len(associations)


def seed_party_building(*, officer, minhang) -> int:
    """Party-building records of a few Minhang organizations: covered, half reported, none yet, joint."""
    organizations = list(Organization.objects.filter(jurisdiction=minhang, status="normal").order_by("pk")[:8])
    day = datetime.date.today().replace(month=1, day=1) - datetime.timedelta(days=200)
    plans = [
        ("own", 5, day, day + datetime.timedelta(days=7)),
        ("own", 3, day, None),
        ("joint", 1, day + datetime.timedelta(days=30), day + datetime.timedelta(days=30)),
        ("functional", 2, None, None),
        ("none", 1, None, None),
        ("own", 8, day + datetime.timedelta(days=60), day + datetime.timedelta(days=61)),
    ]
    for organization, (kind, members, community, committee) in zip(organizations, plans, strict=False):
        party_building_update(
            organization=organization,
            by=officer,
            kind=kind,
            members=members,
            instructor_name="" if kind == "own" else "王建国",
            instructor_unit="" if kind == "own" else "闵行区社会组织综合党委",
            instructor_phone="" if kind == "own" else "021-64120000",
            community_reported_on=community,
            committee_reported_on=committee,
        )
    return min(len(organizations), len(plans))


class Command(BaseCommand):
    help = _("生成脱钩和党建演示数据：处于各阶段的行业协会商会和有无双报到的党建记录（已存在则跳过）。")

    def handle(self, *args, **options):
        if Decoupling.objects.exists() or PartyBuilding.objects.exists():
            self.stdout.write(_("演示脱钩和党建数据已存在，跳过。"))
            return
        User = get_user_model()
        try:
            officer = User.objects.get(username="mh_approver")
        except User.DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        representative = User.objects.filter(username="applicant").first()
        minhang = Jurisdiction.objects.get(code="310112")
        with transaction.atomic():
            associations = (
                seed_decoupling(representative=representative, officer=officer, minhang=minhang)
                if representative
                else 0
            )
            records = seed_party_building(officer=officer, minhang=minhang)
        self.stdout.write(
            _("已生成 %(a)d 个行业协会商会的脱钩记录和 %(p)d 条党建记录。") % {"a": associations, "p": records}
        )
