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
