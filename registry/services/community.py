"""Filing of community social organizations (社区社会组织备案) with a street office or town.

The applicant (an individual's account) fills in and submits the filing; an officer of the street office or
town files it with a number, or returns it with reasons; the group reports its activities once a year and
may be cancelled. Each write checks who acts, locks the group's row and checks its state, so two officers
never both decide one filing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import OrgStatus
from registry.models import (
    CommunityAction,
    CommunityActivityReport,
    CommunityGroup,
    CommunityGroupEvent,
    CommunityGroupStatus,
    Organization,
    Subdistrict,
    SubdistrictOfficer,
)
from registry.rules.community import (
    filing_number,
    group_name_errors,
    guiding_unit_errors,
    member_count_errors,
    normalize_group_name,
    responsible_person_errors,
)
from registry.rules.idcards import normalize_id_number
from registry.rules.person_names import normalize_person_name
from registry.selectors import deadline_after
from registry.services.codes import reserve_serials
from registry.services.files import checked_upload, new_stored_name, private_path
from registry.services.guards import locked, require_state

# What the applicant fills in.
GROUP_FIELDS = (
    "subdistrict",
    "name",
    "field",
    "activity_area",
    "member_count",
    "responsible_name",
    "responsible_id_number",
    "responsible_phone",
    "guiding_kind",
    "guiding_unit_name",
    "hub",
    "charter_summary",
)
EDITABLE = (CommunityGroupStatus.DRAFT, CommunityGroupStatus.RETURNED)
MEMBER_LIST_FOLDER = "community"


def is_street_officer(user, subdistrict: Subdistrict) -> bool:
    """Whether `user` files community groups at `subdistrict` (a system administrator always may)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or SubdistrictOfficer.objects.filter(user=user, subdistrict=subdistrict).exists()


def require_street_officer(user, subdistrict: Subdistrict) -> None:
    if not is_street_officer(user, subdistrict):
        raise PermissionDenied(_("您不是该街道（乡镇）的工作人员，不能办理其社区社会组织备案。"))


def require_group_applicant(user, group: CommunityGroup) -> None:
    if user is None or not user.is_authenticated or group.applicant_id != user.pk:
        raise PermissionDenied(_("只有该社区社会组织的申请人可以办理此事项。"))


def _event(group, *, by, action, reason="") -> CommunityGroupEvent:
    return CommunityGroupEvent.objects.create(group=group, by=by, action=action, reason=reason)


def hub_organizations():
    """Registered organizations that may guide community groups: those in normal standing."""
    return Organization.objects.filter(status=OrgStatus.NORMAL, uscc__isnull=False).order_by("name")


def filing_errors(group: CommunityGroup) -> dict[str, list[str]]:
    """Every rule a filing must meet, by field; empty when it may be submitted or kept."""
    errors: dict[str, list[str]] = {}
    if problems := group_name_errors(group.name):
        errors["name"] = problems
    if problems := member_count_errors(group.member_count, minimum=settings.REGISTRY["COMMUNITY_MIN_MEMBERS"]):
        errors["member_count"] = problems
    errors.update(responsible_person_errors(group.responsible_name, group.responsible_id_number))
    errors.update(
        guiding_unit_errors(
            kind=group.guiding_kind, unit_name=group.guiding_unit_name, has_hub=group.hub_id is not None
        )
    )
    if group.hub_id is not None and not hub_organizations().filter(pk=group.hub_id).exists():
        errors["hub"] = [_("所选枢纽型社会组织不在正常登记状态。")]
    if len((group.charter_summary or "").strip()) < 20:
        errors["charter_summary"] = [_("请写明章程要点（宗旨、活动内容、成员、负责人产生办法等），不少于20字。")]
    if group.subdistrict_id and group.name:
        duplicate = CommunityGroup.objects.filter(
            subdistrict_id=group.subdistrict_id,
            name=group.name,
            status__in=[CommunityGroupStatus.SUBMITTED, CommunityGroupStatus.FILED],
        ).exclude(pk=group.pk)
        if duplicate.exists():
            errors.setdefault("name", []).append(_("本街道（乡镇）已有同名的社区社会组织备案或正在办理备案。"))
    return errors


def _apply_fields(group: CommunityGroup, fields: dict) -> None:
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"not a filing field: {sorted(unknown)}")
    for field, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if field == "name":
            value = normalize_group_name(value)
        if field == "responsible_id_number":
            value = normalize_id_number(value)
        if field == "responsible_name":
            value = normalize_person_name(value)
        setattr(group, field, value)
    if group.guiding_kind == "hub":
        group.guiding_unit_name = group.hub.name if group.hub_id else ""
    else:
        group.hub = None


def _check(group: CommunityGroup) -> None:
    errors = filing_errors(group)
    if errors:
        raise ValidationError(errors)
    group.full_clean(exclude=["applicant", "organization", "hub", "registration_application"])


def community_group_save(*, by, group: CommunityGroup | None = None, member_list=None, **fields) -> CommunityGroup:
    """Save the applicant's filing as a draft (a new one, or one returned for correction). Nothing is saved
    unless every field is valid."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("请先登录。"))
    with transaction.atomic():
        if group is None:
            current = CommunityGroup(applicant=by, status=CommunityGroupStatus.DRAFT)
        else:
            require_group_applicant(by, group)
            current = locked(group, "subdistrict")
            require_state(current, *EDITABLE)
        _apply_fields(current, fields)
        _check(current)
        stored = None
        if member_list is not None:
            content, content_type = checked_upload(member_list)
            stored = new_stored_name(content_type)
            current.member_list_name = member_list.name[:200]
            current.member_list_stored = stored
        current.save()
        if stored is not None:
            # Written inside the transaction: a failed write leaves no row pointing at a missing file.
            path = private_path(MEMBER_LIST_FOLDER, stored)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    return current


def member_list_path(group: CommunityGroup):
    return private_path(MEMBER_LIST_FOLDER, group.member_list_stored) if group.member_list_stored else None


def community_group_submit(*, group: CommunityGroup, by) -> tuple[CommunityGroup, bool]:
    """Submit the filing to the street office or town; returns the group and whether it was a resubmission.

    The street decides within REGISTRY_COMMUNITY_FILING_DAYS working days of the (re)submission.
    """
    require_group_applicant(by, group)
    with transaction.atomic():
        current = locked(group, "subdistrict")
        require_state(current, *EDITABLE)
        _check(current)
        resubmitted = current.status == CommunityGroupStatus.RETURNED
        today = timezone.localdate()
        current.status = CommunityGroupStatus.SUBMITTED
        current.submitted_on = today
        current.due_on = deadline_after(today, settings.REGISTRY["COMMUNITY_FILING_DAYS"]).due
        current.save()
        _event(current, by=by, action=CommunityAction.RESUBMITTED if resubmitted else CommunityAction.SUBMITTED)
    return current, resubmitted


def community_group_file(*, group: CommunityGroup, by) -> CommunityGroup:
    """准予备案: the street's officer files the group and gives it its filing number."""
    require_street_officer(by, group.subdistrict)
    with transaction.atomic():
        current = locked(group, "subdistrict")
        require_state(current, CommunityGroupStatus.SUBMITTED)
        today = timezone.localdate()
        code = current.subdistrict.code
        (serial,) = reserve_serials(count=1, name=f"community-{code}-{today.year}", start=1)
        current.filing_number = filing_number(code, today.year, serial)
        current.status = CommunityGroupStatus.FILED
        current.filed_on = today
        current.return_reasons = ""
        current.save()
        _event(current, by=by, action=CommunityAction.FILED)
    return current


def community_group_return(*, group: CommunityGroup, by, reasons: str) -> CommunityGroup:
    """退回修改: the officer returns the filing to the applicant with every reason at once."""
    require_street_officer(by, group.subdistrict)
    reasons = (reasons or "").strip()
    if len(reasons) < 4:
        raise ValidationError({"reasons": [_("请写明退回的理由和需要修改的内容。")]})
    with transaction.atomic():
        current = locked(group, "subdistrict")
        require_state(current, CommunityGroupStatus.SUBMITTED)
        current.status = CommunityGroupStatus.RETURNED
        current.return_reasons = reasons
        current.due_on = None
        current.save()
        _event(current, by=by, action=CommunityAction.RETURNED, reason=reasons)
    return current


def community_group_cancel(*, group: CommunityGroup, by, reason: str = "") -> CommunityGroup:
    """注销备案: by the group itself, or by its street's officer with reasons. The group stays on the public
    list as 已注销备案."""
    reason = (reason or "").strip()
    if group.applicant_id != getattr(by, "pk", None):
        require_street_officer(by, group.subdistrict)
        if len(reason) < 4:
            raise ValidationError({"reason": [_("请写明注销备案的理由。")]})
    with transaction.atomic():
        current = locked(group, "subdistrict")
        require_state(current, CommunityGroupStatus.FILED)
        current.status = CommunityGroupStatus.CANCELLED
        current.cancelled_on = timezone.localdate()
        current.cancel_reason = reason
        current.save()
        _event(current, by=by, action=CommunityAction.CANCELLED, reason=reason)
    return current


def community_report_submit(
    *,
    group: CommunityGroup,
    by,
    year: int,
    activity_count: int,
    activities: str,
    member_count: int,
    funds_received: Decimal,
    funds_sources: str = "",
) -> CommunityActivityReport:
    """报送年度活动报告: once a year, on a past year since the group was filed."""
    require_group_applicant(by, group)
    today = timezone.localdate()
    with transaction.atomic():
        current = locked(group)
        require_state(current, CommunityGroupStatus.FILED)
        if not current.filed_on or not current.filed_on.year <= year < today.year:
            raise ValidationError({"year": [_("只能报送备案当年至上一年度的活动报告。")]})
        if current.reports.filter(year=year).exists():
            raise ValidationError({"year": [_("该年度的活动报告已报送。")]})
        if funds_received is None or funds_received < 0:
            raise ValidationError({"funds_received": [_("资金金额不能为负数。")]})
        report = CommunityActivityReport(
            group=current,
            year=year,
            activity_count=activity_count,
            activities=(activities or "").strip(),
            member_count=member_count,
            funds_received=funds_received,
            funds_sources=(funds_sources or "").strip(),
            submitted_by=by,
        )
        report.full_clean(exclude=["group", "submitted_by"])
        report.save()
        _event(current, by=by, action=CommunityAction.REPORTED, reason=str(year))
    return report


def reports_missing(groups, *, year: int):
    """Filed groups, filed in or before `year`, that have not reported on `year`."""
    return (
        groups.filter(status=CommunityGroupStatus.FILED, filed_on__year__lte=year)
        .exclude(reports__year=year)
        .order_by("name")
    )


def report_years_open(group: CommunityGroup, *, today: datetime.date | None = None) -> list[int]:
    """The past years since filing the group has not yet reported on."""
    today = today or timezone.localdate()
    if group.status != CommunityGroupStatus.FILED or not group.filed_on:
        return []
    done = set(group.reports.values_list("year", flat=True))
    return [year for year in range(group.filed_on.year, today.year) if year not in done]
