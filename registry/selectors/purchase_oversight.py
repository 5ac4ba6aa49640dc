"""The bureau's oversight of purchases from organizations across the purchasers of its districts: money by
category, purchasing unit, district and year; organizations funded; milestones on time; evaluation results.

Projects count in the year they were awarded (立项日期); money is the awarded amount, paid money the payments
recorded for accepted milestones. `purchase_charts` gives the same figures to the sector statistics page."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from registry.models import (
    EvaluationGrade,
    EvaluationStage,
    MilestoneStatus,
    ProjectEvaluation,
    ProjectMilestone,
    ServiceCategory,
    ServiceProject,
)
from registry.rules.purchase_delivery import share
from registry.selectors.statistics_base import Chart

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PurchaseOversight:
    year: int | None
    projects: int
    amount: Decimal
    paid: Decimal
    by_category: list[tuple]  # (category label, projects, amount)
    by_unit: list[tuple]  # (unit, district, projects, amount)
    by_district: list[tuple]  # (district, projects, amount)
    by_year: list[tuple]  # (year, projects, amount), every year whatever `year` says
    organizations: list[tuple]  # (organization, projects, amount)
    milestones_accepted: int
    milestones_on_time: int
    on_time_share: Decimal | None
    final_results: list[tuple]  # (grade label, projects)
    midterm_results: list[tuple]  # (grade label, projects)

    @property
    def organizations_funded(self) -> int:
        return len(self.organizations)


def overseen_projects(jurisdictions: QuerySet, year: int | None = None) -> QuerySet:
    """Projects bought by the purchasing units of `jurisdictions` (awarded in `year`, if given)."""
    projects = ServiceProject.objects.filter(unit__jurisdiction__in=jurisdictions)
    if year is not None:
        projects = projects.filter(awarded_on__year=year)
    return projects


def _money(value) -> Decimal:
    return value if value is not None else ZERO


def purchase_oversight(jurisdictions: QuerySet, year: int | None = None) -> PurchaseOversight:
    """Every figure of the oversight page for the districts in `jurisdictions` and the year (None: all years)."""
    projects = overseen_projects(jurisdictions, year)
    totals = projects.aggregate(n=Count("id"), amount=Sum("amount"))
    labels = dict(ServiceCategory.choices)
    by_category = [
        (str(labels.get(row["category"], row["category"])), row["n"], _money(row["amount"]))
        for row in projects.values("category")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-amount", "category")
    ]
    by_unit = [
        (row["unit__name"], row["unit__jurisdiction__name"], row["n"], _money(row["amount"]))
        for row in projects.values("unit__name", "unit__jurisdiction__name")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-amount", "unit__name")
    ]
    by_district = [
        (row["unit__jurisdiction__name"], row["n"], _money(row["amount"]))
        for row in projects.values("unit__jurisdiction__name")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-amount", "unit__jurisdiction__name")
    ]
    by_year = [
        (row["y"], row["n"], _money(row["amount"]))
        for row in overseen_projects(jurisdictions)
        .annotate(y=ExtractYear("awarded_on"))
        .values("y")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("y")
    ]
    organizations = [
        (row["organization__name"], row["n"], _money(row["amount"]))
        for row in projects.values("organization__name")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-amount", "organization__name")
    ]
    milestones = ProjectMilestone.objects.filter(project__in=projects)
    paid = milestones.aggregate(paid=Sum("paid_amount"))["paid"]
    accepted = milestones.filter(status__in=(MilestoneStatus.ACCEPTED, MilestoneStatus.PAID))
    counts = accepted.aggregate(n=Count("id"), on_time=Count("id", filter=Q(accepted_report_on__lte=F("due_on"))))
    grades = dict(EvaluationGrade.choices)

    def results(stage):
        rows = (
            ProjectEvaluation.objects.filter(project__in=projects, stage=stage)
            .exclude(grade="")
            .values("grade")
            .annotate(n=Count("id"))
        )
        found = {row["grade"]: row["n"] for row in rows}
        return [(str(grades[grade]), found.get(grade, 0)) for grade in EvaluationGrade.values]

    return PurchaseOversight(
        year=year,
        projects=totals["n"],
        amount=_money(totals["amount"]),
        paid=_money(paid),
        by_category=by_category,
        by_unit=by_unit,
        by_district=by_district,
        by_year=by_year,
        organizations=organizations,
        milestones_accepted=counts["n"],
        milestones_on_time=counts["on_time"],
        on_time_share=share(counts["on_time"], counts["n"]),
        final_results=results(EvaluationStage.FINAL),
        midterm_results=results(EvaluationStage.MIDTERM),
    )


def purchase_charts(jurisdictions: QuerySet, year: int) -> list[Chart]:
    """The purchase-of-services charts of the sector statistics for `jurisdictions` in `year`."""
    figures = purchase_oversight(jurisdictions, year)
    money, projects = _("金额（元）"), _("项目数")
    section = _("政府购买服务")
    return [
        Chart(
            key="purchase_by_category",
            title=_("政府购买服务：按服务类别"),
            columns=(_("服务类别"), projects, money),
            rows=tuple(figures.by_category),
            note=_("按立项日期计入年度；金额为立项金额。"),
            unit=_("元"),
            section=section,
        ),
        Chart(
            key="purchase_by_district",
            title=_("政府购买服务：按区县"),
            columns=(_("区县"), projects, money),
            rows=tuple(figures.by_district),
            note=_("按购买主体所在区县统计。"),
            unit=_("元"),
            section=section,
        ),
        Chart(
            key="purchase_by_unit",
            title=_("政府购买服务：按购买主体"),
            columns=(_("购买主体"), projects, money),
            rows=tuple((unit, n, amount) for unit, _district, n, amount in figures.by_unit),
            unit=_("元"),
            section=section,
        ),
        Chart(
            key="purchase_organizations",
            title=_("政府购买服务：承接组织"),
            columns=(_("承接组织"), projects, money),
            rows=tuple(figures.organizations),
            kind="table",
            note=_("共 %(n)d 个组织承接项目。") % {"n": figures.organizations_funded},
            unit=_("元"),
            section=section,
        ),
        Chart(
            key="purchase_milestones_on_time",
            title=_("政府购买服务：里程碑按期完成"),
            columns=(_("里程碑"), _("数量")),
            rows=((_("已验收"), figures.milestones_accepted), (_("按期完成"), figures.milestones_on_time)),
            note=_("按期：验收通过的报送不晚于完成期限。按期率：%(share)s%%。")
            % {"share": figures.on_time_share if figures.on_time_share is not None else "—"},
            section=section,
        ),
        Chart(
            key="purchase_final_results",
            title=_("政府购买服务：结项评估结果"),
            columns=(_("评估结果"), projects),
            rows=tuple(figures.final_results),
            section=section,
        ),
    ]
