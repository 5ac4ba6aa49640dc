"""The bureau's oversight of purchases: every figure checked against counts made here from the rows themselves."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from registry.choices import OfficerRole
from registry.models import Jurisdiction, MilestoneStatus, ProjectEvaluation, ProjectMilestone, PurchaserKind
from registry.selectors.purchase_oversight import purchase_charts, purchase_oversight
from tests.factories import ServiceProjectFactory, StreetUnitFactory, UserFactory
from tests.workflows.conftest import make_officer
from tests.workflows.test_evaluation_flow import make_evaluator

pytestmark = pytest.mark.django_db
YEAR = 2025


def project(unit, *, category="elderly", amount="100000", year=YEAR, org=None, grade=""):
    extra = {"application__organization": org} if org else {}
    made = ServiceProjectFactory(
        application__call__unit=unit,
        application__call__category=category,
        application__awarded_amount=Decimal(amount),
        awarded_on=datetime.date(year, 3, 1),
        final_grade=grade,
        **extra,
    )
    return made


def milestone(p, order, *, due, reported=None, status=MilestoneStatus.PENDING, paid=None):
    return ProjectMilestone.objects.create(
        project=p,
        order=order,
        title=f"阶段{order}",
        deliverable="记录",
        due_on=due,
        payment_amount=Decimal("10000"),
        status=status,
        accepted_report_on=reported,
        paid_amount=paid,
    )


@pytest.fixture
def world(minhang, songjiang):
    street = StreetUnitFactory(jurisdiction=minhang, name="莘庄镇")
    bureau = StreetUnitFactory(jurisdiction=minhang, name="闵行区民政局", kind=PurchaserKind.BUREAU)
    elsewhere = StreetUnitFactory(jurisdiction=songjiang, name="松江区方松街道")
    a = project(street, amount="100000", grade="excellent")
    b = project(street, category="children", amount="50000", org=a.organization, grade="fail")
    c = project(bureau, category="elderly", amount="80000")
    d = project(bureau, amount="70000", year=YEAR - 1)  # another year
    e = project(elsewhere, amount="999000")  # another district
    due = datetime.date(YEAR, 6, 30)
    milestone(a, 1, due=due, reported=due, status=MilestoneStatus.PAID, paid=Decimal("10000"))
    milestone(a, 2, due=due, reported=due + datetime.timedelta(days=1), status=MilestoneStatus.ACCEPTED)
    milestone(
        b, 1, due=due, reported=due - datetime.timedelta(days=5), status=MilestoneStatus.PAID, paid=Decimal("8000")
    )
    milestone(c, 1, due=due)  # not yet accepted: not counted
    milestone(e, 1, due=due, reported=due, status=MilestoneStatus.PAID, paid=Decimal("1"))
    evaluator = make_evaluator("expert_ov")
    for p, stage, grade in (
        (a, "final", "excellent"),
        (b, "final", "fail"),
        (c, "midterm", "good"),
        (e, "final", "good"),
    ):
        ProjectEvaluation.objects.create(
            project=p, stage=stage, evaluator=evaluator, assigned_by=evaluator.user, grade=grade, evaluated_on=due
        )
    return {"projects": [a, b, c, d, e], "minhang": minhang}


def test_figures_equal_counts_made_from_the_rows(world, minhang):
    figures = purchase_oversight(Jurisdiction.objects.filter(pk=minhang.pk), YEAR)
    mine = [p for p in world["projects"] if p.unit.jurisdiction_id == minhang.pk and p.awarded_on.year == YEAR]
    assert figures.projects == len(mine) == 3
    assert figures.amount == sum(p.amount for p in mine)
    by_category = {}
    for p in mine:
        n, amount = by_category.get(str(p.get_category_display()), (0, Decimal("0")))
        by_category[str(p.get_category_display())] = (n + 1, amount + p.amount)
    assert {label: (n, amount) for label, n, amount in figures.by_category} == by_category
    by_unit = {}
    for p in mine:
        n, amount = by_unit.get(p.unit.name, (0, Decimal("0")))
        by_unit[p.unit.name] = (n + 1, amount + p.amount)
    assert {unit: (n, amount) for unit, _d, n, amount in figures.by_unit} == by_unit
    assert figures.by_district == [(minhang.name, 3, sum(p.amount for p in mine))]
    assert figures.organizations_funded == len({p.organization_id for p in mine}) == 2
    milestones = ProjectMilestone.objects.filter(project__in=mine, status__in=("accepted", "paid"))
    on_time = [m for m in milestones if m.accepted_report_on <= m.due_on]
    assert (figures.milestones_accepted, figures.milestones_on_time) == (milestones.count(), len(on_time)) == (3, 2)
    assert figures.on_time_share == Decimal("66.7")
    assert figures.paid == sum(m.paid_amount or 0 for m in milestones)
    finals = dict(figures.final_results)
    assert finals["优秀"] == 1 and finals["不合格"] == 1 and finals["良好"] == 0
    assert dict(figures.midterm_results)["良好"] == 1
    years = {year: (n, amount) for year, n, amount in figures.by_year}
    assert years == {YEAR - 1: (1, Decimal("70000")), YEAR: (3, Decimal("230000"))}


def test_charts_carry_the_same_figures_for_the_statistics_page(world, minhang):
    charts = {chart.key: chart for chart in purchase_charts(Jurisdiction.objects.filter(pk=minhang.pk), YEAR)}
    assert set(charts) >= {"purchase_by_category", "purchase_by_district", "purchase_milestones_on_time"}
    category = {row[0]: row[1:] for row in charts["purchase_by_category"].rows}
    assert category["养老服务"] == (2, Decimal("180000"))
    assert category["儿童青少年服务"] == (1, Decimal("50000"))
    assert dict(charts["purchase_milestones_on_time"].rows) == {"已验收": 3, "按期完成": 2}
    assert dict(charts["purchase_final_results"].rows)["不合格"] == 1
    for chart in charts.values():
        assert all(len(row) == len(chart.columns) for row in chart.rows)


def test_the_officer_page_shows_only_the_districts_bureau_and_exports_excel(world, minhang):
    officer = make_officer("mh_reviewer_ov", minhang, OfficerRole.REVIEWER)
    client = Client()
    client.force_login(officer)
    body = client.get(f"/workflow/work/purchase/oversight/?year={YEAR}").content.decode()
    assert "莘庄镇" in body and "松江区方松街道" not in body
    response = client.get(f"/workflow/work/purchase/oversight/?year={YEAR}&format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["按服务类别"].iter_rows(values_only=True))
    assert rows[0] == ("服务类别", "项目数", "金额（元）")
    assert ("养老服务", 2, 180000) in rows
    stranger = Client()
    stranger.force_login(UserFactory(username="plain_ov"))
    assert stranger.get("/workflow/work/purchase/oversight/").status_code == 403
