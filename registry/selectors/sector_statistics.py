"""The sector statistics leaders ask for (issue 28): charts of the register, its procedures and its supervision.

Every provider is a function `(jurisdictions, year) -> list[Chart]`: `jurisdictions` is a queryset of the bureaus
the viewer may see (already narrowed by the page's bureau filter), `year` the statistics year. The page draws the
charts of every provider in `PROVIDERS`, in order; a new provider is one more dotted path in that list.

Figures are counted in the database (one grouped query per chart, no loop over organizations). Stock figures (the
register, grades, credit lists) are taken at the end of the year, or today for the current year; flow figures
(applications, inspections, penalties, complaints, ratings) count what happened within the year.
"""

import datetime
import statistics
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from registry.choices import DirectCategory, Grade, OfficerRole, OrgStatus, OrgType
from registry.models import (
    AnnualReport,
    Complaint,
    ComplaintStatus,
    CreditEntry,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    PenaltyCase,
    RegistrationApplication,
    ServiceRating,
)
from registry.models.application import UNSATISFIED_SCORE, ApplicationKind, ApplicationStatus
from registry.models.penalty import PenaltySanction
from registry.rules.annual import InspectionResult
from registry.rules.credit import CreditList
from registry.rules.deadlines import working_days_between
from registry.rules.display import local_date
from registry.rules.penalties import PenaltyKind
from registry.selectors.register import work_calendar
from registry.selectors.statistics_base import Chart

# The providers the statistics page draws, in order. Each is the dotted path of a function
# `(jurisdictions, year) -> list[Chart]`; add one line to add a provider.
PROVIDERS = [
    "registry.selectors.sector_statistics.register_charts",
    "registry.selectors.sector_statistics.processing_charts",
    "registry.selectors.sector_statistics.supervision_charts",
    "registry.selectors.sector_statistics.service_charts",
    "registry.selectors.purchase_oversight.purchase_charts",
    "registry.selectors.community.community_charts",
    "registry.selectors.incubation.incubation_charts",
    "registry.selectors.decoupling.decoupling_charts",
    "registry.selectors.party_building.party_building_charts",
]

# Who sees the statistics: the bureau's own staff (its head and officers), not the competent units' reviewers.
STATISTICS_ROLES = tuple(role for role in OfficerRole.values if role != OfficerRole.UNIT)

# Applications grouped as the page reports them: establishment (one-step registration, a preparation stage and its
# establishment), change and deregistration.
KIND_GROUPS = {
    "establishment": (ApplicationKind.REGISTRATION, ApplicationKind.ESTABLISHMENT, ApplicationKind.PREPARATION),
    "change": (ApplicationKind.CHANGE,),
    "deregistration": (ApplicationKind.DEREGISTRATION,),
}
# An application is concluded (办结) when the certificate is issued or registration is refused after acceptance.
CONCLUDED_STATUSES = (ApplicationStatus.COMPLETED, ApplicationStatus.REJECTED)
# A rating of 3 (基本满意) or more counts as satisfied; 2 and 1 are the unsatisfied ratings (好差评).
SATISFIED_FROM = UNSATISFIED_SCORE + 1

PERCENT = "percent"
YUAN = "yuan"
INT = "int"
TEXT = "text"
DECIMAL = "decimal"


def providers() -> list[Callable]:
    """The provider functions of `PROVIDERS`."""
    return [import_string(path) for path in PROVIDERS]


def sector_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    """Every chart of every provider, in the order of `PROVIDERS`."""
    charts = []
    for provider in providers():
        charts.extend(provider(jurisdictions, year))
    return charts


def statistics_jurisdictions(user) -> QuerySet:
    """The bureaus whose statistics `user` may see: where they are head or officer, and every bureau below them
    (a city bureau's staff see its districts). Empty for anyone else."""
    if not user.is_authenticated:
        return Jurisdiction.objects.none()
    if user.is_superuser:
        return Jurisdiction.objects.all()
    ids = set(
        OfficerAssignment.objects.filter(user=user, role__in=STATISTICS_ROLES).values_list("jurisdiction_id", flat=True)
    )
    frontier = set(ids)
    while frontier:
        frontier = set(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return Jurisdiction.objects.filter(pk__in=ids)


def as_of(year: int, *, today: datetime.date | None = None) -> datetime.date:
    """The day stock figures are taken: 31 December of `year`, or today while the year runs."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent with one decimal, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _bureaus(jurisdictions: QuerySet) -> list[Jurisdiction]:
    return list(jurisdictions.order_by("code"))


# --- The register ---------------------------------------------------------------------------------------------


def organizations_in_register(jurisdictions: QuerySet, day: datetime.date) -> QuerySet:
    """Organizations registered on `day`: founded by then and not deregistered or revoked before it."""
    gone = (OrgStatus.REVOKED, OrgStatus.DEREGISTERED)
    return Organization.objects.filter(jurisdiction__in=jurisdictions, founded_on__lte=day).filter(
        Q(status=OrgStatus.NORMAL) | Q(status__in=gone, status_changed_on__gt=day)
    )


def register_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    """Organizations in the register at the end of the year by type, field, bureau and founding year."""
    day = as_of(year)
    section = _("登记在册的社会组织")
    note = _("截至%(day)s登记在册（已成立登记、尚未注销或撤销）的社会组织。") % {"day": local_date(day)}
    orgs = organizations_in_register(jurisdictions, day)
    count = _("组织数")

    by_type = dict(orgs.values("org_type").annotate(n=Count("id")).values_list("org_type", "n"))
    by_field = dict(orgs.values("direct_category").annotate(n=Count("id")).values_list("direct_category", "n"))
    by_bureau = dict(orgs.values("jurisdiction_id").annotate(n=Count("id")).values_list("jurisdiction_id", "n"))
    by_year = dict(orgs.annotate(y=ExtractYear("founded_on")).values("y").annotate(n=Count("id")).values_list("y", "n"))
    fields = [(label, by_field.get(value, 0)) for value, label in DirectCategory.choices]
    fields.append((_("非直接登记（有业务主管单位）"), by_field.get("", 0)))
    return [
        Chart(
            key="organizations_by_type",
            title=_("按组织类型"),
            columns=(_("组织类型"), count),
            rows=tuple((str(label), by_type.get(value, 0)) for value, label in OrgType.choices),
            section=section,
            note=note,
        ),
        Chart(
            key="organizations_by_field",
            title=_("按领域（直接登记类别）"),
            columns=(_("领域"), count),
            rows=tuple((str(label), n) for label, n in fields),
            section=section,
            note=note,
        ),
        Chart(
            key="organizations_by_bureau",
            title=_("按登记管理机关"),
            columns=(_("登记管理机关"), count),
            rows=tuple((bureau.display_name, by_bureau.get(bureau.pk, 0)) for bureau in _bureaus(jurisdictions)),
            section=section,
            note=note,
        ),
        Chart(
            key="organizations_by_founding_year",
            title=_("按成立登记年份"),
            columns=(_("成立年份"), count),
            rows=tuple((str(y), by_year[y]) for y in sorted(by_year)),
            kind="line",
            section=section,
            note=note,
        ),
    ]


# --- Registration, change and deregistration -------------------------------------------------------------------


def _group_labels() -> dict[str, str]:
    return {"establishment": _("成立登记"), "change": _("变更登记"), "deregistration": _("注销登记")}


def _group_of(kind: str) -> str:
    return next(group for group, kinds in KIND_GROUPS.items() if kind in kinds)


def processing_working_days(*, accepted_on, decided_on, paused_working_days, calendar) -> int:
    """Working days from acceptance to conclusion, without the days the clock stood still for corrections."""
    return max(working_days_between(accepted_on, decided_on, calendar) - paused_working_days, 0)


def processing_on_time(*, decided_on, decision_due_on, working_days) -> bool:
    """Concluded within the promised limit: by the application's due date, or within the promised working days
    when no due date was recorded."""
    if decision_due_on is not None:
        return decided_on <= decision_due_on
    return working_days <= settings.REGISTRY["REGISTRATION_WORKING_DAYS"]


def processing_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    """Applications concluded per month, and processing time against the promised limit (working days)."""
    section = _("登记办理")
    labels = _group_labels()
    applications = RegistrationApplication.objects.filter(jurisdiction__in=jurisdictions, decided_at__year=year)
    monthly: dict[tuple[int, str], int] = {}
    for row in (
        applications.filter(status=ApplicationStatus.COMPLETED)
        .annotate(month=ExtractMonth("decided_at"))
        .values("month", "kind")
        .annotate(n=Count("id"))
    ):
        key = (row["month"], _group_of(row["kind"]))
        monthly[key] = monthly.get(key, 0) + row["n"]
    months = tuple(
        (_("%(month)d月") % {"month": month}, *(monthly.get((month, group), 0) for group in KIND_GROUPS))
        for month in range(1, 13)
    )

    concluded = list(
        applications.filter(status__in=CONCLUDED_STATUSES, accepted_on__isnull=False).values_list(
            "kind", "accepted_on", "decided_at", "paused_working_days", "decision_due_on"
        )
    )
    first_year = min((accepted.year for _kind, accepted, *_rest in concluded), default=year)
    calendar = work_calendar(first_year, year)
    times: dict[str, list[int]] = {group: [] for group in KIND_GROUPS}
    on_time: dict[str, int] = dict.fromkeys(KIND_GROUPS, 0)
    for kind, accepted, decided_at, paused, due in concluded:
        decided = timezone.localtime(decided_at).date()
        days = processing_working_days(
            accepted_on=accepted, decided_on=decided, paused_working_days=paused, calendar=calendar
        )
        group = _group_of(kind)
        times[group].append(days)
        on_time[group] += processing_on_time(decided_on=decided, decision_due_on=due, working_days=days)
    processing = tuple(
        (
            labels[group],
            len(times[group]),
            Decimal(str(statistics.median(times[group]))) if times[group] else None,
            on_time[group],
            percent(on_time[group], len(times[group])),
        )
        for group in KIND_GROUPS
    )
    return [
        Chart(
            key="applications_by_month",
            title=_("每月办结的登记事项"),
            columns=(_("月份"), *labels.values()),
            rows=months,
            kind="line",
            section=section,
            note=_("%(year)d年内办结（发证或准予注销）的申请，按办结月份。") % {"year": year},
        ),
        Chart(
            key="processing_time",
            title=_("办理时间与按承诺时限办结率"),
            columns=(
                _("登记事项"),
                _("办结件数"),
                _("办理时间中位数（工作日）"),
                _("在承诺时限内办结"),
                _("按时办结率（%）"),
            ),
            rows=processing,
            section=section,
            note=_(
                "%(year)d年内办结或不予登记的已受理申请；办理时间自受理次日起按工作日计算，扣除补正期间；"
                "承诺时限以申请的办结期限为准。"
            )
            % {"year": year},
            extra={"formats": (TEXT, INT, DECIMAL, INT, PERCENT), "bar_column": 4},
        ),
    ]


# --- Annual inspection, grades, credit lists, penalties, complaints -------------------------------------------


def _inspection_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    report_year = year - 1
    section = _("年检、评估与信用")
    reports = AnnualReport.objects.filter(year=report_year, organization__jurisdiction__in=jurisdictions)
    per_bureau = {
        row["organization__jurisdiction_id"]: row
        for row in reports.values("organization__jurisdiction_id").annotate(
            due=Count("id"),
            submitted=Count("id", filter=Q(submitted_at__isnull=False)),
            reviewed=Count("id", filter=~Q(result="")),
            passed=Count("id", filter=Q(result=InspectionResult.PASSED)),
        )
    }
    rows = []
    for bureau in _bureaus(jurisdictions):
        row = per_bureau.get(bureau.pk, {"due": 0, "submitted": 0, "reviewed": 0, "passed": 0})
        rows.append(
            (
                bureau.display_name,
                row["due"],
                row["submitted"],
                percent(row["submitted"], row["due"]),
                row["reviewed"],
                row["passed"],
                percent(row["passed"], row["reviewed"]),
            )
        )
    results = dict(reports.exclude(result="").values("result").annotate(n=Count("id")).values_list("result", "n"))
    reviewed = sum(results.values())
    note = _("%(year)d年进行的年检（%(report_year)d年度工作报告）。") % {"year": year, "report_year": report_year}
    return [
        Chart(
            key="inspection_submission",
            title=_("年检报送率与合格率"),
            columns=(
                _("登记管理机关"),
                _("应报送"),
                _("已报送"),
                _("报送率（%）"),
                _("已作出年检结论"),
                _("合格"),
                _("合格率（%）"),
            ),
            rows=tuple(rows),
            section=section,
            note=note,
            extra={"formats": (TEXT, INT, INT, PERCENT, INT, INT, PERCENT), "bar_column": 3},
        ),
        Chart(
            key="inspection_results",
            title=_("年检结论"),
            columns=(_("年检结论"), _("组织数"), _("占比（%）")),
            rows=tuple(
                (str(label), results.get(value, 0), percent(results.get(value, 0), reviewed))
                for value, label in InspectionResult.choices
            ),
            section=section,
            note=note,
            extra={"formats": (TEXT, INT, PERCENT)},
        ),
    ]


def _grade_chart(jurisdictions: QuerySet, year: int) -> Chart:
    day = as_of(year)
    counts = dict(
        organizations_in_register(jurisdictions, day)
        .filter(grade__in=Grade.values, grade_expires_on__gte=day)
        .values("grade")
        .annotate(n=Count("id"))
        .values_list("grade", "n")
    )
    return Chart(
        key="grades",
        title=_("评估等级"),
        columns=(_("评估等级"), _("组织数")),
        rows=tuple((value, counts.get(value, 0)) for value in Grade.values),
        section=_("年检、评估与信用"),
        note=_("截至%(day)s登记在册且等级在有效期内的社会组织。") % {"day": local_date(day)},
    )


def _credit_chart(jurisdictions: QuerySet, year: int) -> Chart:
    day = as_of(year)
    entries = CreditEntry.objects.filter(organization__jurisdiction__in=jurisdictions)
    listed_then = Q(listed_on__lte=day) & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    counts = {
        row["credit_list"]: row
        for row in entries.values("credit_list").annotate(
            organizations=Count("organization", filter=listed_then, distinct=True),
            current=Count("id", filter=listed_then),
            listed=Count("id", filter=Q(listed_on__year=year)),
            removed=Count("id", filter=Q(removed_on__year=year)),
        )
    }
    empty = {"organizations": 0, "current": 0, "listed": 0, "removed": 0}
    return Chart(
        key="credit_lists",
        title=_("信用名单"),
        columns=(_("名单"), _("在列组织数"), _("在列条目数"), _("本年列入条目"), _("本年移出条目")),
        rows=tuple(
            (str(label), *(counts.get(value, empty)[k] for k in ("organizations", "current", "listed", "removed")))
            for value, label in CreditList.choices
        ),
        section=_("年检、评估与信用"),
        note=_("在列：截至%(day)s列入且尚未移出；一个组织可因多项事由列入。") % {"day": local_date(day)},
    )


def _penalty_chart(jurisdictions: QuerySet, year: int) -> Chart:
    cases = PenaltyCase.objects.filter(organization__jurisdiction__in=jurisdictions, decided_on__year=year)
    sanctions = {
        row["kind"]: row
        for row in PenaltySanction.objects.filter(case__in=cases, phase=PenaltySanction.DECIDED)
        .values("kind")
        .annotate(n=Count("case", distinct=True), amount=Sum("amount_yuan"))
    }
    # A decision recorded without its list of penalties counts under its own kind.
    for row in (
        cases.exclude(kind="")
        .exclude(sanction_rows__phase=PenaltySanction.DECIDED)
        .values("kind")
        .annotate(n=Count("id"), amount=Sum("amount_yuan"))
    ):
        merged = sanctions.setdefault(row["kind"], {"n": 0, "amount": None})
        merged["n"] += row["n"]
        merged["amount"] = (merged["amount"] or Decimal(0)) + (row["amount"] or Decimal(0))
    return Chart(
        key="penalties",
        title=_("行政处罚（按处罚种类）"),
        columns=(_("处罚种类"), _("处罚决定数"), _("罚没金额（元）")),
        rows=tuple(
            (
                str(label),
                sanctions.get(value, {}).get("n", 0),
                sanctions.get(value, {}).get("amount") or Decimal(0),
            )
            for value, label in PenaltyKind.choices
        ),
        section=_("监督执法"),
        note=_("%(year)d年作出的行政处罚决定；并处的决定计入每一种处罚。") % {"year": year},
        extra={"formats": (TEXT, INT, YUAN)},
    )


def _complaint_chart(jurisdictions: QuerySet, year: int) -> Chart:
    per_bureau = {
        row["jurisdiction_id"]: row
        for row in Complaint.objects.filter(jurisdiction__in=jurisdictions, received_at__year=year)
        .values("jurisdiction_id")
        .annotate(
            received=Count("id"),
            accepted=Count("id", filter=Q(status__in=(ComplaintStatus.ACCEPTED, ComplaintStatus.CONCLUDED))),
            concluded=Count("id", filter=Q(status=ComplaintStatus.CONCLUDED)),
            on_time=Count(
                "id",
                filter=Q(
                    status=ComplaintStatus.CONCLUDED,
                    concluded_on__isnull=False,
                    finish_due__isnull=False,
                    concluded_on__lte=F("finish_due"),
                ),
            ),
        )
    }
    empty = {"received": 0, "accepted": 0, "concluded": 0, "on_time": 0}
    rows = []
    for bureau in _bureaus(jurisdictions):
        row = per_bureau.get(bureau.pk, empty)
        rows.append(
            (
                bureau.display_name,
                row["received"],
                row["accepted"],
                row["concluded"],
                row["on_time"],
                percent(row["on_time"], row["concluded"]),
            )
        )
    return Chart(
        key="complaints",
        title=_("投诉举报"),
        columns=(_("登记管理机关"), _("收到"), _("受理"), _("办结"), _("按期办结"), _("按期办结率（%）")),
        rows=tuple(rows),
        section=_("监督执法"),
        note=_("%(year)d年收到的投诉举报；按期：在办结期限（含延长）内办结。") % {"year": year},
        extra={"formats": (TEXT, INT, INT, INT, INT, PERCENT)},
    )


def supervision_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    """Annual inspection, grades, credit lists, penalties and complaints."""
    return [
        *_inspection_charts(jurisdictions, year),
        _grade_chart(jurisdictions, year),
        _credit_chart(jurisdictions, year),
        _penalty_chart(jurisdictions, year),
        _complaint_chart(jurisdictions, year),
    ]


# --- Service ratings (好差评) --------------------------------------------------------------------------------------


def _score_labels() -> dict[int, str]:
    return {5: _("非常满意"), 4: _("满意"), 3: _("基本满意"), 2: _("不满意"), 1: _("非常不满意")}


def service_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    """Applicants' ratings of the service (好差评): counts per rating and the satisfied share per bureau."""
    section = _("好差评")
    ratings = ServiceRating.objects.filter(application__jurisdiction__in=jurisdictions, created_at__year=year)
    by_score = dict(ratings.values("score").annotate(n=Count("id")).values_list("score", "n"))
    total = sum(by_score.values())
    per_bureau = {
        row["application__jurisdiction_id"]: row
        for row in ratings.values("application__jurisdiction_id").annotate(
            n=Count("id"), satisfied=Count("id", filter=Q(score__gte=SATISFIED_FROM))
        )
    }
    rows = []
    for bureau in _bureaus(jurisdictions):
        row = per_bureau.get(bureau.pk, {"n": 0, "satisfied": 0})
        rows.append((bureau.display_name, row["n"], row["satisfied"], percent(row["satisfied"], row["n"])))
    satisfied = sum(n for score, n in by_score.items() if score >= SATISFIED_FROM)
    rows.append((_("合计"), total, satisfied, percent(satisfied, total)))
    note = _("%(year)d年申请人对办结事项的评价；满意：基本满意及以上。") % {"year": year}
    return [
        Chart(
            key="ratings",
            title=_("服务评价分布"),
            columns=(_("评价"), _("件数"), _("占比（%）")),
            rows=tuple(
                (label, by_score.get(score, 0), percent(by_score.get(score, 0), total))
                for score, label in _score_labels().items()
            ),
            section=section,
            note=note,
            extra={"formats": (TEXT, INT, PERCENT)},
        ),
        Chart(
            key="satisfaction",
            title=_("满意率"),
            columns=(_("登记管理机关"), _("评价件数"), _("满意"), _("满意率（%）")),
            rows=tuple(rows),
            section=section,
            note=note,
            extra={"formats": (TEXT, INT, INT, PERCENT), "bar_column": 3},
        ),
    ]
