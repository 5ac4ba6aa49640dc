"""Party building in social organizations (社会组织党建): what counts as a party organization, when 双报到 is complete,
and what an organization still lacks, as pure functions of plain values.

Sources: 《中国共产党章程》 第三十条 (a unit with three or more full party members sets up a basic organization;
fewer than three may form one jointly with other units); 《关于加强社会组织党的建设工作的意见（试行）》
(中办发〔2015〕51号: party organizations set up singly, jointly, or as functional organizations; party-building
instructors sent to organizations without one); the district work plans' 100% 双报到: the party organization
reports to the community (社区党组织) where it lives and to the sector's party committee (行业党委 or 社会组织综合党委).
"""

import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyOrgKind(models.TextChoices):
    NONE = "none", _("未建立党组织")
    OWN = "own", _("单独组建")
    JOINT = "joint", _("联合组建")
    FUNCTIONAL = "functional", _("功能型党组织")


PARTY_KINDS = (PartyOrgKind.OWN, PartyOrgKind.JOINT, PartyOrgKind.FUNCTIONAL)
# 《中国共产党章程》 第三十条: three or more full members set up their own basic organization.
MIN_MEMBERS_OWN = 3


class Gap(models.TextChoices):
    """What keeps an organization off the covered list."""

    NO_PARTY_ORGANIZATION = "no_party_organization", _("未建立党组织")
    COMMUNITY_MISSING = "community_missing", _("未向社区报到")
    COMMITTEE_MISSING = "committee_missing", _("未向行业党委（社会组织综合党委）报到")


def has_party_organization(kind: str) -> bool:
    """Whether the kind is a party organization (single, joint or functional); "none" or unknown is not."""
    return kind in PARTY_KINDS


def dual_report_complete(
    community_reported_on: datetime.date | None, committee_reported_on: datetime.date | None
) -> bool:
    """双报到 is complete only with both dates: to the community and to the sector's party committee."""
    return community_reported_on is not None and committee_reported_on is not None


def coverage_gaps(
    kind: str, community_reported_on: datetime.date | None, committee_reported_on: datetime.date | None
) -> list[str]:
    """What the organization still lacks (codes of `Gap`), in order; empty when it is covered."""
    if not has_party_organization(kind):
        return [Gap.NO_PARTY_ORGANIZATION]
    gaps = []
    if community_reported_on is None:
        gaps.append(Gap.COMMUNITY_MISSING)
    if committee_reported_on is None:
        gaps.append(Gap.COMMITTEE_MISSING)
    return gaps


def is_covered(
    kind: str, community_reported_on: datetime.date | None, committee_reported_on: datetime.date | None
) -> bool:
    """Covered: a party organization of any kind, with 双报到 complete (both dates)."""
    return not coverage_gaps(kind, community_reported_on, committee_reported_on)


_PHONE = re.compile(r"^[0-9][0-9\-]{6,19}$")


def party_record_errors(
    *,
    kind: str,
    members: int,
    community_reported_on: datetime.date | None,
    committee_reported_on: datetime.date | None,
    instructor_phone: str = "",
    today: datetime.date,
) -> dict[str, str]:
    """Field → error of a party-building record; empty when it is consistent."""
    errors: dict[str, str] = {}
    if kind not in PartyOrgKind.values:
        errors["kind"] = str(_("请选择党组织组建形式。"))
        return errors
    if members < 0:
        errors["members"] = str(_("党员人数不能为负数。"))
    elif kind == PartyOrgKind.OWN and members < MIN_MEMBERS_OWN:
        # 党章 第三十条: fewer than three full members form a joint organization instead.
        errors["members"] = str(_("单独组建党组织的，正式党员应不少于3人；不足3人的，可联合组建。"))
    elif kind == PartyOrgKind.JOINT and members < 1:
        errors["members"] = str(_("联合组建党组织的，本组织应至少有1名党员。"))
    if not has_party_organization(kind) and (community_reported_on or committee_reported_on):
        errors["kind"] = str(_("未建立党组织的，不能登记双报到；请先选择党组织组建形式。"))
    for field, day in (
        ("community_reported_on", community_reported_on),
        ("committee_reported_on", committee_reported_on),
    ):
        if day is not None and day > today:
            errors[field] = str(_("报到日期不能晚于今天。"))
    if instructor_phone and not _PHONE.match(instructor_phone.strip()):
        errors["instructor_phone"] = str(_("请填写正确的联系电话（手机号或带区号的固定电话）。"))
    return errors
