"""Branches and representative offices: who may have them, the procedure, the names (pure rules, with sources)."""

import datetime

import pytest

from registry.rules.branches import (
    APPROVAL,
    BRANCH,
    FILING,
    OFFICE,
    branch_name_errors,
    branch_procedure,
    branch_refusal,
    decision_number,
    decision_paragraphs,
    decision_title,
    extension_refusal,
    sub_kind_of,
)

ASSOCIATION, SERVICE_AGENCY, FOUNDATION = "1", "2", "3"
PARENT = "上海市闵行区青年志愿者协会"
AREAS = ("上海市", "上海", "闵行区", "闵行", "松江区", "松江")


def errors(name, kind=BRANCH, org_type=ASSOCIATION, existing=()):
    return branch_name_errors(
        name, kind=kind, org_type=org_type, parent_name=PARENT, area_names=AREAS, existing_names=existing
    )


def test_a_service_agency_may_not_set_up_branches():
    """民办非企业单位登记管理暂行条例 第十三条."""
    assert "第十三条" in branch_refusal(org_type=SERVICE_AGENCY, active=True)


def test_associations_and_foundations_may_while_registered():
    assert branch_refusal(org_type=ASSOCIATION, active=True) == ""
    assert branch_refusal(org_type=FOUNDATION, active=True) == ""
    assert "成立登记" in branch_refusal(org_type=ASSOCIATION, active=False)


def test_associations_follow_the_bureau_setting_filing_by_default():
    """国发〔2013〕44号, 民发〔2014〕38号 二: set up by the association and reported; approval where kept."""
    filing = branch_procedure(org_type=ASSOCIATION, bureau_regime=FILING, filing_days=7)
    assert (filing.regime, filing.days, filing.working_days) == (FILING, 7, True)
    approval = branch_procedure(org_type=ASSOCIATION, bureau_regime=APPROVAL)
    assert (approval.regime, approval.days, approval.working_days) == (APPROVAL, 20, True)  # 行政许可法 第四十二条


def test_filing_period_never_longer_than_the_approval_period():
    assert branch_procedure(org_type=ASSOCIATION, bureau_regime=FILING, filing_days=45).days == 20


def test_foundations_branches_are_registered_within_60_days_whatever_the_setting():
    """基金会管理条例 第十二条."""
    procedure = branch_procedure(org_type=FOUNDATION, bureau_regime=FILING)
    assert (procedure.regime, procedure.days, procedure.working_days) == (APPROVAL, 60, False)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (PARENT + "青年工作委员会", BRANCH),
        (PARENT + "应急救援专业委员会", BRANCH),
        (PARENT + "社区服务分会", BRANCH),
        (PARENT + "中国画专业委员会", BRANCH),  # 中国 qualifies the field
        (PARENT + "松江代表处", OFFICE),  # an office is where the association works
        (PARENT + "浦东新区联络处", OFFICE),
    ],
)
def test_valid_names(name, kind):
    assert errors(name, kind) == []


def test_name_must_start_with_the_full_name_of_the_association():
    """社会组织名称管理办法 第十七条: 冠以所从属社会组织名称的规范全称."""
    [error] = errors("青年志愿者协会青年工作委员会")
    assert "规范全称" in error and PARENT + "青年工作委员会" in error


def test_branch_and_office_endings():
    """第十七条: 分会/专业委员会/工作委员会/专家委员会/技术委员会; 代表处/办事处/联络处."""
    assert any("结束" in e for e in errors(PARENT + "青年部"))
    assert any("代表处" in e for e in errors(PARENT + "青年工作委员会", OFFICE))
    assert any("专项基金管理委员会" in e for e in errors(PARENT + "青年工作委员会", org_type=FOUNDATION))
    assert errors(PARENT + "助学专项基金管理委员会", org_type=FOUNDATION) == []


def test_no_legal_person_names_inside():
    """第十七条第二款: 不得以法人组织名称命名."""
    assert any("研究院" in e for e in errors(PARENT + "青年研究院分会"))
    assert any("中心" in e for e in errors(PARENT + "培训中心工作委员会"))


def test_no_regional_branches():
    """社团条例 第十七条, 民发〔2014〕38号 四: 不得设立地域性分支机构."""
    assert any("地域性" in e for e in errors(PARENT + "松江分会"))
    assert any("地域性" in e for e in errors(PARENT + "华东地区工作委员会"))
    assert any("地域性" in e for e in errors(PARENT + "浦东新区分会"))


def test_national_words_only_as_a_field_qualifier_and_no_state_words():
    assert any("限定语" in e for e in errors(PARENT + "全国分会"))
    assert any("国家" in e for e in errors(PARENT + "国家标准工作委员会"))


def test_no_branch_of_a_branch():
    """社团条例 第十七条: 分支机构不得再设立分支机构."""
    existing = (PARENT + "青年工作委员会",)
    assert any("不得再设立" in e for e in errors(PARENT + "青年工作委员会大学生分会", existing=existing))
    assert any("同名" in e for e in errors(PARENT + "青年工作委员会", existing=existing))


def test_sub_kind_is_read_from_the_ending():
    assert sub_kind_of(PARENT + "应急救援专业委员会") == "专业委员会"
    assert sub_kind_of(PARENT + "松江代表处") == "代表处"
    assert sub_kind_of(PARENT + "青年部") == ""


def test_decision_titles_and_body():
    assert decision_title(status="filed", kind="set_up", branch_kind=BRANCH) == "设立分支机构备案通知书"
    assert decision_title(status="approved", kind="close", branch_kind=OFFICE) == "准予注销代表机构决定书"
    assert decision_title(status="rejected", kind="change", branch_kind=BRANCH) == "不予变更分支机构决定书"
    assert decision_title(status="returned", kind="set_up", branch_kind=BRANCH) == ""
    body = decision_paragraphs(
        status="rejected",
        kind="set_up",
        branch_kind=BRANCH,
        organization_name=PARENT,
        branch_name=PARENT + "青年工作委员会",
        reference="FZ2026000001",
        reason="名称与业务范围不符。",
    )
    assert "不予设立分支机构" in body[0] and body[-1] == "理由：名称与业务范围不符。"
    assert decision_number(authority_name="上海市闵行区民政局", year=2026, application_pk=7) == (
        "闵行区民社分字〔2026〕第000007号"
    )


def test_only_an_approval_within_20_working_days_may_be_extended_once_with_a_reason():
    """行政许可法 第四十二条; 基金会管理条例 第十二条's 60 days are the regulation's own period."""
    approval = branch_procedure(org_type=ASSOCIATION, bureau_regime=APPROVAL)
    filing = branch_procedure(org_type=ASSOCIATION, bureau_regime=FILING)
    foundation = branch_procedure(org_type=FOUNDATION, bureau_regime=APPROVAL)
    assert (approval.extendable, filing.extendable, foundation.extendable) == (True, False, False)
    assert extension_refusal(procedure=approval, extended_on=None, reason="需征求意见") == ""
    assert "报告备案" in extension_refusal(procedure=filing, extended_on=None, reason="需征求意见")
    assert "第十二条" in extension_refusal(procedure=foundation, extended_on=None, reason="需征求意见")
    assert "只能延长一次" in extension_refusal(
        procedure=approval, extended_on=datetime.date(2026, 3, 2), reason="需征求意见"
    )
    assert "理由" in extension_refusal(procedure=approval, extended_on=None, reason="  ")
