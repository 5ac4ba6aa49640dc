"""Eligibility for calls of government-purchased services, and what a call needs before it is published.

政府购买服务管理办法 (财政部令第102号) 第八条 and the call's own conditions; pure functions, no database.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from registry.rules.purchase_eligibility import (
    barred_until,
    budget_total,
    content_problems,
    eligibility_problems,
    grade_bonus_points,
    grade_bonus_problems,
    publish_problems,
    service_period_problems,
    submission_problems,
    weights_problems,
    years_registered,
)

D = datetime.date
TODAY = D(2026, 6, 15)
CLEAN = {
    "status": "normal",
    "on_dishonest_list": False,
    "on_abnormal_list": False,
    "suspended_until": None,
    "serious_penalty_on": None,
    "founded_on": D(2020, 3, 1),
    "last_inspection_result": "passed",
    "grade": "",
    "grade_valid": False,
    "barred_until": None,
    "min_years_registered": 2,
    "min_grade": "",
    "today": TODAY,
}


def problems(**changes):
    return eligibility_problems(**{**CLEAN, **changes})


def test_a_normal_organization_with_a_passed_inspection_qualifies():
    assert problems() == []


def test_article_8_normal_status_good_credit_not_suspended():
    # 第八条: registered normally; good credit (on neither list); not stopped from its activities.
    assert problems(status="revoked") == ["登记状态不正常。"]
    assert problems(on_dishonest_list=True) == ["已列入严重违法失信名单。"]
    assert problems(on_abnormal_list=True) == ["已列入活动异常名录。"]
    assert problems(suspended_until=D(2026, 7, 1))[0].startswith("正在限期停止活动")
    assert problems(suspended_until=D(2026, 6, 14)) == []


def test_article_8_no_heavier_penalty_in_the_three_years_before():
    assert "3年内不具备资质" in problems(serious_penalty_on=D(2023, 6, 16))[0]
    assert problems(serious_penalty_on=D(2023, 6, 15)) == []


def test_the_last_annual_inspection_must_be_passed():
    assert problems(last_inspection_result="basic") == ["最近一次年检结论不是“合格”。"]
    assert problems(last_inspection_result="failed") == ["最近一次年检结论不是“合格”。"]
    # Registered long ago with no inspection on record: not passed.
    assert problems(last_inspection_result="") == ["最近一次年检结论不是“合格”。"]
    # Registered last year: no inspection was due yet.
    assert problems(last_inspection_result="", founded_on=D(2025, 9, 1), min_years_registered=0) == []


def test_years_registered_as_the_call_asks():
    assert years_registered(D(2024, 6, 16), TODAY) == 1
    assert years_registered(D(2024, 6, 15), TODAY) == 2
    assert problems(founded_on=D(2024, 6, 15)) == []
    [reason] = problems(founded_on=D(2024, 6, 16))
    assert reason.startswith("成立登记未满2年")


def test_minimum_grade_needs_a_valid_grade_at_least_that_high():
    assert problems(min_grade="3A", grade="4A", grade_valid=True) == []
    assert problems(min_grade="3A", grade="3A", grade_valid=True) == []
    assert problems(min_grade="3A", grade="2A", grade_valid=True) == ["评估等级未达到3A或已过有效期。"]
    assert problems(min_grade="3A", grade="5A", grade_valid=False) == ["评估等级未达到3A或已过有效期。"]
    assert problems(min_grade="3A") == ["评估等级未达到3A或已过有效期。"]


def test_a_failed_project_bars_until_the_date_the_setting_gives():
    until = barred_until([D(2025, 3, 10), D(2024, 1, 5)], bar_years=2)
    assert until == D(2027, 3, 9)
    assert barred_until([], bar_years=2) is None
    [reason] = problems(barred_until=until)
    assert "不得参与项目征集" in reason
    assert problems(barred_until=D(2026, 6, 14)) == []
    assert problems(barred_until=D(2026, 6, 15)) != []


def test_every_reason_is_given_at_once():
    reasons = problems(on_abnormal_list=True, last_inspection_result="failed", founded_on=D(2025, 1, 1))
    assert len(reasons) == 3


def test_grade_bonus_points_for_a_valid_grade_only():
    bonus = {"5A": 5, "4A": 3}
    assert grade_bonus_points(bonus, "5A", grade_valid=True) == Decimal(5)
    assert grade_bonus_points(bonus, "3A", grade_valid=True) == 0
    assert grade_bonus_points(bonus, "5A", grade_valid=False) == 0
    assert grade_bonus_problems({"6A": 1}) == ["加分的评估等级“6A”不存在。"]
    assert grade_bonus_problems({"5A": 11}) == ["5A的加分须在0至10分之间。"]
    assert grade_bonus_problems(bonus) == []


def test_weights_add_up_to_100():
    assert weights_problems([40, 30, 30]) == []
    assert weights_problems([40, 30, 20]) == ["评分项权重合计须为100，现为90。"]
    assert weights_problems([]) == ["请至少设置一个评分项。"]
    assert weights_problems([100, 0]) == ["每个评分项的权重须大于0。"]


def _call(**changes):
    now = timezone.now()
    call = {
        "budget": Decimal("300000"),
        "max_per_project": Decimal("100000"),
        "deadline": now + datetime.timedelta(days=20),
        "service_start": (now + datetime.timedelta(days=60)).date(),
        "service_end": (now + datetime.timedelta(days=400)).date(),
        "weights": [60, 40],
        "description": "为辖区独居老人提供助餐服务",
        "venture": False,
        "rounds": 0,
        "now": now,
    }
    call.update(changes)
    return publish_problems(**call)


def test_a_complete_call_may_be_published():
    assert _call() == []


def test_publish_checks_money_deadline_period_and_weights():
    now = timezone.now()
    assert _call(budget=Decimal("50000")) == ["预算总额不得低于单个项目资助上限。"]
    assert _call(deadline=now - datetime.timedelta(minutes=1)) == ["申报截止时间须晚于发布时间。"]
    assert _call(service_end=(now + datetime.timedelta(days=30)).date()) == ["服务期结束日期须晚于开始日期。"]
    assert _call(
        service_start=(now + datetime.timedelta(days=5)).date(), service_end=(now + datetime.timedelta(days=300)).date()
    ) == ["服务期须在申报截止之后开始。"]
    assert _call(weights=[60, 30]) == ["评分项权重合计须为100，现为90。"]
    assert _call(venture=True) == ["公益创投须至少设置一轮比赛（初赛、决赛）。"]
    assert _call(venture=True, rounds=2) == []


def test_a_late_or_ineligible_submission_is_refused_with_reasons():
    now = timezone.now()
    deadline = now - datetime.timedelta(hours=1)
    [late] = submission_problems(now=now, deadline=deadline, call_open=True, eligibility=[])
    assert late.startswith("已超过申报截止时间")
    assert submission_problems(now=now, deadline=now, call_open=True, eligibility=["已列入活动异常名录。"]) == [
        "已列入活动异常名录。"
    ]
    assert submission_problems(now=now, deadline=now, call_open=False, eligibility=[]) == ["该项目征集不在征集期内。"]
    assert submission_problems(now=now, deadline=now, call_open=True, eligibility=[]) == []


def test_content_and_budget_total():
    lines = [{"item": "人员经费", "amount": "60000.00"}, {"item": "活动经费", "amount": "45000.50"}]
    assert budget_total(lines) == Decimal("105000.50")
    assert content_problems(
        project_name="助餐", plan="方案", requested=Decimal("105000.50"), max_per_project=Decimal("100000")
    ) == ["预算合计105000.50元超过单个项目资助上限100000元。"]
    assert content_problems(project_name="", plan="", requested=None, max_per_project=Decimal(1)) == [
        "请填写项目名称。",
        "请填写项目方案。",
        "请填写预算明细，合计须大于0。",
    ]


def test_a_service_period_runs_one_year_longer_only_with_its_reason_and_never_over_three():
    """政府购买服务管理办法 第二十四条: one year as a rule, up to three for a stable, continuous, steadily funded
    service."""
    start = D(2027, 1, 1)
    assert service_period_problems(start, D(2027, 12, 31), "") == []
    assert service_period_problems(start, D(2028, 1, 1), "") == []  # the same day a year on: still one year
    [reason_needed] = service_period_problems(start, D(2028, 1, 2), "")
    assert "须说明" in reason_needed and "第二十四条" in reason_needed
    assert service_period_problems(start, D(2028, 1, 2), "  ") == [reason_needed]
    assert service_period_problems(start, D(2029, 12, 31), "居家养老服务内容固定，经费列入三年滚动预算") == []
    [too_long] = service_period_problems(start, D(2030, 1, 2), "居家养老服务内容固定，经费列入三年滚动预算")
    assert "不得超过3年" in too_long
    assert service_period_problems(D(2028, 2, 29), D(2029, 2, 28), "") == []  # a leap day's year ends on 28 February
    now = timezone.now()
    two_years = {"service_end": (now + datetime.timedelta(days=60 + 730)).date()}
    assert _call(**two_years) == [reason_needed]
    assert _call(**two_years, multi_year_reason="社区助餐服务连续开展，经费来源稳定") == []
