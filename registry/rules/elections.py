"""Leadership elections (换届), extensions (延期换届), principal officers (负责人), departure audits (离任审计).

Terms: 《基金会管理条例》第二十条 (理事每届任期不得超过5年); for associations and 民非 the Ministry's model
charters (《社会团体章程示范文本》, 《民办非企业单位章程示范文本》: 每届任期最长不超过5年; 因特殊情况需延期换届的，
延期最长不超过1年), which bureaus enforce when they approve a charter.
"""

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import OrgType
from registry.rules.deadlines import add_years

MAX_TERM_YEARS = 5  # 基金会管理条例 第二十条; 章程示范文本: 每届最长不超过5年
MAX_EXTENSION_YEARS = 1  # 章程示范文本: 延期换届最长不超过1年
TERM_BASIS = "《基金会管理条例》第二十条；《社会团体章程示范文本》《民办非企业单位章程示范文本》"


class VotingBody(models.TextChoices):
    """The body that held the election, as the charter names it."""

    GENERAL_ASSEMBLY = "assembly", gettext_lazy("会员大会")
    DELEGATES = "delegates", gettext_lazy("会员代表大会")
    COUNCIL = "council", gettext_lazy("理事会")


class AuditPolicy(models.TextChoices):
    """When an election must come with a pre-election financial audit (换届审计): a bureau setting."""

    ALL = "all", gettext_lazy("每次换届均须审计")
    LEGAL_REP_CHANGE = "legal_rep_change", gettext_lazy("法定代表人变更时须审计")


class OfficerPosition(models.TextChoices):
    """The principal offices filed with the bureau (负责人备案)."""

    CHAIR = "chair", gettext_lazy("会长（理事长）")
    VICE_CHAIR = "vice_chair", gettext_lazy("副会长（副理事长）")
    SECRETARY_GENERAL = "secretary_general", gettext_lazy("秘书长")
    SUPERVISOR = "supervisor", gettext_lazy("监事")


# Offices one person holds alone; there may be several vice-chairs and supervisors.
SINGLE_OFFICES = (OfficerPosition.CHAIR, OfficerPosition.SECRETARY_GENERAL)


def position_title(position: str, org_type: str) -> str:
    """The office as the register writes it: 会长 in an association, 理事长 in a foundation or 民非."""
    association = org_type == OrgType.SOCIAL_ASSOCIATION
    return {
        OfficerPosition.CHAIR: "会长" if association else "理事长",
        OfficerPosition.VICE_CHAIR: "副会长" if association else "副理事长",
        OfficerPosition.SECRETARY_GENERAL: "秘书长",
        OfficerPosition.SUPERVISOR: "监事",
    }[OfficerPosition(position)]


def office_title(office: str, org_type: str) -> str:
    """The title of an office given as a position code, or as written on record (院长 and the like)."""
    return position_title(office, org_type) if office in OfficerPosition.values else office


def term_ends_on(elected_on: datetime.date, term_years: int) -> datetime.date:
    """The last day of the term that starts with an election held on `elected_on`."""
    return add_years(elected_on, term_years) - datetime.timedelta(days=1)


def election_errors(*, elected_on: datetime.date | None, term_years: int | None, today: datetime.date) -> list[str]:
    """Why the election cannot be recorded: a date in the future, or a term longer than 5 years."""
    errors = []
    if elected_on is None:
        errors.append(_("请填写换届选举的日期。"))
    elif elected_on > today:
        errors.append(_("换届选举的日期不能晚于今天。"))
    if term_years is None or not 1 <= term_years <= MAX_TERM_YEARS:
        errors.append(_("每届任期应为1至%(max)d年（%(basis)s）。") % {"max": MAX_TERM_YEARS, "basis": TERM_BASIS})
    return errors


def audit_required(*, org_type: str, legal_rep_changes: bool, policy: str) -> bool:
    """Whether the election must come with a pre-election financial audit.

    Foundations always (基金会管理条例 第二十条 换届 and 第三十六条 财务会计报告审计; 民政部 practice audits a
    foundation's council at the end of each term); otherwise as the bureau's setting says: every election, or
    only when the legal representative changes (the outgoing one's accounts are audited before they leave).
    """
    if org_type == OrgType.FOUNDATION or AuditPolicy(policy) == AuditPolicy.ALL:
        return True
    return legal_rep_changes


def extension_errors(*, term_ends_on: datetime.date | None, new_date: datetime.date | None, reason: str) -> list[str]:
    """Why an extension (延期换届) cannot be applied for: no term on record, or more than 1 year past its end."""
    errors = []
    if term_ends_on is None:
        errors.append(_("该组织没有已备案的届期，请先办理换届备案。"))
    if new_date is None:
        errors.append(_("请填写延期后的换届日期。"))
    elif term_ends_on is not None:
        if new_date <= term_ends_on:
            errors.append(_("延期后的换届日期应晚于本届任期届满之日。"))
        elif new_date > add_years(term_ends_on, MAX_EXTENSION_YEARS):
            errors.append(
                _("延期换届最长不超过%(years)d年：最晚至%(latest)s。")
                % {"years": MAX_EXTENSION_YEARS, "latest": add_years(term_ends_on, MAX_EXTENSION_YEARS).isoformat()}
            )
    if len(reason.strip()) < 5:
        errors.append(_("请说明延期换届的特殊情况。"))
    return errors


def effective_term_end(term_ends_on: datetime.date | None, extended_to: datetime.date | None) -> datetime.date | None:
    """The day by which the next election is due: the term's end, or the approved extension's date."""
    if term_ends_on is None:
        return None
    return max(term_ends_on, extended_to) if extended_to else term_ends_on


def days_overdue(*, term_ends_on: datetime.date | None, extended_to: datetime.date | None, today: datetime.date) -> int:
    """Days since the term (or its approved extension) ended without an election; 0 when not overdue."""
    end = effective_term_end(term_ends_on, extended_to)
    return max((today - end).days, 0) if end else 0


def escalation_from(warned_on: datetime.date | None, *, grace_days: int) -> datetime.date | None:
    """The first day after a warning (提醒) on which an officer may order rectification; None without a warning."""
    return warned_on + datetime.timedelta(days=grace_days) if warned_on else None


def departure_audit_errors(*, legal_rep_changes: bool, audit_filed: bool, name: str) -> list[str]:
    """A change of legal representative needs the outgoing one's departure audit (离任审计) filed first."""
    if legal_rep_changes and not audit_filed:
        return [_("变更法定代表人前，须先办理原法定代表人%(name)s的离任审计备案（上传审计报告）。") % {"name": name}]
    return []


def officer_filing_errors(*, resulting: list[tuple[str, str]], legal_rep_id: str, removed_ids: list[str]) -> list[str]:
    """What is wrong with the officers an organization would have after a filing.

    `resulting` lists (position, id_number) after the filing. One chair and one secretary-general at most; one
    principal office per person; the legal representative stays until a change registration replaces them.
    """
    errors = []
    for office in SINGLE_OFFICES:
        if sum(1 for position, _id in resulting if position == office) > 1:
            errors.append(_("%(office)s只能有一人。") % {"office": OfficerPosition(office).label})
    ids = [id_number for _position, id_number in resulting]
    if len(ids) != len(set(ids)):
        errors.append(_("同一人不能同时担任本组织两个负责人职务。"))
    if legal_rep_id and legal_rep_id in removed_ids:
        errors.append(_("不能以负责人备案免去法定代表人：法定代表人的变更须办理变更登记。"))
    return errors
