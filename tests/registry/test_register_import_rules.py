"""Reading the cells of a hand-kept register: dates, codes, amounts, grades (no database)."""

import datetime
from decimal import Decimal

import pytest

from registry.rules.register_import import (
    CellError,
    current_grade,
    grade_expiry,
    header_key,
    read_code,
    read_credit_list,
    read_credit_reason,
    read_date,
    read_decimal,
    read_grade,
    read_name,
    read_org_type,
    read_status,
    read_year,
)


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2020, 3, 5),
        datetime.datetime(2020, 3, 5, 0, 0),
        43895,
        43895.0,
        "43895",
        "2020-03-05",
        "2020/3/5",
        "2020.3.5",
        "20200305",
        "2020年3月5日",
        "２０２０年３月５日",
        " 2020 年 3 月 5 日 ",
    ],
)
def test_dates_in_every_form_a_spreadsheet_holds(value):
    assert read_date(value) == datetime.date(2020, 3, 5)


@pytest.mark.parametrize("value", ["2020-13-45", "三月五日", "2020年2月30日", 0, "5/3/2020"])
def test_unreadable_dates_are_named_in_the_message(value):
    with pytest.raises(CellError, match="不是可识别的日期"):
        read_date(value)


def test_codes_are_upper_cased_half_width_without_spaces():
    assert read_code(" ５１３１０１１２ｍｊ０００００１ｘ ") == "51310112MJ000001X"
    assert read_code("51310112-mj000001 x") == "51310112MJ000001X"


def test_names_lose_spaces_but_keep_full_width_brackets():
    assert read_name("上海市闵行区　阳光（养老）服务中心 ") == "上海市闵行区阳光（养老）服务中心"


@pytest.mark.parametrize(
    ("value", "amount"),
    [(50000, "50000.00"), ("5万元", "50000.00"), ("50,000元", "50000.00"), ("３００００", "30000.00")],
)
def test_amounts(value, amount):
    assert read_decimal(value) == Decimal(amount)


def test_amount_that_is_not_a_number():
    with pytest.raises(CellError, match="“五万”不是金额。"):
        read_decimal("五万")


@pytest.mark.parametrize("value", ["5A", "５Ａ", "5a", "5A级", "AAAAA"])
def test_grades(value):
    assert read_grade(value) == "5A"


def test_years_and_types_and_statuses():
    assert read_year("2024年度") == read_year(2024.0) == 2024
    assert read_org_type("社会服务机构") == read_org_type("民办非企业单位（社会服务机构）") == "2"
    assert read_status("") == "normal"
    assert read_status("注销") == "deregistered"
    with pytest.raises(CellError, match="筹备中的组织尚无统一社会信用代码"):
        read_status("筹备中")
    with pytest.raises(CellError, match="“协会”不是可选的值"):
        read_org_type("协会")


def test_credit_list_must_agree_with_the_rule():
    assert read_credit_list("", reason_code="revoked") == "dishonest"
    with pytest.raises(CellError, match="依据“被吊销登记证书或者撤销成立登记”应列入严重违法失信名单。"):
        read_credit_list("活动异常名录", reason_code="revoked")


def test_grade_validity_and_the_grade_in_force():
    assert grade_expiry(datetime.date(2023, 12, 20), years=5) == datetime.date(2028, 12, 31)
    grades = [
        (datetime.date(2015, 1, 1), "5A", datetime.date(2020, 12, 31)),
        (datetime.date(2021, 6, 1), "3A", datetime.date(2026, 12, 31)),
    ]
    assert current_grade(grades, today=datetime.date(2026, 1, 1)) == ("3A", datetime.date(2026, 12, 31))
    assert current_grade(grades, today=datetime.date(2027, 1, 1)) == ("", None)


def test_headers_match_with_markers_and_full_width_brackets():
    assert header_key(" 注册资金(元)* ") == header_key("注册资金（元）")


def test_older_wording_of_credit_grounds_reads_as_todays_ground():
    assert read_credit_reason("未按时提交年度工作报告") == "annual_report_missing"
    assert read_credit_reason("被撤销登记") == "revoked"
