"""Purchasing units' staff and their calls for projects (项目征集) or venture-philanthropy contests (公益创投):
draft, criteria and rounds, publish, close for review, cancel.

Every write asks `acts_for_unit` first: a unit's staff (and a bureau's officers for the bureau's own unit)
act for that unit only. Rules in `registry.rules.purchase_eligibility`.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from registry.models import (
    CallCriterion,
    CallKind,
    CallRound,
    CallStatus,
    PurchaserMember,
    PurchasingUnit,
    RoundKind,
    ServiceCall,
)
from registry.rules.purchase_eligibility import grade_bonus_problems, publish_problems, weights_problems
from registry.selectors.purchase import acts_for_unit
from registry.services import guards

PURCHASER_GROUP = "购买主体工作人员"
UNIT_PERMISSION = "registry.act_for_unit"
CALL_FIELDS = (
    "kind",
    "title",
    "category",
    "description",
    "budget",
    "max_per_project",
    "service_start",
    "service_end",
    "multi_year_reason",
    "deadline",
    "min_years_registered",
    "min_grade",
    "grade_bonus",
    "trim_extremes",
    "notice_days",
    "incubation_support",
    "incubation_base",
)


def purchasers_group() -> Group:
    """The group of every purchaser's staff: they read the register and the calls, nothing else of the admin."""
    group, _created = Group.objects.get_or_create(name=PURCHASER_GROUP)
    readable = Permission.objects.filter(
        content_type__app_label="registry",
        codename__in=("view_organization", "view_servicecall", "view_purchaseapplication", "view_purchasingunit"),
    )
    group.permissions.add(*readable)
    return group


def purchaser_member_add(*, user, unit: PurchasingUnit, role: str) -> PurchaserMember:
    """Let `user` work for `unit` (idempotent): administration, like `officer_assign`."""
    with transaction.atomic():
        member, _created = PurchaserMember.objects.get_or_create(user=user, unit=unit, role=role)
        user.groups.add(purchasers_group())
        assign_perm(UNIT_PERMISSION, user, unit)
    return member


def purchaser_member_remove(*, member: PurchaserMember) -> None:
    """Take the unit away from the staff member (other roles at the same unit keep the permission)."""
    with transaction.atomic():
        user, unit = member.user, member.unit
        member.delete()
        if not PurchaserMember.objects.filter(user=user, unit=unit).exists():
            remove_perm(UNIT_PERMISSION, user, unit)


def require_purchaser(user, unit: PurchasingUnit) -> None:
    """Refuse unless `user` acts for `unit`."""
    if not acts_for_unit(user, unit):
        raise PermissionDenied(_("您不是该购买主体的工作人员，不能办理此事项。"))


def _check_grade_bonus(grade_bonus) -> dict:
    if not isinstance(grade_bonus, dict):
        raise ValidationError({"grade_bonus": _("评估等级加分格式不正确。")})
    problems = grade_bonus_problems(grade_bonus)
    if problems:
        raise ValidationError({"grade_bonus": problems})
    cleaned = {}
    for grade, points in grade_bonus.items():
        value = Decimal(str(points))
        if value:
            # Whole points stay whole (5, not 5.0) on the call's public page.
            cleaned[grade] = int(value) if value == value.to_integral_value() else float(value)
    return cleaned


def call_save(*, unit: PurchasingUnit, by, call: ServiceCall | None = None, **fields) -> ServiceCall:
    """Create a draft call of `unit`, or save the draft `call`; only a draft may be edited."""
    require_purchaser(by, unit)
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    if "grade_bonus" in fields:
        fields["grade_bonus"] = _check_grade_bonus(fields["grade_bonus"] or {})
    with transaction.atomic():
        if call is None:
            call = ServiceCall(unit=unit, created_by=by)
        else:
            if call.unit_id != unit.pk:
                raise PermissionDenied(_("您不是该购买主体的工作人员，不能办理此事项。"))
            call = guards.locked(call)
            guards.require_state(call, CallStatus.DRAFT)
        for name, value in fields.items():
            setattr(call, name, value)
        if call.incubation_base is not None:
            # Only a 公益创投 contest offers its winners incubation, at a base that still admits.
            if call.kind != CallKind.VENTURE:
                raise ValidationError({"incubation_base": _("只有公益创投可以指定获胜项目的孵化基地。")})
            if not call.incubation_base.active:
                raise ValidationError({"incubation_base": _("该孵化基地已停止运营。")})
        call.full_clean(exclude=["created_by"])
        call.save()
    return call


def call_criteria_set(*, call: ServiceCall, by, criteria: list[dict]) -> list[CallCriterion]:
    """Replace the draft call's scoring criteria ({name, description, weight}); the weights add up to 100."""
    require_purchaser(by, call.unit)
    cleaned = []
    for row in criteria:
        name = (row.get("name") or "").strip()
        if not name:
            raise ValidationError(_("请填写评分项名称。"))
        try:
            weight = int(row.get("weight"))
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("评分项“%(name)s”的权重须为整数。") % {"name": name}) from exc
        cleaned.append((name, (row.get("description") or "").strip(), weight))
    if len({name for name, _d, _w in cleaned}) != len(cleaned):
        raise ValidationError(_("评分项名称不能重复。"))
    problems = weights_problems([weight for _n, _d, weight in cleaned])
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        current = guards.locked(call)
        guards.require_state(current, CallStatus.DRAFT)
        current.criteria.all().delete()
        return [
            CallCriterion.objects.create(call=current, name=name, description=description, weight=weight, order=i)
            for i, (name, description, weight) in enumerate(cleaned)
        ]


def call_rounds_set(*, call: ServiceCall, by, rounds: list[dict]) -> list[CallRound]:
    """Replace the contest's rounds ({kind, held_on, presentation, advancing, note}); a final follows its
    preliminary and comes before the service period."""
    require_purchaser(by, call.unit)
    if call.kind != CallKind.VENTURE and rounds:
        raise ValidationError(_("只有公益创投可以设置比赛轮次。"))
    built = []
    for row in rounds:
        built.append(
            CallRound(
                kind=row["kind"],
                held_on=row["held_on"],
                presentation=bool(row.get("presentation")),
                advancing=row.get("advancing") or None,
                note=(row.get("note") or "").strip(),
            )
        )
    by_kind = {r.kind: r for r in built}
    if len(by_kind) != len(built):
        raise ValidationError(_("每种轮次只能设置一次。"))
    preliminary, final = by_kind.get(RoundKind.PRELIMINARY), by_kind.get(RoundKind.FINAL)
    if preliminary and final and final.held_on <= preliminary.held_on:
        raise ValidationError(_("决赛日期须晚于初赛日期。"))
    for r in built:
        if r.held_on <= timezone.localtime(call.deadline).date():
            raise ValidationError(_("比赛日期须在申报截止之后。"))
        if r.held_on >= call.service_start:
            raise ValidationError(_("比赛须在服务期开始前结束。"))
    with transaction.atomic():
        current = guards.locked(call)
        guards.require_state(current, CallStatus.DRAFT)
        current.rounds.all().delete()
        for r in built:
            r.call = current
            r.full_clean()
            r.save()
    return built


def call_publish_problems(call: ServiceCall, *, now: datetime.datetime | None = None) -> list[str]:
    """Why the call may not be published now (empty: it may)."""
    return publish_problems(
        budget=call.budget,
        max_per_project=call.max_per_project,
        deadline=call.deadline,
        service_start=call.service_start,
        service_end=call.service_end,
        weights=list(call.criteria.values_list("weight", flat=True)),
        description=call.description,
        venture=call.kind == CallKind.VENTURE,
        rounds=call.rounds.count(),
        now=now or timezone.now(),
        multi_year_reason=call.multi_year_reason,
    )


def call_publish(*, call: ServiceCall, by) -> ServiceCall:
    """Publish a complete draft: organizations may apply until the deadline."""
    require_purchaser(by, call.unit)
    with transaction.atomic():
        current = guards.locked(call)
        guards.require_state(current, CallStatus.DRAFT)
        problems = call_publish_problems(current)
        if problems:
            raise ValidationError(problems)
        current.status = CallStatus.OPEN
        current.published_at = timezone.now()
        current.save(update_fields=["status", "published_at"])
    return current


def call_close(*, call: ServiceCall, by, now: datetime.datetime | None = None) -> ServiceCall:
    """After the deadline, close the call for review (评审)."""
    require_purchaser(by, call.unit)
    with transaction.atomic():
        current = guards.locked(call)
        guards.require_state(current, CallStatus.OPEN)
        if (now or timezone.now()) <= current.deadline:
            raise ValidationError(_("申报截止前不能结束征集。"))
        current.status = CallStatus.REVIEW
        current.save(update_fields=["status"])
    return current


def call_cancel(*, call: ServiceCall, by, reason: str) -> ServiceCall:
    """Cancel a draft or an open call, with the reason shown on its public page."""
    require_purchaser(by, call.unit)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤销理由。")})
    with transaction.atomic():
        current = guards.locked(call)
        guards.require_state(current, CallStatus.DRAFT, CallStatus.OPEN)
        current.status = CallStatus.CANCELLED
        current.cancel_reason = reason.strip()
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancel_reason", "cancelled_at"])
    return current
