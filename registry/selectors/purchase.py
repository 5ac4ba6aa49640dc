"""Reads for government purchase of services: the purchaser's wall, public calls, and an organization's
eligibility for a call computed live from the register."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from registry.choices import OfficerRole
from registry.models import (
    CallStatus,
    EvaluationGrade,
    OfficerAssignment,
    Organization,
    PurchaseApplication,
    PurchaserKind,
    PurchaserMember,
    PurchasingUnit,
    ServiceCall,
    ServiceProject,
)
from registry.rules.purchase_eligibility import barred_until, eligibility_problems, grade_bonus_points

PUBLIC_STATUSES = (CallStatus.OPEN, CallStatus.REVIEW, CallStatus.NOTICE, CallStatus.AWARDED, CallStatus.CANCELLED)


def units_for(user) -> QuerySet:
    """The purchasing units `user` acts for: their own unit's staff, and a bureau's officers for the bureau's unit."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PurchasingUnit.objects.none()
    if user.is_superuser:
        return PurchasingUnit.objects.all()
    members = PurchaserMember.objects.filter(user=user).values("unit_id")
    # Any of the bureau's own roles; the competent units' reviewers (role "unit") work for other bodies.
    bureaus = OfficerAssignment.objects.filter(user=user).exclude(role=OfficerRole.UNIT).values("jurisdiction_id")
    return PurchasingUnit.objects.filter(Q(pk__in=members) | Q(kind=PurchaserKind.BUREAU, jurisdiction__in=bureaus))


def acts_for_unit(user, unit: PurchasingUnit) -> bool:
    """Whether `user` may act for `unit` (its calls and the applications to them)."""
    return units_for(user).filter(pk=unit.pk).exists()


def is_purchaser(user) -> bool:
    """Whether `user` works for any purchasing unit."""
    return units_for(user).exists()


def calls_for(user) -> QuerySet:
    """The calls of the units `user` acts for, newest first."""
    return ServiceCall.objects.filter(unit__in=units_for(user)).select_related("unit")


def public_calls(*, category: str = "", kind: str = "", status: str = "") -> QuerySet:
    """Calls the public may see (published at least once), filtered by category, kind and status."""
    calls = ServiceCall.objects.filter(status__in=PUBLIC_STATUSES).select_related("unit")
    if category:
        calls = calls.filter(category=category)
    if kind:
        calls = calls.filter(kind=kind)
    if status:
        calls = calls.filter(status=status)
    return calls.order_by("-published_at", "-id")


def open_calls(*, now: datetime.datetime | None = None) -> QuerySet:
    """Calls taking applications now."""
    now = now or timezone.now()
    return ServiceCall.objects.filter(status=CallStatus.OPEN, deadline__gt=now).select_related("unit")


def grade_is_valid(organization: Organization, today: datetime.date) -> bool:
    """Whether the organization's evaluation grade is in force today."""
    return bool(organization.grade) and (
        organization.grade_expires_on is None or organization.grade_expires_on >= today
    )


def purchase_barred_until(organization: Organization) -> datetime.date | None:
    """The last day a failed project (结项评估不合格) keeps the organization out of calls, if any."""
    failed = list(
        ServiceProject.objects.filter(
            organization=organization, final_grade=EvaluationGrade.FAIL, evaluated_on__isnull=False
        ).values_list("evaluated_on", flat=True)
    )
    return barred_until(failed, bar_years=settings.REGISTRY["PURCHASE_BAR_YEARS"])


def call_eligibility(organization: Organization, call: ServiceCall, *, today: datetime.date | None = None) -> list[str]:
    """Why the organization may not apply to `call` today, read live from the register (empty: it may)."""
    today = today or timezone.localdate()
    return eligibility_problems(
        status=organization.status,
        on_dishonest_list=organization.on_dishonest_list,
        on_abnormal_list=organization.on_abnormal_list,
        suspended_until=organization.suspended_until,
        serious_penalty_on=organization.serious_penalty_on,
        founded_on=organization.founded_on,
        last_inspection_result=organization.last_inspection_result,
        grade=organization.grade,
        grade_valid=grade_is_valid(organization, today),
        barred_until=purchase_barred_until(organization),
        min_years_registered=call.min_years_registered,
        min_grade=call.min_grade,
        today=today,
    )


def call_grade_bonus(organization: Organization, call: ServiceCall, *, today: datetime.date | None = None):
    """The bonus points the call gives the organization's grade."""
    today = today or timezone.localdate()
    return grade_bonus_points(
        call.grade_bonus or {}, organization.grade, grade_valid=grade_is_valid(organization, today)
    )


def applications_for(user) -> QuerySet:
    """Applications to the calls of the units `user` acts for (drafts are the organization's own)."""
    return (
        PurchaseApplication.objects.filter(call__unit__in=units_for(user))
        .exclude(status="draft")
        .select_related("call", "organization")
    )


def organization_applications(organization: Organization) -> QuerySet:
    """The organization's applications, newest first."""
    return PurchaseApplication.objects.filter(organization=organization).select_related("call", "call__unit")
