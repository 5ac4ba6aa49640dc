"""Community social organizations filed with a street office or town (社区社会组织备案).

民政部关于大力培育发展社区社会组织的意见 (民发〔2017〕191号) asks districts to file (备案) the community groups
that do not meet the registration thresholds, with the street office or town, and to move them up to
registration once they do. They are not legal persons: no credit code, a name that says what the group is
(a team, club or society of one neighbourhood), never the forms of a legal person (基金会, 研究院, 中心).
The minimum number of members is local practice (setting REGISTRY_COMMUNITY_MIN_MEMBERS, default 10).
"""

import datetime
import re

from django.utils.translation import gettext as _

from registry.rules.idcards import id_number_errors
from registry.rules.person_names import person_name_errors

# Forms a community group's name may end in (longest first so 服务队 wins over 队).
GROUP_SUFFIXES = (
    "志愿服务队",
    "服务队",
    "志愿队",
    "协会",
    "联谊会",
    "俱乐部",
    "艺术团",
    "合唱团",
    "工作室",
    "小组",
    "队",
    "社",
    "会",
    "团",
    "站",
    "室",
    "坊",
    "园",
)
# Forms of legal persons (社会团体 that must register, 民办非企业单位, 基金会) a filed group may not take: the
# name would present it as something it is not (社会组织名称管理办法 第十条: a name may not mislead the public).
LEGAL_PERSON_WORDS = (
    "基金会",
    "研究院",
    "研究会",
    "促进会",
    "联合会",
    "商会",
    "学会",
    "中心",
    "学校",
    "医院",
    "有限公司",
)
# Words implying state authority or a misleading rank, refused as in registered names.
REFUSED_WORDS = ("中国", "中华", "全国", "国际", "世界", "国家", "政府", "党", "官方", "第一", "最高")
_CHINESE = re.compile(r"^[\u4e00-\u9fff（）()·0-9]+$")
NAME_MIN_LENGTH = 4
NAME_MAX_LENGTH = 40
# The street or town officer decides within this many working days (local promise; setting default 10).
FILING_WORKING_DAYS_DEFAULT = 10
MIN_MEMBERS_DEFAULT = 10


def normalize_group_name(name: str) -> str:
    """Trim and drop inner spaces: a name is written as one run of characters."""
    return re.sub(r"\s+", "", name or "")


def group_name_errors(name: str) -> list[str]:
    """Every reason, in the user's language, why `name` cannot be a community group's name."""
    name = normalize_group_name(name)
    if not name:
        return [_("请填写名称。")]
    errors = []
    if not _CHINESE.match(name):
        errors.append(_("名称应使用规范汉字，不得含有字母、空格或其他符号。"))
    if not NAME_MIN_LENGTH <= len(name) <= NAME_MAX_LENGTH:
        errors.append(_("名称应为%(low)s至%(high)s个字。") % {"low": NAME_MIN_LENGTH, "high": NAME_MAX_LENGTH})
    legal = [word for word in LEGAL_PERSON_WORDS if word in name]
    if legal:
        errors.append(_("社区社会组织不是法人，名称不得使用“%(words)s”等法人组织形式。") % {"words": "、".join(legal)})
    refused = [word for word in REFUSED_WORDS if word in name]
    if refused:
        errors.append(_("名称不得含有“%(words)s”。") % {"words": "、".join(refused)})
    if not name.endswith(GROUP_SUFFIXES):
        errors.append(
            _("名称应以组织形式结尾，如：%(forms)s。")
            % {"forms": "、".join(("队", "服务队", "社", "协会", "会", "团", "站"))}
        )
    return errors


def member_count_errors(count: int | None, *, minimum: int) -> list[str]:
    """民发〔2017〕191号: a filed group has members of its own; the local minimum is a setting."""
    if count is None:
        return [_("请填写成员人数。")]
    if count < minimum:
        return [_("社区社会组织备案应有成员%(minimum)s人以上。") % {"minimum": minimum}]
    return []


def responsible_person_errors(name: str, id_number: str, *, today: datetime.date | None = None) -> dict:
    """What is wrong with the responsible person's name and ID number, by field (empty when both are valid)."""
    errors = {}
    if problems := person_name_errors(name):
        errors["responsible_name"] = problems
    if problems := id_number_errors(id_number, today=today):
        errors["responsible_id_number"] = problems
    return errors


def guiding_unit_errors(*, kind: str, unit_name: str, has_hub: bool) -> dict:
    """A filed group names its guiding unit: a residents' or villagers' committee, or a hub organization."""
    if kind == "hub":
        return {} if has_hub else {"hub": [_("请选择作为指导单位的枢纽型社会组织。")]}
    if kind not in ("residents", "villagers"):
        return {"guiding_kind": [_("请选择指导单位类别。")]}
    unit_name = (unit_name or "").strip()
    ending = "居民委员会" if kind == "residents" else "村民委员会"
    short = "居委会" if kind == "residents" else "村委会"
    if not unit_name:
        return {"guiding_unit_name": [_("请填写指导单位名称。")]}
    if not unit_name.endswith((ending, short)):
        return {
            "guiding_unit_name": [
                _("指导单位名称应以“%(ending)s”或“%(short)s”结尾。") % {"ending": ending, "short": short}
            ]
        }
    return {}


def filing_number(subdistrict_code: str, year: int, serial: int) -> str:
    """备案编号: the street's or town's 9-digit code, the year and a serial of that street and year (社备…)."""
    return f"社备{subdistrict_code}{year}{serial:04d}"


def report_year_due(*, filed_on: datetime.date, today: datetime.date) -> int | None:
    """The latest year a filed group owes an activity report for on `today` (None before its first).

    A group reports once a year on the year before; a group filed in a year reports on it the next year.
    """
    year = today.year - 1
    return year if filed_on.year <= year else None
