"""GB 11643 resident identity numbers."""

import datetime

import pytest

from registry.rules.idcards import id_check_char, id_number_errors, mask_id_number


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example
        "11010519491231002x",  # lower-case x is accepted and normalized
        "440524188001010014",  # the standard's example born 1880
        " 110105 19491231 002X ",  # spaces typed by people are ignored
    ],
)
def test_valid_numbers(number):
    assert id_number_errors(number) == []


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "身份证号码校验码错误。"),
        ("11010519491331002X", "身份证号码第7至14位不是有效的出生日期。"),
        ("1101051949123100", "身份证号码应为18位：前17位为数字，最后一位为数字或X。"),
        ("11010519491231002Y", "身份证号码应为18位：前17位为数字，最后一位为数字或X。"),
        ("", "身份证号码应为18位：前17位为数字，最后一位为数字或X。"),
    ],
)
def test_invalid_numbers_explain_themselves(number, message):
    assert message in id_number_errors(number)


def test_birth_date_in_future_is_refused():
    first17 = "31011220300101001"
    number = first17 + id_check_char(first17)
    assert id_number_errors(number, today=datetime.date(2026, 11, 24)) == ["身份证号码中的出生日期晚于今天。"]


def test_mask_keeps_only_ends():
    assert mask_id_number("11010519491231002X") == "110*************2X"
