"""Registration conditions, checked as pure functions against the regulation texts."""

import datetime
from decimal import Decimal

import pytest

from registry.choices import FoundationFundraising, JurisdictionLevel, OrgType
from registry.rules.conditions import (
    Minimums,
    RefusalGround,
    basis_errors,
    change_date_errors,
    change_window_start,
    establishment_window_errors,
    foundation_authority_errors,
    funds_errors,
    legal_rep_errors,
    refusal_reason,
)

MINIMUMS = Minimums()


@pytest.mark.parametrize("level", [JurisdictionLevel.DISTRICT, JurisdictionLevel.CITY])
def test_foundation_is_refused_below_province_level(level):
    # 基金会管理条例 第六条
    errors = foundation_authority_errors(org_type=OrgType.FOUNDATION, level=level)
    assert errors and "省、自治区、直辖市人民政府民政部门登记" in errors[0]


def test_foundation_registers_at_province_or_ministry_and_others_anywhere():
    assert foundation_authority_errors(org_type=OrgType.FOUNDATION, level=JurisdictionLevel.PROVINCE) == []
    assert foundation_authority_errors(org_type=OrgType.FOUNDATION, level=JurisdictionLevel.NATIONAL) == []
    assert foundation_authority_errors(org_type=OrgType.SERVICE_AGENCY, level=JurisdictionLevel.DISTRICT) == []


def test_national_public_fundraising_foundation_registers_only_at_the_ministry():
    errors = foundation_authority_errors(
        org_type=OrgType.FOUNDATION,
        level=JurisdictionLevel.PROVINCE,
        fundraising=FoundationFundraising.NATIONAL_PUBLIC,
    )
    assert errors == ["全国性公募基金会由国务院民政部门登记。"]


@pytest.mark.parametrize(
    ("fundraising", "enough", "short"),
    [
        (FoundationFundraising.NATIONAL_PUBLIC, "8000000", "7999999"),
        (FoundationFundraising.LOCAL_PUBLIC, "4000000", "3999999"),
        (FoundationFundraising.NON_PUBLIC, "2000000", "1999999"),
    ],
)
def test_foundation_original_funds_follow_its_fundraising(fundraising, enough, short):
    # 基金会管理条例 第八条: 8M national public, 4M local public, 2M non-public.
    assert funds_errors(org_type="3", funds=Decimal(enough), minimums=MINIMUMS, fundraising=fundraising) == []
    errors = funds_errors(org_type="3", funds=Decimal(short), minimums=MINIMUMS, fundraising=fundraising)
    assert errors == [f"{fundraising.label}的原始基金不得少于{Decimal(enough):,.0f}元。"]


@pytest.mark.parametrize(
    ("individual", "unit", "ok"),
    [(50, 0, True), (49, 0, False), (0, 30, True), (0, 29, False), (20, 30, True), (5, 30, False), (49, 1, True)],
)
def test_mixed_membership_needs_fifty_members_in_total(individual, unit, ok):
    # 社会团体登记管理条例 第十条: 50 individual, or 30 unit members; mixed, at least 50 in all.
    from registry.rules.conditions import member_errors

    assert (member_errors(individual=individual, unit=unit, minimums=MINIMUMS) == []) is ok


@pytest.mark.parametrize(
    ("competent_unit", "direct_category", "ok"),
    [
        ("上海市闵行区教育局", "", True),
        ("", "charity", True),
        ("", "", False),
        ("上海市闵行区教育局", "charity", False),
    ],
)
def test_basis_is_a_competent_unit_or_a_direct_category_never_both(competent_unit, direct_category, ok):
    assert (basis_errors(competent_unit=competent_unit, direct_category=direct_category) == []) is ok


def test_establishment_window_ends_six_months_after_preparation():
    # 社会团体登记管理条例 第十二条: apply within 6 months of the preparation approval.
    approved = datetime.date(2026, 1, 31)
    assert (
        establishment_window_errors(preparation_approved_on=approved, today=datetime.date(2026, 7, 31), months=6) == []
    )
    errors = establishment_window_errors(preparation_approved_on=approved, today=datetime.date(2026, 8, 1), months=6)
    assert errors == ["筹备期已于2026年7月31日届满，不能再申请成立登记，请重新申请筹备。"]


def test_change_window_runs_from_consent_from_decision_or_not_at_all():
    decided, consented = datetime.date(2026, 3, 1), datetime.date(2026, 3, 20)
    window = dict(decision_date=decided, consent_date=consented)
    assert change_window_start(org_type=OrgType.SOCIAL_ASSOCIATION, competent_unit="区科委", **window) == consented
    assert change_window_start(org_type=OrgType.SERVICE_AGENCY, competent_unit=" ", **window) == decided
    assert change_window_start(org_type=OrgType.FOUNDATION, competent_unit="市民政局", **window) is None


@pytest.mark.parametrize(
    ("decision", "consent", "expected"),
    [
        ("2026-03-01", "2026-03-20", []),
        (None, "2026-03-20", ["请填写作出变更决议的日期。"]),
        ("2026-12-02", "2026-12-02", ["变更决议日期不能晚于今天。", "业务主管单位同意的日期不能晚于今天。"]),
        ("2026-03-01", None, ["请填写业务主管单位审查同意的日期。"]),
        ("2026-03-01", "2026-12-02", ["业务主管单位同意的日期不能晚于今天。"]),
        ("2026-03-20", "2026-03-01", ["业务主管单位同意的日期不能早于变更决议的日期。"]),
    ],
)
def test_change_dates_of_an_association_with_a_competent_unit(decision, consent, expected):
    def day(text):
        return datetime.date.fromisoformat(text) if text else None

    errors = change_date_errors(
        org_type=OrgType.SOCIAL_ASSOCIATION,
        competent_unit="区科委",
        decision_date=day(decision),
        consent_date=day(consent),
        today=datetime.date(2026, 12, 1),
    )
    assert errors == expected


def test_foundation_change_needs_no_consent_date():
    errors = change_date_errors(
        org_type=OrgType.FOUNDATION,
        competent_unit="市民政局",
        decision_date=datetime.date(2026, 3, 1),
        consent_date=None,
        today=datetime.date(2026, 12, 1),
    )
    assert errors == []


def test_refusal_reason_names_the_article_of_the_organization_type():
    reason = refusal_reason(
        org_type=OrgType.SERVICE_AGENCY, ground=RefusalGround.FALSE_MATERIALS, facts=" 场地证明系伪造 "
    )
    assert reason == "依据《民办非企业单位登记管理暂行条例》第十一条，申请登记时弄虚作假：场地证明系伪造"


@pytest.mark.parametrize(
    ("org_type", "others", "refused"),
    [
        (OrgType.FOUNDATION, [OrgType.SERVICE_AGENCY], True),
        (OrgType.FOUNDATION, [], False),
        (OrgType.SERVICE_AGENCY, [OrgType.FOUNDATION], True),
        (OrgType.SOCIAL_ASSOCIATION, [OrgType.SOCIAL_ASSOCIATION], True),
        (OrgType.SOCIAL_ASSOCIATION, [OrgType.SERVICE_AGENCY], False),
        (OrgType.SERVICE_AGENCY, [OrgType.SERVICE_AGENCY, OrgType.SOCIAL_ASSOCIATION], False),
    ],
)
def test_legal_representative_conflicts(org_type, others, refused):
    # 社会团体登记管理条例 第十四条; 基金会管理条例 第二十三条.
    errors = legal_rep_errors(org_type=org_type, other_org_types=others, name="张伟")
    assert bool(errors) is refused
    assert all("张伟" in error for error in errors)
