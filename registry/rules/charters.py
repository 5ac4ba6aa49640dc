"""Charter approval (章程核准): when an amended charter must reach the bureau, and how two texts differ.

社会团体登记管理条例 第十八条 and 民办非企业单位登记管理暂行条例 第十五条: an association or a 民办非企业单位
that amends its charter reports it to the registration authority for approval within 30 days of its competent
unit's consent; a directly registered one has no competent unit, so the 30 days run from its own decision,
as for change registration.  基金会管理条例 第十五条: a foundation's
amended charter needs the competent unit's consent and the authority's approval, with no period.

Late filing is not a ground to refuse: the period is the organization's duty, so a late application is
accepted and flagged to the officer (逾期申请), who may follow it up through supervision.
"""

import datetime
import difflib
from dataclasses import dataclass
from importlib import resources

from django.utils.translation import gettext as _

from registry.choices import OrgType

# 社团条例 第十八条, 民非条例 第十五条: calendar days (DOMAIN: the regulations' own periods are calendar days).
CHARTER_FILING_DAYS = 30
# 行政许可法 第四十二条: 20 working days to decide, extendable by 10 with the head's approval.
CHARTER_DECISION_WORKING_DAYS = 20
CHARTER_EXTENSION_WORKING_DAYS = 10

# The articles each type's charter approval rests on, as the decision and the guide cite them.
LEGAL_BASIS = {
    OrgType.SOCIAL_ASSOCIATION: "《社会团体登记管理条例》第十八条",
    OrgType.SERVICE_AGENCY: "《民办非企业单位登记管理暂行条例》第十五条",
    OrgType.FOUNDATION: "《基金会管理条例》第十五条",
}

# The Ministry's model charters (示范文本), one per type, in our own words: data files beside this module.
MODEL_CHARTER_FILES = {
    OrgType.SOCIAL_ASSOCIATION: "association.txt",
    OrgType.SERVICE_AGENCY: "service_agency.txt",
    OrgType.FOUNDATION: "foundation.txt",
}
# The placeholders a model charter carries, filled from the organization's record.
PLACEHOLDERS = ("名称", "住所", "业务主管单位", "登记管理机关", "业务范围", "活动地域", "注册资金")


def filing_window_start(
    *, org_type: str, has_competent_unit: bool, consent_on: datetime.date | None, decided_on: datetime.date | None
) -> datetime.date | None:
    """The day the 30 days to apply start from, or None when the law sets no period (foundations).

    An organization with a competent unit counts from the unit's consent; a directly registered one from its
    own decision (the resolution's date).
    """
    if OrgType(org_type) == OrgType.FOUNDATION:
        return None
    return consent_on if has_competent_unit else decided_on


def filing_deadline(start: datetime.date | None) -> datetime.date | None:
    """The last day to apply: 30 calendar days after the start (the start itself not counted)."""
    return start + datetime.timedelta(days=CHARTER_FILING_DAYS) if start else None


def is_late(*, start: datetime.date | None, applied_on: datetime.date) -> bool:
    """Whether an application made on `applied_on` is past the 30 days (社团条例 第十八条, 民非条例 第十五条)."""
    deadline = filing_deadline(start)
    return deadline is not None and applied_on > deadline


def date_errors(
    *,
    org_type: str,
    has_competent_unit: bool,
    consent_on: datetime.date | None,
    decided_on: datetime.date | None,
    today: datetime.date,
) -> list[str]:
    """The dates an application must carry: the resolution's and, with a competent unit, the consent's."""
    errors = []
    if decided_on is None:
        errors.append(_("请填写会员大会或理事会通过章程修改的日期。"))
    elif decided_on > today:
        errors.append(_("决议日期不能晚于今天。"))
    if has_competent_unit:
        if consent_on is None:
            errors.append(_("请填写业务主管单位同意章程修改的日期。"))
        elif consent_on > today:
            errors.append(_("业务主管单位同意的日期不能晚于今天。"))
        elif decided_on is not None and consent_on < decided_on:
            errors.append(_("业务主管单位同意的日期不能早于决议日期。"))
    return errors


def model_charter_text(org_type: str) -> str:
    """The model charter (示范文本) of a type, with its placeholders unfilled."""
    name = MODEL_CHARTER_FILES[OrgType(org_type)]
    return resources.files("registry.rules").joinpath("model_charters", name).read_text(encoding="utf-8")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace each 〔placeholder〕 with its value; an unknown or empty one stays for the applicant to fill."""
    for key in PLACEHOLDERS:
        value = (values.get(key) or "").strip()
        if value:
            text = text.replace(f"〔{key}〕", value)
    return text


def normalize_text(text: str) -> str:
    """The charter as stored: Unix line ends, no trailing spaces, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


@dataclass(frozen=True)
class DiffRow:
    """One line of a two-column diff: the old and the new line (either may be absent) and how it changed."""

    change: str  # "same", "changed", "removed", "added"
    old_number: int | None
    old: str
    new_number: int | None
    new: str


@dataclass(frozen=True)
class DiffSummary:
    added: int
    removed: int
    changed: int

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_rows(old: str, new: str, *, context: int | None = None) -> list[DiffRow]:
    """Line by line, what changed from `old` to `new`: plain text for the template to escape, never markup.

    With `context`, unchanged lines further than that from a change are left out (a gap row marks them).
    """
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            rows += [DiffRow("same", i + 1, old_lines[i], j + 1, new_lines[j]) for i, j in pairs]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            change = "changed" if o is not None and n is not None else ("removed" if n is None else "added")
            rows.append(
                DiffRow(
                    change,
                    o + 1 if o is not None else None,
                    old_lines[o] if o is not None else "",
                    n + 1 if n is not None else None,
                    new_lines[n] if n is not None else "",
                )
            )
    return _with_context(rows, context) if context is not None else rows


def _with_context(rows: list[DiffRow], context: int) -> list[DiffRow]:
    changed = [i for i, row in enumerate(rows) if row.change != "same"]
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    kept: list[DiffRow] = []
    for i, row in enumerate(rows):
        if i in keep:
            kept.append(row)
        elif not kept or kept[-1].change != "gap":
            kept.append(DiffRow("gap", None, "", None, ""))
    return kept


def diff_summary(rows: list[DiffRow]) -> DiffSummary:
    """How many lines were added, removed and changed."""
    count = {"added": 0, "removed": 0, "changed": 0}
    for row in rows:
        if row.change in count:
            count[row.change] += 1
    return DiffSummary(**count)


# Written decisions (文书) of a charter application, in the order they are issued.
ACCEPTED_STATUSES = ("accepted", "reviewed", "approved", "rejected")
DOCUMENT_TITLES = {
    "refusal": "不予受理通知书",
    "acceptance": "受理通知书",
    "approval": "准予章程核准决定书",
    "rejection": "不予章程核准决定书",
}
_NUMBER_CODES = {"acceptance": "受", "approval": "准", "rejection": "不", "refusal": "拒"}


@dataclass(frozen=True)
class CharterDocument:
    kind: str
    title: str


def available_documents(*, status: str, accepted_on: datetime.date | None) -> list[CharterDocument]:
    """The written decisions an application in `status` has been given so far."""
    kinds = []
    if status == "refused":
        kinds.append("refusal")
    if accepted_on is not None and status in ACCEPTED_STATUSES:
        kinds.append("acceptance")
    if status == "approved":
        kinds.append("approval")
    if status == "rejected":
        kinds.append("rejection")
    return [CharterDocument(kind, DOCUMENT_TITLES[kind]) for kind in kinds]


def document_number(*, authority_name: str, kind: str, year: int, application_pk: int) -> str:
    """A charter decision's number: the authority's short name, 章 and the kind's character, year and serial."""
    short = authority_name.removeprefix("上海市").removesuffix("民政局") or authority_name
    return f"{short}民社章{_NUMBER_CODES[kind]}字〔{year}〕第{application_pk:06d}号"
