"""GB 32100 unified social credit codes and GB 11714 organization codes."""

import pytest
from django.core.exceptions import ValidationError

from registry.rules.codes import (
    block_end,
    build_uscc,
    is_valid_uscc,
    org_body_for_serial,
    org_code_check_char,
    parse_code_blocks,
    serial_for_body,
    uscc_check_char,
    uscc_errors,
    validate_uscc,
)


@pytest.mark.parametrize(
    "code",
    [
        "53100000500021676K",  # 中国红十字基金会
        "5331000050177993X2",  # 上海同济大学教育发展基金会
    ],
)
def test_real_civil_affairs_codes_are_valid(code):
    assert uscc_errors(code) == []


def test_org_code_check_char_follows_gb11714():
    # 50002167 → weights 3,7,9,10,5,8,4,2: sum 129, 11 - 129 % 11 = 3... checked against the real code above.
    assert org_code_check_char("50002167") == "6"
    assert org_code_check_char("50177993") == "X"


def test_uscc_check_char_follows_gb32100():
    assert uscc_check_char("53100000500021676") == "K"
    assert uscc_check_char("5331000050177993X") == "2"


def test_enterprise_code_with_valid_checksums_is_refused_as_not_civil_affairs():
    errors = uscc_errors("91350100M000100Y43")
    assert errors == ["第1位登记管理部门代码应为5（民政），当前为9。"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("53100000500021676", "统一社会信用代码应为18位，当前为17位。"),
        ("53100000500021676KK", "统一社会信用代码应为18位，当前为19位。"),
        ("5310000050002167OK", "统一社会信用代码含有不允许的字符：O（不使用I、O、S、V、Z）。"),
        ("53100000500021676A", "第18位校验码错误，应为K。"),
        ("54100000500021676K", "第2位机构类别代码应为1、2、3或9，当前为4。"),
    ],
)
def test_invalid_codes_explain_themselves(code, message):
    assert message in uscc_errors(code)


def test_wrong_org_code_check_char_is_reported():
    assert "第9至17位组织机构代码的校验码错误。" in uscc_errors("53100000500021675K")


def test_validate_raises_with_all_errors():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("53100000500021676A")
    assert exc.value.messages == ["第18位校验码错误，应为K。"]


@pytest.mark.parametrize("serial", [0, 1, 999_999, 1_000_000, 11_999_999])
def test_built_codes_are_valid_for_every_category(serial):
    for category in "1239":
        code = build_uscc(category=category, division_code="310112", org_body=org_body_for_serial(serial))
        assert is_valid_uscc(code), code
        assert code.startswith(f"5{category}310112M")


def test_serial_bodies_are_distinct_across_blocks():
    assert org_body_for_serial(5) == "MJ000005"
    assert org_body_for_serial(1_000_005) == "MK000005"
    with pytest.raises(ValueError):
        org_body_for_serial(12_000_000)


def test_code_blocks_are_parsed_per_bureau():
    blocks = parse_code_blocks("310112:MJ100000, 310117:MK000000")
    assert blocks == {"310112": 100_000, "310117": 1_000_000}
    assert serial_for_body(org_body_for_serial(1_234_567)) == 1_234_567
    assert block_end(100_000, [100_000, 1_000_000, 0]) == 1_000_000
    with pytest.raises(ValueError):
        parse_code_blocks("310112:MJ100000,310117:MJ100000")  # two bureaus, one block
    with pytest.raises(ValueError):
        parse_code_blocks("3101:MJ100000")
