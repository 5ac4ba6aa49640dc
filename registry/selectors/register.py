"""Reads of the register used by services, views and commands."""

import datetime
import re

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.choices import HistoryAction, OfficerRole, OrgStatus
from registry.models import (
    AnnualReport,
    CalendarDay,
    CalendarYear,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    OrganizationHistory,
    RegistrationApplication,
    ReportStatus,
)
from registry.models.organization import ACTIVE_STATUSES
from registry.rules.deadlines import Deadline, WorkCalendar, add_working_days, working_days_between
from registry.rules.evaluation import Part
from registry.rules.names import (
    NAME_BLOCK_YEARS,
    NAME_FREED_BY_CHANGE_REVOCATION,
    NAME_FREED_BY_DEREGISTRATION,
    NAME_FREED_BY_RENAME,
    NAME_FREED_BY_REVOCATION,
    name_blocked_since,
    name_suffix,
)
from registry.rules.penalties import purchase_of_service_problems
from registry.rules.query_codes import application_code_key, query_code_matches


def work_calendar(first_year: int, last_year: int) -> WorkCalendar:
    """Load the holiday calendar for the given years from the database."""
    days = CalendarDay.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
    holidays, workdays = set(), set()
    for day, is_workday in days.values_list("date", "is_workday"):
        (workdays if is_workday else holidays).add(day)
    known = CalendarYear.objects.filter(year__gte=first_year, year__lte=last_year).values_list("year", flat=True)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(known))


def unpublished_years(first: datetime.date, last: datetime.date) -> list[int]:
    """The years from `first` to `last` whose holiday schedule is not loaded: deadlines there count weekends only."""
    first, last = min(first, last), max(first, last)
    known = set(CalendarYear.objects.filter(year__gte=first.year, year__lte=last.year).values_list("year", flat=True))
    return [year for year in range(first.year, last.year + 1) if year not in known]


def deadline_after(start: datetime.date | datetime.datetime, working_days: int) -> Deadline:
    """Return the deadline of a step started at `start` with `working_days` working days."""
    if isinstance(start, datetime.datetime):
        start = start.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
    # A generous window of years: 20 working days never span more than two calendar years.
    span = working_days // 200 + 2
    return add_working_days(start, working_days, work_calendar(start.year, start.year + span))


def working_days_left(due: datetime.date, *, today: datetime.date) -> int:
    """Working days from `today` to `due` (negative when overdue)."""
    return working_days_between(today, due, work_calendar(min(today, due).year, max(today, due).year))


def name_conflicts(*, name: str, org_type: str, jurisdiction: Jurisdiction, exclude_pk: int | None = None) -> QuerySet:
    """Living organizations of the same type in the same jurisdiction that already use `name`."""
    qs = Organization.objects.filter(
        jurisdiction=jurisdiction, org_type=org_type, name=name.strip(), status__in=ACTIVE_STATUSES
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


# 社会组织名称管理办法 第十六条 (see registry.rules.names.NAME_BLOCK_YEARS).
FREED_BY_RENAME_OR_DEREGISTRATION_YEARS = NAME_BLOCK_YEARS[NAME_FREED_BY_RENAME]
FREED_BY_REVOCATION_YEARS = NAME_BLOCK_YEARS[NAME_FREED_BY_REVOCATION]


def name_blocked_reasons(
    *,
    name: str,
    org_type: str,
    jurisdiction: Jurisdiction,
    trade_name: str = "",
    exclude_pk: int | None = None,
    today: datetime.date | None = None,
) -> list[str]:
    """Why `name` may not be used here: the same name, or the same trade name in the same field and form,
    among the same type in this jurisdiction, including names freed less than 1 year (rename,
    deregistration) or 3 years (revocation) ago.
    """
    name = name.strip()
    today = today or timezone.localdate()
    same = Q(name=name)
    trade_name = (trade_name or "").strip()
    if trade_name and trade_name in name:
        # The same trade name with the same field and form: the name from the trade name on.
        same |= Q(name__endswith=name[name.index(trade_name) :])
    candidates = Organization.objects.filter(same, jurisdiction=jurisdiction, org_type=org_type)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    reasons = []
    if candidates.filter(status__in=ACTIVE_STATUSES).exists():
        reasons.append(_("本登记管理机关已有同类型组织使用名称（或同一字号、同一业务领域和组织形式）“%(name)s”。"))
    elif candidates.filter(
        status=OrgStatus.DEREGISTERED,
        status_changed_on__gt=name_blocked_since(NAME_FREED_BY_DEREGISTRATION, today=today),
    ).exists():
        reasons.append(_("“%(name)s”（或其字号）所属组织注销登记未满1年，暂不能使用。"))
    elif candidates.filter(
        status=OrgStatus.REVOKED, status_changed_on__gt=name_blocked_since(NAME_FREED_BY_REVOCATION, today=today)
    ).exists():
        reasons.append(_("“%(name)s”（或其字号）所属组织被撤销登记未满3年，暂不能使用。"))
    else:
        earlier_names = OrganizationHistory.objects.filter(
            organization__jurisdiction=jurisdiction, organization__org_type=org_type, changes__name__0=name
        )
        if exclude_pk is not None:
            earlier_names = earlier_names.exclude(organization_id=exclude_pk)
        revoked_change = earlier_names.filter(
            action=HistoryAction.CHANGE_REVOKED,
            at__date__gt=name_blocked_since(NAME_FREED_BY_CHANGE_REVOCATION, today=today),
        )
        if revoked_change.exists():
            reasons.append(_("“%(name)s”为被撤销名称变更登记的名称，撤销未满3年，暂不能使用。"))
        elif earlier_names.filter(at__date__gt=name_blocked_since(NAME_FREED_BY_RENAME, today=today)).exists():
            reasons.append(_("“%(name)s”为其他组织变更前的名称，变更未满1年，暂不能使用。"))
    return [reason % {"name": name} for reason in reasons]


def legal_rep_other_org_types(*, id_number: str, exclude_pk: int | None = None) -> list[str]:
    """The types of the living organizations, across the whole register, that `id_number` already represents."""
    qs = Organization.objects.filter(legal_rep_id_number=id_number, status__in=ACTIVE_STATUSES)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.values_list("org_type", flat=True))


def similar_organizations(application, *, limit: int = 10) -> QuerySet:
    """Living organizations of the same type in the same area whose name shares the field, or whose scope is the same.

    For the officers' judgement of 条例 第十三条 (已有业务范围相同或者相似的组织，没有必要成立).
    """

    name = application.name or ""
    area = next((a for a in application.jurisdiction.name_context().area_names if name.startswith(a)), "")
    suffix = name_suffix(name, application.org_type) or ""
    field = name[len(area) : len(name) - len(suffix)] if name else ""
    trade_name = getattr(application, "trade_name", "") or ""
    if trade_name and field.startswith(trade_name):
        field = field[len(trade_name) :]
    similar = Q(business_scope=application.business_scope) if application.business_scope.strip() else Q(pk__in=[])
    if len(field) >= 2:
        similar |= Q(name__contains=field)
    qs = Organization.objects.filter(
        similar, jurisdiction=application.jurisdiction, org_type=application.org_type, status=OrgStatus.NORMAL
    )
    if application.organization_id:
        qs = qs.exclude(pk=application.organization_id)
    return qs.order_by("name")[:limit]


def officer_jurisdictions(user, role: str | None = None) -> QuerySet:
    """Jurisdictions where `user` holds `role` (any role when None)."""
    assignments = OfficerAssignment.objects.filter(user=user)
    if role is not None:
        assignments = assignments.filter(role=OfficerRole(role))
    return Jurisdiction.objects.filter(pk__in=assignments.values("jurisdiction_id"))


def purchase_of_service_problems_of(organization: Organization, *, today: datetime.date | None = None) -> list[str]:
    """Why the organization may not take part in government purchase of services today (empty: it may)."""
    return purchase_of_service_problems(
        status=organization.status,
        on_dishonest_list=organization.on_dishonest_list,
        on_abnormal_list=organization.on_abnormal_list,
        suspended_until=organization.suspended_until,
        serious_penalty_on=organization.serious_penalty_on,
        today=today or timezone.localdate(),
    )


def public_organizations() -> QuerySet:
    """Organizations the public may see: all that were ever registered, including revoked and deregistered."""
    return Organization.objects.exclude(uscc__isnull=True).select_related("jurisdiction")


def evaluation_part_totals(application) -> list[dict]:
    """Per part of the indicator table: maximum points, the self-assessment and the team's score."""
    from django.db.models import Sum

    rows = {
        row["indicator__part"]: row
        for row in application.scores.values("indicator__part").annotate(
            maximum=Sum("indicator__max_points"), own=Sum("self_points"), team=Sum("team_points")
        )
    }
    return [
        {
            "part": part.label,
            "maximum": rows.get(part.value, {}).get("maximum") or 0,
            "self": rows.get(part.value, {}).get("own"),
            "team": rows.get(part.value, {}).get("team"),
        }
        for part in Part
    ]


def overdue_annual_reports(organizations, *, today: datetime.date) -> QuerySet:
    """Annual reports of `organizations` still not submitted after their deadline (31 March or 31 May)."""
    return (
        AnnualReport.objects.filter(organization__in=organizations, status=ReportStatus.OPEN, deadline__lt=today)
        .select_related("organization")
        .order_by("deadline", "organization_id")
    )


_REFERENCE_RE = re.compile(r"^(\d{6})-(\d{4})-(\d{6,9})$")


def application_for_progress(*, reference: str, query_code: str):
    """The submitted application that `reference` (its file number) names, if `query_code` is its code."""
    match = _REFERENCE_RE.match(reference.strip())
    if match is None or not query_code.strip():
        return None
    application = (
        RegistrationApplication.objects.select_related("jurisdiction")
        .filter(pk=int(match.group(3)), jurisdiction__code=match.group(1), submitted_at__isnull=False)
        .exclude(query_code_digest="")
        .first()
    )
    if application is None or application.reference != reference.strip():
        return None
    key = application_code_key(application.pk)
    return application if query_code_matches(key, query_code, application.query_code_digest) else None
