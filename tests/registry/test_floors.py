"""Local settings may not go below the statutory floors (nor above the statutory ceilings)."""

from django.conf import settings
from django.core import checks

from registry.rules.floors import setting_limit_errors


def test_the_default_settings_are_within_the_law():
    assert setting_limit_errors(settings.REGISTRY) == []


def test_funds_and_members_below_the_regulations_are_refused():
    errors = setting_limit_errors(
        {
            "ASSOCIATION_MIN_FUNDS_YUAN": 29_999,  # 社团条例 第十条第一款第(五)项: 30,000
            "FOUNDATION_MIN_FUND_YUAN": 1_000_000,  # 基金会条例 第八条第(二)项: 2,000,000
            "ASSOCIATION_MIN_INDIVIDUAL_MEMBERS": 30,  # 社团条例 第十条第一款第(一)项: 50
        }
    )
    assert len(errors) == 3
    assert (
        "设置 ASSOCIATION_MIN_FUNDS_YUAN=29999 低于法定下限 30000（《社会团体登记管理条例》第十条第一款第（五）项）。"
        in errors
    )
    assert (
        "设置 FOUNDATION_MIN_FUND_YUAN=1000000 低于法定下限 2000000（《基金会管理条例》第八条第（二）项）。" in errors
    )


def test_periods_cannot_be_shortened_or_stretched_past_the_law():
    errors = setting_limit_errors(
        {
            "CHANGE_WITHIN_DAYS": 15,  # 社团条例 第十八条: 30 days to apply
            "ACCEPTANCE_WORKING_DAYS": 7,  # 行政许可法 第三十二条: 5 days
            "CERTIFICATE_ISSUE_WORKING_DAYS": 10,  # at the ceiling: allowed
            "REPORT_DEADLINE_MONTH": 4,  # 社团条例 第二十八条: 31 May
            "REPORT_DEADLINE_DAY": 30,
        }
    )
    assert [e.split("=")[0] for e in errors[:2]] == ["设置 CHANGE_WITHIN_DAYS", "设置 ACCEPTANCE_WORKING_DAYS"]
    assert "早于法定的5月31日" in errors[2] and len(errors) == 3


def test_a_stricter_local_setting_is_allowed():
    assert setting_limit_errors({"ASSOCIATION_MIN_FUNDS_YUAN": 100_000, "REPORT_DEADLINE_MONTH": 6}) == []


def test_the_system_check_stops_startup_on_a_setting_below_the_law(settings):
    settings.REGISTRY = {**settings.REGISTRY, "FOUNDATION_MIN_FUND_YUAN": 500_000}
    errors = [e for e in checks.run_checks() if e.id == "registry.E001"]
    assert len(errors) == 1 and errors[0].level == checks.ERROR and "FOUNDATION_MIN_FUND_YUAN" in errors[0].msg
