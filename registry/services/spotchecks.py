"""Random spot-check campaigns (双随机一公开): create, draw, publish the plan, record results, publish them."""

import datetime
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import SUPERVISION_ROLES, OfficerRole, OrgStatus
from registry.models import (
    CampaignStatus,
    CheckResult,
    InspectorConflict,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    SpotCheck,
    SpotCheckCampaign,
    SupervisionFile,
    SupervisionSource,
)
from registry.rules.spotchecks import (
    MIN_INSPECTORS_PER_CHECK,
    DrawError,
    draw,
    list_hash,
    periodic_minimum,
    periodic_percent,
    sample_count,
)
from registry.selectors import campaign_candidates
from registry.services import guards, policy
from registry.services.supervision import NOT_SUPERVISOR, rectification_order, refer_for_case, stored_uploads

SEED_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,64}$")


def campaign_create(
    *,
    by,
    jurisdiction: Jurisdiction,
    name: str,
    year: int,
    org_type: str = "",
    org_status: str = OrgStatus.NORMAL,
    grade: str = "",
    last_inspection_result: str = "",
    founded_before: datetime.date | None = None,
    sample_size: int | None = None,
    sample_percent: int | None = None,
    inspectors_per_check: int = MIN_INSPECTORS_PER_CHECK,
    periodic: bool = False,
) -> SpotCheckCampaign:
    """Create a campaign over the bureau's register; nothing is drawn yet.

    At least 2 inspectors check each organization on site; a periodic campaign draws at least the bureau's
    share of its register (抽查暂行办法: 3% county/district, 4% city, 5% province).
    """
    policy.require_role(by, jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    share = periodic_share(jurisdiction)
    if periodic and sample_percent is not None and sample_percent < share:
        raise ValidationError({"sample_percent": _periodic_message(share, register_size(jurisdiction))})
    campaign = SpotCheckCampaign(
        jurisdiction=jurisdiction,
        name=name.strip(),
        year=year,
        org_type=org_type,
        org_status=org_status,
        grade=grade,
        last_inspection_result=last_inspection_result,
        founded_before=founded_before,
        sample_size=sample_size,
        sample_percent=sample_percent,
        inspectors_per_check=inspectors_per_check,
        periodic=periodic,
        created_by=by,
    )
    campaign.full_clean()
    with transaction.atomic():
        campaign.save()
    return campaign


def periodic_share(jurisdiction: Jurisdiction) -> int:
    """The percentage of its register a periodic campaign of `jurisdiction` draws: the setting, never below the law."""
    configured = settings.REGISTRY["SPOT_CHECK_PERIODIC_PERCENT"].get(jurisdiction.level)
    return periodic_percent(jurisdiction.level, configured)


def register_size(jurisdiction: Jurisdiction) -> int:
    """How many organizations the bureau has on its register (registered and not ended)."""
    return Organization.objects.filter(jurisdiction=jurisdiction, status=OrgStatus.NORMAL).count()


def _periodic_message(percent: int, size: int) -> str:
    return _("定期抽查的抽取数量不得少于本机关登记的社会组织总数的%(percent)d%%（%(size)d个中至少%(minimum)d个）。") % {
        "percent": percent,
        "size": size,
        "minimum": periodic_minimum(size, percent=percent),
    }


CAMPAIGN_FIELDS = (
    "name",
    "year",
    "org_type",
    "org_status",
    "grade",
    "last_inspection_result",
    "founded_before",
    "sample_size",
    "sample_percent",
    "inspectors_per_check",
    "periodic",
)


def campaign_update(*, campaign: SpotCheckCampaign, by, **fields) -> SpotCheckCampaign:
    """Change a campaign's conditions before its plan is public; a draw already made is discarded with them."""
    policy.require_role(by, campaign.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"not a campaign field: {sorted(unknown)}")
    with transaction.atomic():
        locked = guards.locked(campaign, "jurisdiction")
        if not locked.is_editable:
            raise ValidationError(_("抽查计划已公布或抽查已取消，不能再修改。"))
        for field, value in fields.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        locked.full_clean()
        if locked.status == CampaignStatus.DRAWN:
            _discard_draw(locked)
        locked.save()
    return locked


def campaign_cancel(*, campaign: SpotCheckCampaign, by, reason: str) -> SpotCheckCampaign:
    """Call off a campaign whose plan is not public yet (e.g. its draw cannot be made); the reason is kept."""
    policy.require_role(by, campaign.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请写明取消抽查的理由。"))
    with transaction.atomic():
        locked = guards.locked(campaign, "jurisdiction")
        if not locked.is_editable:
            raise ValidationError(_("抽查计划已公布或抽查已取消，不能取消。"))
        _discard_draw(locked)
        locked.status, locked.cancelled_on, locked.cancel_reason = (
            CampaignStatus.CANCELLED,
            timezone.localdate(),
            reason[:200],
        )
        locked.save()
    return locked


def _discard_draw(campaign: SpotCheckCampaign) -> None:
    """Forget an unpublished draw: its organizations and inspectors, its seed and fingerprints."""
    campaign.checks.all().delete()
    campaign.seed, campaign.candidate_count, campaign.candidate_hash, campaign.inspector_hash = "", None, "", ""
    campaign.drawn_at, campaign.drawn_by = None, None
    campaign.status = CampaignStatus.DRAFT


def inspector_shortfall(*, jurisdiction: Jurisdiction, per_check: int) -> int:
    """How many inspectors the bureau lacks to send `per_check` to each organization (0 when it has enough)."""
    return max(0, per_check - len(inspector_roster(jurisdiction)))


def inspector_roster(jurisdiction: Jurisdiction) -> list[int]:
    """Ids of the bureau's inspectors (年检监管岗): the roster the inspectors are drawn from."""
    return sorted(
        set(
            OfficerAssignment.objects.filter(
                jurisdiction=jurisdiction, role=OfficerRole.INSPECTOR, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    )


def campaign_draw(*, campaign: SpotCheckCampaign, by, seed: str = "") -> SpotCheckCampaign:
    """Draw the organizations and their inspectors from `seed` (a new random one if none is given).

    The seed and fingerprints of both lists are recorded; the same seed over the same lists gives the same
    draw. The draw may be repeated until the plan is published, then it is locked.
    """
    policy.require_role(by, campaign.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    seed = seed.strip() or secrets.token_hex(16)
    if not SEED_PATTERN.match(seed):
        raise ValidationError(_("随机种子只能由字母、数字和连字符组成，最长64位。"))
    with transaction.atomic():
        locked = guards.locked(campaign, "jurisdiction")
        if locked.status == CampaignStatus.CANCELLED:
            raise ValidationError(_("该抽查已取消，不能抽取。"))
        if locked.is_locked:
            raise ValidationError(_("抽查计划已公布，抽取结果已锁定，不能重新抽取。"))
        candidates = list(campaign_candidates(locked).values_list("id", flat=True))
        count = sample_count(len(candidates), size=locked.sample_size, percent=locked.sample_percent)
        if count == 0:
            raise ValidationError(_("筛选条件下没有可抽取的社会组织。"))
        if locked.periodic:
            percent, size = periodic_share(locked.jurisdiction), register_size(locked.jurisdiction)
            if count < periodic_minimum(size, percent=percent):
                raise ValidationError(_periodic_message(percent, size))
        if locked.inspectors_per_check < MIN_INSPECTORS_PER_CHECK:
            raise ValidationError(_("现场检查的检查人员不得少于%(count)d人。") % {"count": MIN_INSPECTORS_PER_CHECK})
        inspectors = inspector_roster(locked.jurisdiction)
        conflicts = InspectorConflict.objects.filter(
            inspector_id__in=inspectors, organization_id__in=candidates
        ).values_list("inspector_id", "organization_id")
        try:
            drawn = draw(
                seed=seed,
                candidates=candidates,
                inspectors=inspectors,
                count=count,
                per_check=locked.inspectors_per_check,
                conflicts=list(conflicts),
            )
        except DrawError as exc:
            raise ValidationError(
                _("检查人员不足：本机关共有 %(count)d 名检查人员，回避后不足以为每个组织安排 %(per)d 名。")
                % {"count": len(inspectors), "per": locked.inspectors_per_check}
            ) from exc
        locked.checks.all().delete()
        for position, drawn_check in enumerate(drawn, start=1):
            check = SpotCheck.objects.create(
                campaign=locked, position=position, organization_id=drawn_check.organization_id
            )
            check.inspectors.set(drawn_check.inspector_ids)
        locked.seed = seed
        locked.candidate_count = len(candidates)
        locked.candidate_hash = list_hash(candidates)
        locked.inspector_hash = list_hash(inspectors)
        locked.drawn_at, locked.drawn_by = timezone.now(), by
        locked.status = CampaignStatus.DRAWN
        locked.save()
    return locked


def campaign_publish_plan(*, campaign: SpotCheckCampaign, by) -> SpotCheckCampaign:
    """Publish the plan (抽查计划): the campaign and the organizations drawn; the draw is locked from now on."""
    policy.require_role(by, campaign.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    with transaction.atomic():
        locked = guards.locked(campaign, "jurisdiction")
        if locked.status != CampaignStatus.DRAWN:
            raise ValidationError(_("请先抽取抽查对象；已公布的计划不能重复公布。"))
        locked.status, locked.plan_published_on = CampaignStatus.PLAN_PUBLISHED, timezone.localdate()
        locked.save(update_fields=["status", "plan_published_on"])
    return locked


def check_record(
    *,
    check: SpotCheck,
    by,
    result: str,
    findings: str,
    checked_on: datetime.date | None = None,
    uploads=(),
    rectification_requirements: str = "",
    rectification_days: int | None = None,
    referral_facts: str = "",
) -> SpotCheck:
    """Record what the check found (合格 / 责令整改 / 移送立案); a rectification or a referral follows from it.

    Any supervision officer of the bureau may ask; of them, the inspectors drawn for this organization and the
    section head may record.
    """
    policy.require_role(by, check.campaign.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    findings = findings.strip()
    if result not in CheckResult.values:
        raise ValidationError(_("请选择检查结果。"))
    if not findings:
        raise ValidationError(_("请填写检查情况。"))
    today = timezone.localdate()
    checked_on = checked_on or today
    if checked_on > today:
        raise ValidationError(_("检查日期不能晚于今天。"))
    with stored_uploads(uploads) as files, transaction.atomic():
        locked = guards.locked(check, "campaign__jurisdiction", "organization__jurisdiction")
        campaign = locked.campaign
        if not (policy.is_section_head(by, campaign.jurisdiction) or locked.inspectors.filter(pk=by.pk).exists()):
            raise PermissionDenied(_("只有抽取到该组织的检查人员或科长可以记录检查结果。"))
        if campaign.status != CampaignStatus.PLAN_PUBLISHED:
            raise ValidationError(_("抽查计划公布后、结果公布前才能记录检查结果。"))
        if locked.result:
            raise ValidationError(_("该组织的检查结果已经记录。"))
        if checked_on < campaign.plan_published_on:
            raise ValidationError(_("检查日期不能早于抽查计划公布日期。"))
        locked.result, locked.findings, locked.checked_on, locked.recorded_by = result, findings, checked_on, by
        locked.save(update_fields=["result", "findings", "checked_on", "recorded_by"])
        for record in files:
            SupervisionFile.objects.create(spot_check=locked, **record)
        reference = f"{campaign.reference}-{locked.position:03d}"
        if result == CheckResult.RECTIFY:
            rectification_order(
                organization=locked.organization,
                source=SupervisionSource.SPOT_CHECK,
                spot_check=locked,
                requirements=rectification_requirements or findings,
                days=rectification_days,
                by=by,
            )
        elif result == CheckResult.REFER:
            refer_for_case(
                organization=locked.organization,
                source=SupervisionSource.SPOT_CHECK,
                source_reference=reference,
                facts=referral_facts or findings,
                by=by,
            )
    return locked


def campaign_publish_results(*, campaign: SpotCheckCampaign, by) -> SpotCheckCampaign:
    """Publish the results (抽查结果) once every drawn organization has been checked."""
    policy.require_role(by, campaign.jurisdiction, *SUPERVISION_ROLES, message=NOT_SUPERVISOR)
    with transaction.atomic():
        locked = guards.locked(campaign, "jurisdiction")
        if locked.status != CampaignStatus.PLAN_PUBLISHED:
            raise ValidationError(_("抽查计划尚未公布，或结果已经公布。"))
        pending = locked.checks.filter(result="").count()
        if pending:
            raise ValidationError(_("还有 %(count)d 个组织未记录检查结果。") % {"count": pending})
        locked.status, locked.results_published_on = CampaignStatus.RESULTS_PUBLISHED, timezone.localdate()
        locked.save(update_fields=["status", "results_published_on"])
    return locked
