"""Demo supervision: a spot-check campaign with published results, one under way, complaints at two steps, and a
pending credit-repair application of the demo applicant's organization."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from registry.models import CheckResult, Jurisdiction, Organization, SpotCheckCampaign
from registry.rules.credit import CreditReason
from registry.services.complaints import complaint_assign, complaint_decide, complaint_submit
from registry.services.credit import credit_manual_list
from registry.services.credit_repair import credit_repair_apply
from registry.services.spotchecks import (
    campaign_create,
    campaign_draw,
    campaign_publish_plan,
    campaign_publish_results,
    check_record,
)

FINDINGS = [
    (CheckResult.PASSED, "章程、会员名册、财务账目和活动记录齐全，按章程开展活动。"),
    (CheckResult.RECTIFY, "未按章程规定召开会员大会完成换届，年度工作报告未在网站公开。"),
    (CheckResult.REFER, "涉嫌以评比达标为名向会员单位收取费用，金额较大。"),
]


class Command(BaseCommand):
    help = _(
        "生成日常监管演示数据：已公布结果的双随机抽查、正在进行的抽查、两件投诉举报和一件待审核的信用修复申请"
        "（已存在则跳过）。"
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if SpotCheckCampaign.objects.exists():
            self.stdout.write(_("演示监管数据已存在，跳过。"))
            return
        try:
            head = User.objects.get(username="mh_approver")
            inspector = User.objects.get(username="mh_reviewer")
        except User.DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 创建演示账号。")) from exc
        minhang = Jurisdiction.objects.get(code="310112")
        year = timezone.localdate().year
        with transaction.atomic():
            done = campaign_create(
                by=head,
                jurisdiction=minhang,
                name=_("%(year)d年度闵行区社会组织双随机抽查（第一批）") % {"year": year},
                year=year,
                sample_size=len(FINDINGS),
                inspectors_per_check=2,
            )
            done = campaign_publish_plan(campaign=campaign_draw(campaign=done, by=head, seed="minhang-1"), by=head)
            for check, (result, findings) in zip(done.checks.all(), FINDINGS, strict=False):
                check_record(check=check, by=inspector, result=result, findings=findings)
            campaign_publish_results(campaign=done, by=head)
            under_way = campaign_create(
                by=head,
                jurisdiction=minhang,
                name=_("%(year)d年度闵行区社会组织双随机抽查（第二批）") % {"year": year},
                year=year,
                grade="none",
                sample_percent=1,
                inspectors_per_check=2,
            )
            campaign_publish_plan(campaign=campaign_draw(campaign=under_way, by=head, seed="minhang-2"), by=head)
            subject = done.checks.order_by("position").last().organization
            complaint_submit(
                organization=subject,
                category="fees",
                description="该会以年度评比为名，要求会员单位每家缴纳“评比费”五千元，不交的不予评优。",
                anonymous=True,
            )
            accepted, _code = complaint_submit(
                organization=None,
                organization_text="闵行区某某国学研究会（未见登记）",
                jurisdiction=minhang,
                category="unregistered",
                description="有人以“国学研究会”名义在小区招收会员并收取会费，查询不到登记信息。",
                name="李华",
                mobile="13800001234",
            )
            complaint_assign(complaint=accepted, to=inspector, by=head)
            complaint_decide(complaint=accepted, accept=True, by=inspector)
            self.credit_repair(inspector)
        self.stdout.write(_("已生成演示监管数据。"))

    def credit_repair(self, inspector) -> None:
        """The demo applicant's organization, listed as unreachable, applies to be removed (awaiting a decision)."""
        applicant = get_user_model().objects.filter(username="applicant").first()
        if applicant is None:
            return
        organization = (
            get_objects_for_user(
                applicant, "registry.manage_organization", klass=Organization, accept_global_perms=False
            )
            .filter(status="normal", jurisdiction__code="310112")
            .order_by("pk")
            .first()
        )
        if organization is None:
            return
        entry = credit_manual_list(
            organization=organization,
            reason_code=CreditReason.UNREACHABLE,
            reason="两次向登记住所邮寄专用信函，均无人签收。",
            by=inspector,
        )
        credit_repair_apply(
            entry=entry,
            grounds="本会已迁入新办公地点并办理住所变更，联系电话和联系人已更新，请予移出活动异常名录。",
            by=applicant,
        )
