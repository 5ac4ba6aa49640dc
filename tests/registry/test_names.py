"""Organization name rules (社会组织名称管理办法, 2024): area + trade name + field + form, forbidden words."""

import pytest

from registry.choices import JurisdictionLevel, OrgType
from registry.rules.names import (
    NameContext,
    TradeNameExemption,
    name_blocked_since,
    name_errors,
    registered_name_warnings,
    trade_name_errors,
)

MINHANG = NameContext(area_names=("上海市闵行区", "闵行区"), level=JurisdictionLevel.DISTRICT)
SHANGHAI = NameContext(area_names=("上海市",), level=JurisdictionLevel.PROVINCE)
A, S, F = OrgType.SOCIAL_ASSOCIATION, OrgType.SERVICE_AGENCY, OrgType.FOUNDATION


@pytest.mark.parametrize(
    ("name", "org_type"),
    [
        ("上海市闵行区青年志愿者协会", A),
        ("上海市闵行区计算机学会", A),
        ("上海市闵行区家庭教育研究会", A),
        ("上海市闵行区温州商会", A),
        ("闵行区老年人联谊会", A),
        ("上海市闵行区阳光社区服务中心", S),
        ("上海市闵行区莘庄镇社会工作服务社", S),
        ("上海市闵行区民俗博物馆", S),
        ("上海市闵行区教育发展基金会", F),
        ("上海市闵行区国际象棋协会", A),
        ("上海市闵行区中国书法研究会", A),
        ("上海市闵行区世界语学会", A),
    ],
)
def test_valid_names(name, org_type):
    assert name_errors(name, org_type=org_type, context=MINHANG) == []


@pytest.mark.parametrize(
    ("name", "org_type", "message"),
    [
        ("", A, "请填写组织名称。"),
        ("上海市松江区青年志愿者协会", A, "名称应以登记管理机关所在行政区划名称开头（如“上海市闵行区”）。"),
        (
            "上海市闵行区青年志愿者中心",
            A,
            "社会团体的名称应以组织形式结尾，如：联谊会、研究会、促进会、联合会、协会、学会、商会、总会。",
        ),
        ("上海市闵行区青年志愿者协会", F, "基金会的名称应以组织形式结尾，如：基金会。"),
        ("上海市闵行区协会", A, "名称应在行政区划与组织形式之间写明业务领域（如“青年志愿者”）。"),
        ("中国上海市闵行区书法协会", A, "地方登记的社会组织名称不得冠以“中国”字样。"),
        ("上海市闵行区书法中国协会", A, "名称中间的“中国”字样只能作为行业、业务领域的限定语（如“国际象棋”）。"),
        ("上海市闵行区国家安全研究会", A, "地方登记的社会组织名称不得使用“国家”字样。"),
        ("上海市闵行区政府采购协会", A, "名称中使用“政府”字样须经有关部门批准。"),
        ("上海市闵行区第一书法协会", A, "名称不得含有“第一”等误导性内容。"),
        ("上海市闵行区IT行业协会", A, "名称只能使用汉字、数字和括号，不得含有字母、空格或其他符号。"),
        ("上海市闵行区" + "青" * 50 + "协会", A, "名称长度应为6至50个字。"),
    ],
)
def test_invalid_names_explain_themselves(name, org_type, message):
    assert message in name_errors(name, org_type=org_type, context=MINHANG)


def test_approved_word_is_allowed():
    assert name_errors("上海市闵行区政府采购协会", org_type=A, context=MINHANG, approved_words=("政府",)) == []


def test_chinese_or_international_may_qualify_the_field_in_a_local_name():
    # 社会组织名称管理办法 (2024): 中国/中华/全国/国际/世界 may qualify the field in the middle of a local name.
    assert name_errors("上海市闵行区国际象棋协会", org_type=A, context=MINHANG) == []
    assert name_errors("上海市闵行区全国协会", org_type=A, context=MINHANG) == [
        "名称中间的“全国”字样只能作为行业、业务领域的限定语（如“国际象棋”）。"
    ]


def test_foundations_and_service_agencies_need_a_trade_name():
    name = "上海市闵行区春晖养老服务中心"
    assert trade_name_errors(name, org_type=S, trade_name="春晖", context=MINHANG) == []
    assert trade_name_errors("上海市闵行区青年志愿者协会", org_type=A, trade_name="", context=MINHANG) == []
    assert trade_name_errors(name, org_type=S, trade_name="", context=MINHANG) == [
        "基金会和民办非企业单位（社会服务机构）的名称应当含有字号，请填写字号。"
    ]
    assert trade_name_errors(name, org_type=F, trade_name="阳光", context=MINHANG) == [
        "名称中应含有所填字号“阳光”（位于行政区划之后）。"
    ]
    assert "字号应由两个以上汉字组成。" in trade_name_errors(name, org_type=S, trade_name="春", context=MINHANG)


def test_national_words_are_allowed_at_national_level():
    national = NameContext(area_names=("中国",), level=JurisdictionLevel.NATIONAL)
    assert name_errors("中国青年志愿者协会", org_type=A, context=national) == []


@pytest.mark.parametrize(
    ("name", "org_type", "context"),
    [
        ("上海宋庆龄基金会", F, SHANGHAI),  # 上海 rather than 上海市
        ("上海联劝公益基金会", F, SHANGHAI),
        ("上海市闵行区老年艺术团", A, MINHANG),  # a form (团) the current list does not know
        ("上海市闵行区青少年足球俱乐部", S, MINHANG),
        ("上海市闵行区第一社会福利院", S, MINHANG),  # 第一
    ],
)
def test_a_registered_name_is_lawful_as_registered_and_only_warned_about(name, org_type, context):
    """立法法 第一百零四条: today's name rules (名称管理办法 2024) govern new names and renames, not the register."""
    warnings = registered_name_warnings(name, org_type=org_type, context=context)
    assert warnings and all(w.startswith("原登记名称不符合现行名称规则") for w in warnings)
    assert name_errors(name, org_type=org_type, context=context)  # still refused as a new name or a rename


def test_a_registered_name_meeting_todays_rules_has_no_warning():
    assert registered_name_warnings("上海市闵行区青年志愿者协会", org_type=A, context=MINHANG) == []


def test_a_new_name_at_the_city_bureau_starts_with_the_full_area_name():
    """名称管理办法 第八条: 行政区划名称 is the division's name (上海市); no article lets a new name drop 市."""
    assert name_errors("上海市联劝公益基金会", org_type=F, context=SHANGHAI) == []
    assert "名称应以登记管理机关所在行政区划名称开头（如“上海市”）。" in name_errors(
        "上海联劝公益基金会", org_type=F, context=SHANGHAI
    )


ALL_FOUR = TradeNameExemption(
    competent_unit_consents=True, focused_scope=True, representative_applicant=True, not_misleading=True
)


def test_a_foundation_meeting_the_ministrys_four_conditions_may_omit_the_trade_name():
    """民政部关于明确基金会名称不使用字号有关情形的通知 (2024): all four conditions, with a competent unit."""
    name = "上海市教育发展基金会"
    assert trade_name_errors(name, org_type=F, trade_name="", context=SHANGHAI) != []
    assert (
        trade_name_errors(
            name, org_type=F, trade_name="", context=SHANGHAI, competent_unit="上海市教育委员会", exemption=ALL_FOUR
        )
        == []
    )


@pytest.mark.parametrize(
    ("competent_unit", "exemption", "message"),
    [
        ("", ALL_FOUR, "名称不使用字号的基金会应有业务主管单位"),
        ("上海市教育委员会", TradeNameExemption(**{**ALL_FOUR.__dict__, "focused_scope": False}), "聚焦主业"),
        ("上海市教育委员会", TradeNameExemption(**{**ALL_FOUR.__dict__, "not_misleading": False}), "误解"),
        (
            "上海市教育委员会",
            TradeNameExemption(**{**ALL_FOUR.__dict__, "representative_applicant": False}),
            "广泛影响力和代表性",
        ),
    ],
)
def test_the_trade_name_exception_needs_every_condition(competent_unit, exemption, message):
    errors = trade_name_errors(
        "上海市教育发展基金会",
        org_type=F,
        trade_name="",
        context=SHANGHAI,
        competent_unit=competent_unit,
        exemption=exemption,
    )
    assert len(errors) == 1 and message in errors[0]


def test_the_trade_name_exception_is_for_foundations_only():
    errors = trade_name_errors(
        "上海市闵行区养老服务中心",
        org_type=S,
        trade_name="",
        context=MINHANG,
        competent_unit="民政局",
        exemption=ALL_FOUR,
    )
    assert errors == ["只有基金会可以申请名称不使用字号，民办非企业单位（社会服务机构）的名称应当含有字号。"]


@pytest.mark.parametrize(
    ("freed_by", "years"),
    [("rename", 1), ("deregistration", 1), ("revocation", 3), ("change_revocation", 3)],
)
def test_freed_names_stay_blocked_1_or_3_years(freed_by, years):
    """名称管理办法 第十六条: 1 year after a rename or deregistration, 3 after a revoked registration or name change."""
    import datetime

    assert name_blocked_since(freed_by, today=datetime.date(2026, 12, 5)) == datetime.date(2026 - years, 12, 5)
