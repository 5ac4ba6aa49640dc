"""Name rules for social organizations (社会组织名称管理办法, 民政部令第69号, in force 1 May 2024).

A name reads administrative area + (trade name) + field/business + organization form, e.g.
上海市闵行区 + 青年志愿者 + 协会, or 上海市闵行区 + 春晖 + 养老服务 + 中心.  Foundations and
private non-enterprise units (社会服务机构) carry a trade name (字号).  These functions check the
shape of a name; uniqueness against the register, including names freed not long ago, is
checked by the selector `registry.selectors.name_blocked_reasons`.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.choices import JurisdictionLevel, OrgType
from registry.rules.deadlines import add_years

# Organization forms a name may end in, per type (longest first so 研究会 wins over 会).
NAME_SUFFIXES = {
    OrgType.SOCIAL_ASSOCIATION: ("联谊会", "研究会", "促进会", "联合会", "协会", "学会", "商会", "总会"),
    OrgType.SERVICE_AGENCY: ("中心", "学校", "医院", "院", "所", "校", "园", "社", "馆", "站"),
    OrgType.FOUNDATION: ("基金会",),
}

# 社会组织名称管理办法: a locally registered organization may not be named after 中国/中华/全国/国际/世界 ...;
# inside its name such a word may only qualify its field of business (上海市闵行区国际象棋协会).
QUALIFIER_WORDS = ("中国", "中华", "全国", "国际", "世界")
# Words that imply state authority; a local organization may not use them at all.
NATIONAL_WORDS = ("国家",)
# Words never allowed without special approval (党, 政府, 军队 suggest an authority the body lacks).
RESTRICTED_WORDS = ("党", "政府", "军")
# 社会组织名称管理办法: foundations and social service agencies (民办非企业单位) carry a trade name (字号).
TRADE_NAME_TYPES = (OrgType.SERVICE_AGENCY, OrgType.FOUNDATION)
TRADE_NAME_MIN = 2
# Misleading or improper content.
IMPROPER_WORDS = ("官方", "特供", "最高", "第一")

# 社会组织名称管理办法 第十六条: a name (or its trade name in the same field and form) stays unavailable at the
# same bureau for 1 year after a change of name or deregistration, and for 3 years after the revocation of the
# establishment or of the name change.
NAME_FREED_BY_RENAME = "rename"
NAME_FREED_BY_DEREGISTRATION = "deregistration"
NAME_FREED_BY_REVOCATION = "revocation"
NAME_FREED_BY_CHANGE_REVOCATION = "change_revocation"
NAME_BLOCK_YEARS = {
    NAME_FREED_BY_RENAME: 1,
    NAME_FREED_BY_DEREGISTRATION: 1,
    NAME_FREED_BY_REVOCATION: 3,
    NAME_FREED_BY_CHANGE_REVOCATION: 3,
}


def name_blocked_since(freed_by: str, *, today: datetime.date) -> datetime.date:
    """Names freed (by `freed_by`) after this day are still unavailable today (名称管理办法 第十六条)."""
    return add_years(today, -NAME_BLOCK_YEARS[freed_by])


_ALLOWED_CHARS = re.compile(r"^[\u4e00-\u9fff（）()·0-9]+$")
MIN_LENGTH = 6
MAX_LENGTH = 50


@dataclass(frozen=True)
class NameContext:
    """Where a name will be registered: the authority's area names and level."""

    area_names: tuple[str, ...]  # e.g. ("上海市闵行区", "闵行区"), longest first
    level: str = JurisdictionLevel.DISTRICT


def name_suffix(name: str, org_type: str) -> str | None:
    """Return the organization form that ends `name`, or None."""
    for suffix in NAME_SUFFIXES[OrgType(org_type)]:
        if name.endswith(suffix):
            return suffix
    return None


def name_errors(name: str, *, org_type: str, context: NameContext, approved_words: tuple[str, ...] = ()) -> list[str]:
    """Return every reason, in the user's language, why `name` may not be registered."""
    name = (name or "").strip()
    if not name:
        return [_("请填写组织名称。")]
    errors = []
    if len(name) < MIN_LENGTH or len(name) > MAX_LENGTH:
        errors.append(_("名称长度应为%(min)d至%(max)d个字。") % {"min": MIN_LENGTH, "max": MAX_LENGTH})
    if not _ALLOWED_CHARS.match(name):
        errors.append(_("名称只能使用汉字、数字和括号，不得含有字母、空格或其他符号。"))

    # 名称管理办法 第八条: a new name starts with the 行政区划名称, the division's name as the bureau carries it
    # (上海市, 上海市闵行区). No article of the 2024 办法 lets a new name drop the generic part (上海 for 上海市),
    # unlike the enterprise-name rules; names registered earlier that do so stay lawful (registered_name_warnings).
    area = next((a for a in context.area_names if name.startswith(a)), None)
    if area is None:
        errors.append(_("名称应以登记管理机关所在行政区划名称开头（如“%(area)s”）。") % {"area": context.area_names[0]})
    suffix = name_suffix(name, org_type)
    if suffix is None:
        forms = "、".join(NAME_SUFFIXES[OrgType(org_type)])
        errors.append(
            _("%(type)s的名称应以组织形式结尾，如：%(forms)s。") % {"type": OrgType(org_type).label, "forms": forms}
        )
    if area is not None and suffix is not None:
        field = name[len(area) : len(name) - len(suffix)]
        if len(field) < 2:
            errors.append(_("名称应在行政区划与组织形式之间写明业务领域（如“青年志愿者”）。"))

    body = name[len(area) :] if area else name
    if context.level != JurisdictionLevel.NATIONAL:
        for word in NATIONAL_WORDS:
            if word in body and word not in approved_words:
                errors.append(_("地方登记的社会组织名称不得使用“%(word)s”字样。") % {"word": word})
        for word in QUALIFIER_WORDS:
            if word in approved_words or word not in name:
                continue
            position = name.find(word)
            rest = name[position + len(word) : len(name) - len(suffix)] if suffix else name[position + len(word) :]
            if position == 0:
                errors.append(_("地方登记的社会组织名称不得冠以“%(word)s”字样。") % {"word": word})
            elif len(rest) < 1:
                errors.append(
                    _("名称中间的“%(word)s”字样只能作为行业、业务领域的限定语（如“国际象棋”）。") % {"word": word}
                )
    for word in RESTRICTED_WORDS:
        if word in body and word not in approved_words:
            errors.append(_("名称中使用“%(word)s”字样须经有关部门批准。") % {"word": word})
    for word in IMPROPER_WORDS:
        if word in body:
            errors.append(_("名称不得含有“%(word)s”等误导性内容。") % {"word": word})
    return errors


def registered_name_warnings(name: str, *, org_type: str, context: NameContext) -> list[str]:
    """The current name rules a name already on the register does not meet: warnings, never a refusal.

    Rules do not reach back (立法法 第一百零四条): a name registered under earlier rules stays lawful as
    registered, e.g. 上海宋庆龄基金会 or 上海市第一社会福利院. 社会组织名称管理办法 (2024) governs the names it
    approves: new names and renames (name_errors), not the names an existing register holds.
    """
    message = _("原登记名称不符合现行名称规则（按原登记名称导入，变更名称时适用现行规则）：%(problem)s")
    return [message % {"problem": problem} for problem in name_errors(name, org_type=org_type, context=context)]


@dataclass(frozen=True)
class TradeNameExemption:
    """Why a foundation asks to be named without a trade name, as the officers found it.

    民政部关于明确基金会名称不使用字号有关情形的通知 (2024), under 名称管理办法 第八条: a foundation newly
    registered at a province-level bureau (or the Ministry) may omit the trade name only when all four hold.
    """

    competent_unit_consents: bool = False  # its competent unit consented to omitting it, with reasons
    focused_scope: bool = False  # a clear, focused scope, mainly assisting the competent unit's specific functions
    representative_applicant: bool = False  # influential and representative in its field; qualified leaders
    not_misleading: bool = False  # the name without a trade name does not mislead the public


def trade_name_exemption_errors(*, org_type: str, competent_unit: str, exemption: TradeNameExemption) -> list[str]:
    """The conditions of the Ministry's exception a foundation named without a trade name does not meet."""
    if OrgType(org_type) != OrgType.FOUNDATION:
        return [_("只有基金会可以申请名称不使用字号，民办非企业单位（社会服务机构）的名称应当含有字号。")]
    errors = []
    if not competent_unit.strip() or not exemption.competent_unit_consents:
        errors.append(_("名称不使用字号的基金会应有业务主管单位，并由其就不使用字号出具审查同意的意见和理由。"))
    if not exemption.focused_scope:
        errors.append(_("名称不使用字号的基金会，业务范围应明确、聚焦主业，主要协助业务主管单位履行特定职能。"))
    if not exemption.representative_applicant:
        errors.append(_("名称不使用字号的基金会，申请人应在所属领域具有广泛影响力和代表性，拟任负责人具备相应能力。"))
    if not exemption.not_misleading:
        errors.append(_("基金会名称不使用字号不得使公众产生误解。"))
    return errors


def trade_name_errors(
    name: str,
    *,
    org_type: str,
    trade_name: str,
    context: NameContext,
    competent_unit: str = "",
    exemption: TradeNameExemption | None = None,
) -> list[str]:
    """A foundation's or social service agency's trade name (字号): given, in the name after the area.

    A foundation may go without one under the Ministry's exception (`exemption`, see TradeNameExemption).
    """
    if OrgType(org_type) not in TRADE_NAME_TYPES:
        return []
    trade_name = (trade_name or "").strip()
    if not trade_name and exemption is not None:
        return trade_name_exemption_errors(org_type=org_type, competent_unit=competent_unit, exemption=exemption)
    if not trade_name:
        return [_("基金会和民办非企业单位（社会服务机构）的名称应当含有字号，请填写字号。")]
    errors = []
    if len(trade_name) < TRADE_NAME_MIN or not _ALLOWED_CHARS.match(trade_name):
        errors.append(_("字号应由两个以上汉字组成。"))
    area = next((a for a in context.area_names if (name or "").startswith(a)), "")
    if trade_name not in (name or "")[len(area) :]:
        errors.append(_("名称中应含有所填字号“%(trade_name)s”（位于行政区划之后）。") % {"trade_name": trade_name})
    if any(word in trade_name for word in QUALIFIER_WORDS + NATIONAL_WORDS + RESTRICTED_WORDS):
        errors.append(_("字号不得使用“中国”“国际”“国家”“政府”等字样。"))
    return errors
