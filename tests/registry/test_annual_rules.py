"""Annual inspection rules as pure functions: who reports, by when, the simplified path and the figures."""

import datetime
from decimal import Decimal

import pytest

from registry.choices import OrgType
from registry.rules.annual import (
    competent_unit_deadline,
    finance_errors,
    follows_simplified_path,
    must_report,
    report_deadline,
)


@pytest.mark.parametrize(
    ("founded_on", "reports"),
    [
        (datetime.date(2025, 6, 30), True),
        (datetime.date(2025, 7, 1), False),
        (datetime.date(2019, 1, 1), True),
        (None, False),
    ],
)
def test_only_organizations_registered_by_30_june_report_on_the_year(founded_on, reports):
    assert must_report(founded_on, 2025) is reports


def test_report_deadlines_by_type():
    # 基金会管理条例 第三十六条: foundations by 31 March; the others at the bureau by 31 May.
    assert report_deadline(2025, org_type=OrgType.FOUNDATION) == datetime.date(2026, 3, 31)
    assert report_deadline(2025, org_type=OrgType.SOCIAL_ASSOCIATION) == datetime.date(2026, 5, 31)
    assert report_deadline(2025, org_type=OrgType.SERVICE_AGENCY, month=6, day=30) == datetime.date(2026, 6, 30)


def test_competent_unit_deadline_only_where_there_is_one():
    kinds = dict(year=2025)
    assert competent_unit_deadline(
        **kinds, org_type=OrgType.SERVICE_AGENCY, competent_unit="区教育局"
    ) == datetime.date(2026, 3, 31)
    assert competent_unit_deadline(**kinds, org_type=OrgType.SERVICE_AGENCY, competent_unit="  ") is None
    assert competent_unit_deadline(**kinds, org_type=OrgType.FOUNDATION, competent_unit="市民政局") is None


@pytest.mark.parametrize(
    ("grade", "expires", "simplified"),
    [
        ("5A", datetime.date(2027, 12, 31), True),
        ("4A", datetime.date(2026, 12, 1), True),
        ("4A", datetime.date(2026, 11, 30), False),
        ("3A", datetime.date(2030, 12, 31), False),
        ("4A", None, False),
        ("", None, False),
    ],
)
def test_simplified_inspection_is_for_valid_4a_and_above(grade, expires, simplified):
    assert follows_simplified_path(grade, expires, on=datetime.date(2026, 12, 1)) is simplified


def figures(**overrides):
    values = dict(
        income=Decimal("500000"),
        expenditure=Decimal("450000"),
        total_assets=Decimal("300000"),
        total_liabilities=Decimal("100000"),
        net_assets=Decimal("200000"),
    )
    values.update(overrides)
    return values


def test_balanced_figures_pass():
    assert finance_errors(**figures()) == []


def test_missing_figures_are_named():
    assert finance_errors(**figures(income=None, net_assets=None)) == ["请填写：本年收入、净资产合计。"]


def test_negative_figures_are_refused_except_net_assets():
    errors = finance_errors(
        **figures(expenditure=Decimal("-1"), total_liabilities=Decimal("400000"), net_assets=Decimal("-100000"))
    )
    assert errors == ["本年支出不能为负数。"]


def test_assets_must_equal_liabilities_plus_net_assets():
    errors = finance_errors(**figures(total_assets=Decimal("300000.01")))
    assert errors == ["资产总计（300,000.01元）应等于负债合计与净资产合计之和（300,000.00元）。"]
