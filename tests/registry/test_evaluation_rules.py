"""Rules of the standardization evaluation: grade thresholds, indicator tables, score limits, eligibility."""

import datetime
from decimal import Decimal

import pytest

from registry.rules.evaluation import (
    GradeReviewKind,
    Part,
    eligibility_problems,
    grade_expires_on,
    grade_first_day,
    grade_for,
    grade_rank,
    grade_review_problems,
    grade_valid_from,
    points_problem,
    reevaluation_problems,
    rules_for_round,
    table_problems,
)

THRESHOLDS = {"5A": 900, "4A": 800, "3A": 700, "2A": 600, "1A": 500}


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (1000, "5A"),
        (900, "5A"),
        (Decimal("899.5"), "4A"),
        (800, "4A"),
        (700, "3A"),
        (Decimal("699.9"), "2A"),
        (600, "2A"),
        (500, "1A"),
        (Decimal("499.5"), ""),
        (0, ""),
        (None, ""),
    ],
)
def test_grade_follows_the_thresholds(total, grade):
    assert grade_for(total, THRESHOLDS) == grade


def test_thresholds_are_settings_not_constants():
    strict = {**THRESHOLDS, "5A": 950}
    assert grade_for(920, strict) == "4A"


def test_grade_rank_orders_grades():
    assert grade_rank("5A") > grade_rank("3A") > grade_rank("1A") > grade_rank("")


def test_complete_table_has_no_problems():
    rows = [(Part.BASIC, 60), (Part.GOVERNANCE, 370), (Part.PERFORMANCE, 420), (Part.SOCIAL, 150)]
    assert table_problems(rows) == []


def test_table_must_total_1000_and_cover_four_parts():
    problems = table_problems([(Part.BASIC, 60), (Part.GOVERNANCE, 370), (Part.PERFORMANCE, 420)])
    assert "指标总分应为 1000 分，现为 850 分。" in problems
    assert "缺少“社会评价”部分的指标。" in problems


def test_table_rejects_zero_point_indicators():
    rows = [(Part.BASIC, 0), (Part.BASIC, 60), (Part.GOVERNANCE, 370), (Part.PERFORMANCE, 420), (Part.SOCIAL, 150)]
    assert table_problems(rows) == ["每项指标的分值须大于 0。"]


def test_points_within_maximum_pass_and_above_fail():
    assert points_problem(Decimal("20"), 20, label="1.1 法人资格") == ""
    assert points_problem(None, 20, label="1.1 法人资格") == ""
    assert points_problem(Decimal("20.5"), 20, label="1.1 法人资格") == "“1.1 法人资格”的得分 20.5 超过该项满分 20 分。"
    assert points_problem(Decimal("-1"), 20, label="1.1 法人资格") == "“1.1 法人资格”的得分不能为负数。"
    # Whole numbers read as typed, not in exponent notation (Decimal("30").normalize() is 3E+1).
    assert points_problem(Decimal("30.0"), 20, label="1.1 法人资格") == "“1.1 法人资格”的得分 30 超过该项满分 20 分。"


def _eligible(**overrides):
    facts = {
        "org_type": "1",
        "round_types": ["1", "2"],
        "status": "normal",
        "founded_on": datetime.date(2020, 5, 18),
        "applied_on": datetime.date(2026, 11, 24),
        "min_years": 2,
        "on_dishonest_list": False,
        "on_abnormal_list": False,
        "exclude_abnormal": True,
        "last_inspection_result": "passed",
        "exclude_failed_inspection": True,
        "under_cleanup": False,
    }
    return eligibility_problems(**{**facts, **overrides})


def test_registered_organization_in_good_standing_is_eligible():
    assert _eligible() == []


def test_two_full_years_counted_to_the_day():
    assert _eligible(founded_on=datetime.date(2024, 11, 24)) == []
    (problem,) = _eligible(founded_on=datetime.date(2024, 11, 25))
    assert problem == "取得登记证书满 2 年的社会组织方可申请评估（登记日期：2024年11月25日）。"


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"org_type": "3"}, "本轮评估不包括该类型的社会组织。"),
        ({"status": "revoked"}, "只有登记状态正常的社会组织可以申请评估。"),
        ({"on_dishonest_list": True}, "已列入严重违法失信名单，不得申请评估。"),
        ({"on_abnormal_list": True}, "已列入活动异常名录，移出后方可申请评估。"),
        ({"last_inspection_result": "failed"}, "最近一次年检结论为不合格，不得申请评估。"),
        ({"under_cleanup": True}, "正在接受清理整顿，不得申请评估。"),
    ],
)
def test_each_ground_of_ineligibility_is_named(overrides, problem):
    assert _eligible(**overrides) == [problem]


def test_abnormal_list_and_failed_inspection_exclusions_are_settings():
    assert _eligible(on_abnormal_list=True, exclude_abnormal=False) == []
    assert _eligible(last_inspection_result="failed", exclude_failed_inspection=False) == []


@pytest.mark.django_db
def test_default_indicator_tables_are_complete_for_every_type():
    from registry.choices import OrgType
    from registry.models import IndicatorTable

    for org_type in OrgType.values:
        table = IndicatorTable.objects.get(org_type=org_type, version=1)
        assert table_problems(table.indicators.values_list("part", "max_points")) == []


def test_rounds_opened_before_march_2026_keep_the_2010_rules():
    assert rules_for_round(datetime.date(2026, 2, 28)) == "2010"
    assert rules_for_round(datetime.date(2026, 3, 1)) == "2026"


def test_grade_validity_runs_from_next_january_to_the_end_of_the_fifth_year():
    announced = datetime.date(2026, 6, 15)
    assert grade_valid_from(announced, rules="2026") == datetime.date(2027, 1, 1)
    assert grade_expires_on(announced, rules="2026", years=5) == datetime.date(2031, 12, 31)
    # The 2010 rules: five years from the announcement.
    assert grade_valid_from(announced, rules="2010") == announced
    assert grade_expires_on(announced, rules="2010", years=5) == datetime.date(2031, 6, 14)


def test_failed_inspection_or_light_penalty_no_longer_excludes_under_the_revised_rules():
    assert _eligible(last_inspection_result="failed", rules="2026") == []
    assert _eligible(on_abnormal_list=True, only_light_penalties=True, rules="2026") == []
    assert _eligible(on_abnormal_list=True, only_light_penalties=False, rules="2026") == [
        "已列入活动异常名录，移出后方可申请评估。"
    ]
    assert _eligible(on_dishonest_list=True, rules="2026") == ["已列入严重违法失信名单，不得申请评估。"]
    assert _eligible(on_abnormal_list=True, only_light_penalties=True, rules="2010") == [
        "已列入活动异常名录，移出后方可申请评估。"
    ]


def test_the_first_day_of_a_grade_is_read_back_from_its_expiry():
    assert grade_first_day(datetime.date(2031, 12, 31), rules="2026", years=5) == datetime.date(2027, 1, 1)
    assert grade_first_day(datetime.date(2029, 6, 9), rules="2010", years=5) == datetime.date(2024, 6, 10)


@pytest.mark.parametrize(
    ("applied_on", "refused"),
    [
        (datetime.date(2027, 1, 1), False),  # first day of the grade
        (datetime.date(2030, 12, 31), False),  # last day of its fourth year
        (datetime.date(2031, 1, 1), True),  # fifth year: wait for it to lapse
        (datetime.date(2032, 1, 1), False),  # lapsed
    ],
)
def test_revised_rules_allow_re_evaluation_within_the_first_4_years_of_a_grade(applied_on, refused):
    """社会组织评估管理办法 (2026): re-evaluation during validity only within its first 4 years."""
    problems = reevaluation_problems(
        grade="3A", grade_expires_on=datetime.date(2031, 12, 31), applied_on=applied_on, rules="2026"
    )
    assert bool(problems) is refused
    if refused:
        assert problems == ["评估等级有效期内申请重新评估，应在有效期的前4年内（2030年12月31日前）提出。"]


def test_2010_rules_allow_re_evaluation_only_after_the_grade_lapses():
    """社会组织评估管理办法 (2010): a graded organization applies again after its grade has lapsed."""
    expires = datetime.date(2027, 6, 9)
    assert reevaluation_problems(grade="3A", grade_expires_on=expires, applied_on=expires, rules="2010") == [
        "评估等级有效期至2027年6月9日，有效期满后方可重新申请评估（2010年办法）。"
    ]
    assert (
        reevaluation_problems(grade="3A", grade_expires_on=datetime.date(2024, 6, 9), applied_on=expires, rules="2010")
        == []
    )
    assert reevaluation_problems(grade="", grade_expires_on=None, applied_on=expires, rules="2010") == []


def test_a_tracking_or_verification_evaluation_keeps_lowers_or_withdraws_never_raises():
    assert set(GradeReviewKind.values) == {"tracking", "verification"}
    for to_grade in ("4A", "2A", ""):
        assert grade_review_problems(current_grade="4A", to_grade=to_grade, reason="实地核查") == []
    assert grade_review_problems(current_grade="3A", to_grade="4A", reason="实地核查") == [
        "跟踪评估或核查评估不能提高评估等级（现为3A）。"
    ]
    assert grade_review_problems(current_grade="", to_grade="", reason="实地核查") == [
        "跟踪评估和核查评估只针对已获得评估等级的社会组织。"
    ]
    assert grade_review_problems(current_grade="3A", to_grade="2A", reason=" ") == [
        "请写明跟踪评估或核查评估的结论和理由。"
    ]
