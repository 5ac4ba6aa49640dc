"""Branches and representative offices (分支机构、代表机构): who may have them, how they are set up, their names.

Sources:
- 社会团体登记管理条例 (2016) 第十七条: an association's branches and representative offices are parts of it,
  not legal persons, act within its charter's purpose and scope as it authorises; a branch may not set up
  branches of its own; an association may not set up regional (地域性) branches.
- 国发〔2013〕44号 dropped the registration of branches; 民发〔2014〕38号 二 to 五: the association decides
  set-up, change and closing itself by its council (理事会或常务理事会), the branch has no charter of its own,
  no branch or office below a branch or office (四), no regional branches (四).
- 社会团体分支机构、代表机构登记办法 (2001) 第二条: what a branch and an office are; the older approval regime a
  bureau may still keep (`BranchRegime.APPROVAL`), decided within 行政许可法 第四十二条's 20 working days.
- 社会组织名称管理办法 (2024, 民政部令第69号) 第十七条: the names (full name of the organization first; the
  endings; no legal-person form names; 中国/全国/中华 only as a qualifier of the field).
- 民办非企业单位登记管理暂行条例 第十三条: a 民办非企业单位 may not set up branches.
- 基金会管理条例 (2004) 第十二条: a foundation's branches and offices are registered by the bureau that
  registered it, which decides within 60 days of receiving every document.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.rules.display import local_date

ASSOCIATION, SERVICE_AGENCY, FOUNDATION = "1", "2", "3"  # OrgType values (registry.choices)

BRANCH, OFFICE = "branch", "office"
FILING, APPROVAL = "filing", "approval"

# 名称管理办法 第十七条: a branch's name ends in one of these (the list is open, "等"; 专项基金管理委员会 from
# 登记办法 第二条 and, for foundations, 第十七条 itself); a representative office's in one of three.
ASSOCIATION_BRANCH_ENDINGS = ("专项基金管理委员会", "专业委员会", "工作委员会", "专家委员会", "技术委员会", "分会")
FOUNDATION_BRANCH_ENDINGS = ("专项基金管理委员会",)
OFFICE_ENDINGS = ("代表处", "办事处", "联络处")
SUB_KINDS = ASSOCIATION_BRANCH_ENDINGS + OFFICE_ENDINGS

# 名称管理办法 第十七条第二款: apart from the organization's own name, no name of a legal-person form.
LEGAL_PERSON_WORDS = (
    "协会",
    "学会",
    "研究会",
    "促进会",
    "联合会",
    "商会",
    "基金会",
    "中心",
    "联盟",
    "研究院",
    "公司",
    "集团",
)
NATIONAL_WORDS = ("中国", "全国", "中华")
# Words implying state authority are refused in any name (名称管理办法 第十二条).
STATE_WORDS = ("国家",)
# Regional words (民发〔2014〕38号 四: no regional branches); the bureau adds its own area names.
REGION_WORDS = ("华东", "华南", "华北", "华中", "西南", "西北", "东北", "长三角", "珠三角", "京津冀", "大湾区", "地区")
_AREA = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|市|县|自治州|新区|街道|镇)")
# Approval (行政许可法 第四十二条): 20 working days. Foundations (基金会管理条例 第十二条): 60 days.
APPROVAL_WORKING_DAYS = 20
FOUNDATION_CALENDAR_DAYS = 60
# Filing: the bureau's setting (Jurisdiction.branch_filing_days), at most the approval period: a report
# is never checked more slowly than a licence would be decided.
FILING_DAYS_DEFAULT = 10
FILING_DAYS_MAX = APPROVAL_WORKING_DAYS


# 行政许可法 第四十二条: where 20 working days do not suffice, the head of the authority may extend them by 10
# working days, once, and tell the applicant why. A period a regulation sets itself (基金会管理条例 第十二条's 60 days)
# is not the Act's 20 days and is not extended; a filing is not a licence.
EXTENSION_WORKING_DAYS = 10


@dataclass(frozen=True)
class Procedure:
    """How one organization's branch applications go at its bureau: filing or approval, and the period."""

    regime: str
    days: int
    working_days: bool = True

    @property
    def extendable(self) -> bool:
        """Whether the period to decide may be extended by 行政许可法 第四十二条 (approval within 20 working days)."""
        return self.regime == APPROVAL and self.working_days and self.days == APPROVAL_WORKING_DAYS


def extension_refusal(*, procedure: Procedure, extended_on, reason: str) -> str:
    """Why this application's period to decide may not be extended now, or "" when it may."""
    if not procedure.extendable:
        if procedure.regime != APPROVAL:
            return _("报告备案不是行政许可，不适用延长办理期限。")
        return _("基金会设立分支机构、代表机构的60日期限由《基金会管理条例》第十二条规定，不适用延长。")
    if extended_on is not None:
        return _("办理期限只能延长一次，已于%(date)s延长。") % {"date": local_date(extended_on)}
    if not reason.strip():
        return _("请写明延长办理期限的理由，该理由将告知申请人。")
    return ""


def branch_refusal(*, org_type: str, active: bool) -> str:
    """Why this organization may not apply for a branch or office at all, or "" when it may."""
    if org_type == SERVICE_AGENCY:
        return _("民办非企业单位（社会服务机构）不得设立分支机构（《民办非企业单位登记管理暂行条例》第十三条）。")
    if org_type not in (ASSOCIATION, FOUNDATION):
        return _("只有社会团体和基金会可以设立分支机构、代表机构。")
    if not active:
        return _("该组织尚未成立登记，或已注销、被撤销登记，不能设立、变更分支机构、代表机构。")
    return ""


def branch_procedure(*, org_type: str, bureau_regime: str, filing_days: int = FILING_DAYS_DEFAULT) -> Procedure:
    """The procedure: foundations' branches are always registered (approval); associations' as the bureau set it."""
    if org_type == FOUNDATION:
        return Procedure(APPROVAL, FOUNDATION_CALENDAR_DAYS, working_days=False)
    if bureau_regime == APPROVAL:
        return Procedure(APPROVAL, APPROVAL_WORKING_DAYS)
    return Procedure(FILING, max(1, min(filing_days, FILING_DAYS_MAX)))


def sub_kind_of(name: str) -> str:
    """The sub-kind a name ends in (分会, 专业委员会, 代表处...), or ""."""
    return next((ending for ending in SUB_KINDS if name.endswith(ending)), "")


def branch_name_errors(
    name: str,
    *,
    kind: str,
    org_type: str,
    parent_name: str,
    area_names: tuple[str, ...] = (),
    existing_names: tuple[str, ...] = (),
) -> list[str]:
    """Every reason why `name` cannot be the name of a branch (`kind` BRANCH) or office (OFFICE) of `parent_name`.

    `area_names` are the place names of the bureau's area (regional branches are refused, 民发〔2014〕38号 四);
    `existing_names` are the organization's active branches and offices: a name under one of them would be a
    branch of a branch (社团条例 第十七条), the same name a duplicate.
    """
    name = (name or "").strip()
    if not name:
        return [_("请填写分支机构或代表机构的名称。")]
    if not name.startswith(parent_name) or len(name) <= len(parent_name):
        return [
            _("名称应当冠以所属社会组织名称的规范全称，如“%(example)s”（《社会组织名称管理办法》第十七条）。")
            % {"example": parent_name + ("青年工作委员会" if kind == BRANCH else "浦东代表处")}
        ]
    errors = []
    own = name[len(parent_name) :]
    if name in existing_names:
        errors.append(_("本组织已有同名的分支机构或代表机构。"))
    elif any(name.startswith(existing) for existing in existing_names):
        errors.append(_("分支机构、代表机构不得再设立分支机构、代表机构（《社会团体登记管理条例》第十七条）。"))
    if kind == OFFICE:
        endings = OFFICE_ENDINGS
    else:
        endings = FOUNDATION_BRANCH_ENDINGS if org_type == FOUNDATION else ASSOCIATION_BRANCH_ENDINGS
    ending = next((e for e in endings if own.endswith(e)), "")
    if not ending:
        errors.append(
            _("%(kind)s名称应当以“%(endings)s”等字样结束（《社会组织名称管理办法》第十七条）。")
            % {"kind": _("代表机构") if kind == OFFICE else _("分支机构"), "endings": "”“".join(endings)}
        )
    field = own[: len(own) - len(ending)] if ending else own
    if ending and not field:
        errors.append(_("名称在所属组织名称之后应写明业务领域或所在地，如“青年工作委员会”。"))
    bad = [word for word in LEGAL_PERSON_WORDS if word in own]
    if bad:
        errors.append(
            _("除所属组织名称外，名称中不得使用“%(words)s”等法人组织名称（《社会组织名称管理办法》第十七条）。")
            % {"words": "”“".join(bad)}
        )
    if any(word in own for word in STATE_WORDS):
        errors.append(_("名称中不得使用“国家”等表示国家机关的字词（《社会组织名称管理办法》第十二条）。"))
    if field in NATIONAL_WORDS or any(own.startswith(word) and field == word for word in NATIONAL_WORDS):
        errors.append(_("“中国”“全国”“中华”仅可作为行（事）业领域限定语使用（《社会组织名称管理办法》第十七条）。"))
    if kind == BRANCH and _regional(field, area_names):
        errors.append(
            _("社会团体不得设立地域性分支机构，分支机构名称不得冠以地名（《社会团体登记管理条例》第十七条）。")
        )
    return errors


def _regional(field: str, area_names: tuple[str, ...]) -> bool:
    """Whether a branch's own words name a place: the bureau's areas, a region, or a province/city/county/town."""
    if any(area and area in field for area in area_names) or any(word in field for word in REGION_WORDS):
        return True
    return bool(_AREA.match(field))


def decision_number(*, authority_name: str, year: int, application_pk: int) -> str:
    """The number of a written decision or filing notice on a branch application (分 for 分支机构)."""
    short = authority_name.removeprefix("上海市").removesuffix("民政局") or authority_name
    return f"{short}民社分字〔{year}〕第{application_pk:06d}号"


# The written decision or notice each finished application gets (one per application).
_KIND_WORDS = {"set_up": "设立", "change": "变更", "close": "注销"}
_UNIT_WORDS = {BRANCH: "分支机构", OFFICE: "代表机构"}


def decision_title(*, status: str, kind: str, branch_kind: str) -> str:
    """The title of the application's written decision or notice, or "" while it has none."""
    what = _KIND_WORDS.get(kind, "") + _UNIT_WORDS.get(branch_kind, "分支机构")
    return {
        "filed": f"{what}备案通知书",
        "approved": f"准予{what}决定书",
        "rejected": f"不予{what}决定书",
        "refused": "不予受理通知书",
    }.get(status, "")


def decision_paragraphs(
    *, status: str, kind: str, branch_kind: str, organization_name: str, branch_name: str, reference: str, reason: str
) -> list[str]:
    """The body of the decision or notice: what was applied for, what was decided, and on what basis."""
    what = _KIND_WORDS.get(kind, "") + _UNIT_WORDS.get(branch_kind, "分支机构")
    applied = f"你单位报送的{what}申请（编号：{reference}，名称：{branch_name}）"
    reason = reason.strip().rstrip("。")
    if status == "filed":
        paragraphs = [
            f"{applied}，经核对，材料齐全，本机关予以备案。",
            "分支机构、代表机构是社会团体的组成部分，不具有法人资格，应当在本团体授权的范围内开展活动，"
            "不得另行制订章程，不得再设立分支机构、代表机构，财务收支纳入本团体统一核算"
            "（《社会团体登记管理条例》第十七条，民发〔2014〕38号）。",
        ]
    elif status == "approved":
        paragraphs = [f"{applied}，经审查，符合规定，本机关决定准予{what}。"]
        if kind != "close":
            paragraphs.append(
                "该机构不具有法人资格，应当冠以本团体名称的全称开展活动，在本团体授权的范围内开展活动、发展会员，"
                "不得再设立分支机构、代表机构（《社会团体登记管理条例》第十七条）。"
            )
    elif status == "rejected":
        paragraphs = [f"{applied}，经审查，本机关决定不予{what}。"]
    else:
        paragraphs = [f"{applied}，本机关决定不予受理。"]
    if reason:
        paragraphs.append(f"理由：{reason}。")
    return paragraphs
