"""Registration conditions, checked as pure functions against the regulation texts."""

from decimal import Decimal

import pytest

from registry.choices import FoundationFundraising, JurisdictionLevel, OrgType
from registry.conditions import Minimums, foundation_authority_errors, funds_errors

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
    from registry.conditions import member_errors

    assert (member_errors(individual=individual, unit=unit, minimums=MINIMUMS) == []) is ok
