"""Registration conditions as pure functions.

Sources: 《社会团体登记管理条例》第十条, 《基金会管理条例》第八条, 《民办非企业单位登记管理暂行条例》第八条.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import FoundationFundraising, JurisdictionLevel, OrgType
from registry.rules.deadlines import add_months


@dataclass(frozen=True)
class Minimums:
    """Local minimums; each is a setting (REGISTRY[...]) because they differ between bureaus."""

    association_individual_members: int = 50
    association_unit_members: int = 30
    association_mixed_members: int = 50
    association_funds: Decimal = Decimal("30000")
    service_agency_funds: Decimal = Decimal("0")
    foundation_fund: Decimal = Decimal("2000000")
    # 基金会管理条例 第八条: original funds of public-fundraising foundations (statutory, not local).
    foundation_local_public_fund: Decimal = Decimal("4000000")
    foundation_national_public_fund: Decimal = Decimal("8000000")

    def foundation_minimum(self, fundraising: str) -> Decimal:
        """The original-fund minimum of a foundation raising funds as `fundraising`."""
        if fundraising == FoundationFundraising.NATIONAL_PUBLIC:
            return self.foundation_national_public_fund
        if fundraising == FoundationFundraising.LOCAL_PUBLIC:
            return self.foundation_local_public_fund
        return self.foundation_fund


def member_errors(*, individual: int, unit: int, minimums: Minimums) -> list[str]:
    """A social association needs 50 individual, or 30 unit, or 50 members in all when mixed.

    社会团体登记管理条例 第十条第一款第(一)项: a mixed membership needs 50 members in total, even when its
    unit members alone would reach 30.
    """
    if individual and unit:
        if individual + unit >= minimums.association_mixed_members:
            return []
    elif individual >= minimums.association_individual_members or unit >= minimums.association_unit_members:
        return []
    return [
        _(
            "会员人数不足：社会团体应有%(individual)d个以上个人会员，或%(unit)d个以上单位会员；"
            "混合的，会员总数不少于%(mixed)d个（现为个人%(have_i)d个、单位%(have_u)d个）。"
        )
        % {
            "individual": minimums.association_individual_members,
            "unit": minimums.association_unit_members,
            "mixed": minimums.association_mixed_members,
            "have_i": individual,
            "have_u": unit,
        }
    ]


def funds_errors(
    *, org_type: str, funds: Decimal | None, minimums: Minimums, fundraising: str = FoundationFundraising.NON_PUBLIC
) -> list[str]:
    """Registered funds must reach the minimum of the organization type (a foundation's: of its fundraising)."""
    if funds is None:
        return [_("请填写注册资金。")]
    if org_type == OrgType.SOCIAL_ASSOCIATION and funds < minimums.association_funds:
        return [_("社会团体的活动资金不得少于%(minimum)s元。") % {"minimum": f"{minimums.association_funds:,.0f}"}]
    if org_type == OrgType.FOUNDATION and funds < minimums.foundation_minimum(fundraising):
        # 基金会管理条例 第八条: 8,000,000 national public, 4,000,000 local public, 2,000,000 non-public.
        return [
            _("%(kind)s的原始基金不得少于%(minimum)s元。")
            % {
                "kind": FoundationFundraising(fundraising or FoundationFundraising.NON_PUBLIC).label,
                "minimum": f"{minimums.foundation_minimum(fundraising):,.0f}",
            }
        ]
    if org_type == OrgType.SERVICE_AGENCY and (funds <= 0 or funds < minimums.service_agency_funds):
        return [
            _("民办非企业单位应有与其业务活动相适应的开办资金（不少于%(minimum)s元且大于零）。")
            % {"minimum": f"{minimums.service_agency_funds:,.0f}"}
        ]
    return []


def basis_errors(*, competent_unit: str, direct_category: str) -> list[str]:
    """Either a competent business unit approves, or the organization belongs to a direct-registration category."""
    if bool(competent_unit.strip()) == bool(direct_category):
        return [_("请填写业务主管单位，或选择直接登记类别（二者择一）。")]
    return []


def establishment_window_errors(
    *, preparation_approved_on: datetime.date, today: datetime.date, months: int
) -> list[str]:
    """An association applies for establishment within `months` of preparation approval.

    社会团体登记管理条例 第十四条: 6 months (a local stage since 2016, see ASSOCIATION_PREPARATION); 第十二条
    is the 60 days the bureau has to decide.
    """
    last_day = add_months(preparation_approved_on, months)
    if today > last_day:
        return [
            _("筹备期已于%(date)s届满，不能再申请成立登记，请重新申请筹备。")
            % {"date": f"{last_day.year}年{last_day.month}月{last_day.day}日"}
        ]
    return []


# 基金会管理条例 第六条: foundations register with the Ministry of Civil Affairs or a province-level bureau.
FOUNDATION_AUTHORITY_LEVELS = (JurisdictionLevel.NATIONAL, JurisdictionLevel.PROVINCE)


def foundation_authority_errors(*, org_type: str, level: str, fundraising: str = "") -> list[str]:
    """A foundation registers only at the Ministry or a province-level bureau; a national public one at the Ministry."""
    if org_type != OrgType.FOUNDATION:
        return []
    if level not in FOUNDATION_AUTHORITY_LEVELS:
        return [_("基金会由国务院民政部门或者省、自治区、直辖市人民政府民政部门登记，本机关不能登记基金会。")]
    if fundraising == FoundationFundraising.NATIONAL_PUBLIC and level != JurisdictionLevel.NATIONAL:
        return [_("全国性公募基金会由国务院民政部门登记。")]
    return []


def change_window_start(
    *, org_type: str, competent_unit: str, decision_date: datetime.date | None, consent_date: datetime.date | None
) -> datetime.date | None:
    """The day the 30 days to apply for a change registration start from, or None when there is no limit.

    社会团体登记管理条例 第十八条, 民办非企业单位登记管理暂行条例 第十五条: within 30 days of the competent
    unit's consent (directly registered ones: of their own decision).  基金会管理条例 sets no time limit.
    """
    if org_type == OrgType.FOUNDATION:
        return None
    if competent_unit.strip():
        return consent_date
    return decision_date


def change_date_errors(
    *,
    org_type: str,
    competent_unit: str,
    decision_date: datetime.date | None,
    consent_date: datetime.date | None,
    today: datetime.date,
) -> list[str]:
    """The dates a change registration must carry: the organization's decision and, where needed, the consent."""
    errors = []
    if decision_date is None:
        errors.append(_("请填写作出变更决议的日期。"))
    elif decision_date > today:
        errors.append(_("变更决议日期不能晚于今天。"))
    if org_type != OrgType.FOUNDATION and competent_unit.strip():
        if consent_date is None:
            errors.append(_("请填写业务主管单位审查同意的日期。"))
        elif consent_date > today:
            errors.append(_("业务主管单位同意的日期不能晚于今天。"))
        elif decision_date is not None and consent_date < decision_date:
            errors.append(_("业务主管单位同意的日期不能早于变更决议的日期。"))
    return errors


class RefusalGround(models.TextChoices):
    """Grounds for refusing registration (社会团体登记管理条例 第十三条, 民办非企业单位登记管理暂行条例 第十一条)."""

    PURPOSE = "purpose", gettext_lazy("宗旨、业务范围不符合法律规定")
    SIMILAR_EXISTS = "similar_exists", gettext_lazy("同一行政区域内已有业务范围相同或者相似的组织，没有必要成立")
    OFFICERS_INELIGIBLE = (
        "officers_ineligible",
        gettext_lazy("发起人、拟任负责人受过剥夺政治权利的刑事处罚或者不具有完全民事行为能力"),
    )
    FALSE_MATERIALS = "false_materials", gettext_lazy("申请登记时弄虚作假")
    LEGAL_REP_CONFLICT = "legal_rep_conflict", gettext_lazy("拟任法定代表人不得兼任其他组织的法定代表人")
    OTHER_PROHIBITED = "other_prohibited", gettext_lazy("有法律、行政法规禁止的其他情形")


REFUSAL_ARTICLE = {
    OrgType.SOCIAL_ASSOCIATION: "《社会团体登记管理条例》第十三条",
    OrgType.SERVICE_AGENCY: "《民办非企业单位登记管理暂行条例》第十一条",
    OrgType.FOUNDATION: "《基金会管理条例》第十一条",
}


def refusal_reason(*, org_type: str, ground: str, facts: str) -> str:
    """The reason told to the applicant: the article, the ground and the facts."""
    return _("依据%(article)s，%(ground)s：%(facts)s") % {
        "article": REFUSAL_ARTICLE[OrgType(org_type)],
        "ground": RefusalGround(ground).label,
        "facts": facts.strip(),
    }


def legal_rep_errors(*, org_type: str, other_org_types: list[str], name: str) -> list[str]:
    """Whether the proposed legal representative already represents an organization that rules it out.

    社会团体登记管理条例 第十四条: an association's legal representative may not represent another association.
    基金会管理条例 第二十三条: a foundation's legal representative may not represent any other organization.
    """
    errors = []
    if org_type == OrgType.FOUNDATION and other_org_types:
        errors.append(_("基金会的法定代表人不得同时担任其他组织的法定代表人（%(name)s已担任）。") % {"name": name})
    elif OrgType.FOUNDATION in other_org_types:
        errors.append(_("%(name)s已担任基金会的法定代表人，不得同时担任其他组织的法定代表人。") % {"name": name})
    elif org_type == OrgType.SOCIAL_ASSOCIATION and OrgType.SOCIAL_ASSOCIATION in other_org_types:
        errors.append(
            _("%(name)s已担任其他社会团体的法定代表人，不得同时担任两个社会团体的法定代表人。") % {"name": name}
        )
    return errors
