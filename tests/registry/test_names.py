"""Organization name rules: area + field + organization form, forbidden words."""

import pytest

from registry.choices import JurisdictionLevel, OrgType
from registry.names import NameContext, name_errors

MINHANG = NameContext(area_names=("上海市闵行区", "闵行区"), level=JurisdictionLevel.DISTRICT)
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
        ("上海市闵行区中国书法协会", A, "地方登记的社会组织名称不得使用“中国”字样。"),
        ("上海市闵行区国家安全研究会", A, "地方登记的社会组织名称不得使用“国家”字样。"),
        ("上海市闵行区国际交流促进会", A, "名称中使用“国际”字样须经有关部门批准。"),
        ("上海市闵行区政府采购协会", A, "名称中使用“政府”字样须经有关部门批准。"),
        ("上海市闵行区第一书法协会", A, "名称不得含有“第一”等误导性内容。"),
        ("上海市闵行区IT行业协会", A, "名称只能使用汉字、数字和括号，不得含有字母、空格或其他符号。"),
        ("上海市闵行区" + "青" * 50 + "协会", A, "名称长度应为6至50个字。"),
    ],
)
def test_invalid_names_explain_themselves(name, org_type, message):
    assert message in name_errors(name, org_type=org_type, context=MINHANG)


def test_approved_word_is_allowed():
    assert name_errors("上海市闵行区国际交流促进会", org_type=A, context=MINHANG, approved_words=("国际",)) == []


def test_national_words_are_allowed_at_national_level():
    national = NameContext(area_names=("中国",), level=JurisdictionLevel.NATIONAL)
    assert name_errors("中国青年志愿者协会", org_type=A, context=national) == []
