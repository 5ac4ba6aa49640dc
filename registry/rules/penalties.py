"""Rules of administrative penalty cases (行政处罚法, 2021; 社会组织信用信息管理办法, 2018; 社会组织评估管理办法),
as pure functions of plain values, tested without a database.

Deadlines are calendar days as the law counts them (the day of the act is not counted); the numbers that
local practice varies are settings, passed in by the services.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.rules.credit import CreditReason
from registry.rules.deadlines import add_months, add_years
from registry.rules.display import local_date
from registry.rules.evaluation import GRADES_HIGH_TO_LOW, grade_rank


class PenaltyKind(models.TextChoices):
    """The penalties a registration authority imposes on a social organization (条例 第三十条 etc.)."""

    WARNING = "warning", gettext_lazy("警告")
    CORRECTION = "correction", gettext_lazy("责令改正")
    REPLACEMENT = "replacement", gettext_lazy("责令撤换直接负责的主管人员")
    FINE = "fine", gettext_lazy("罚款")
    CONFISCATION = "confiscation", gettext_lazy("没收违法所得、非法财产")
    SUSPENSION = "suspension", gettext_lazy("限期停止活动")
    REVOCATION = "revocation", gettext_lazy("撤销登记")


# From the lightest to the heaviest: a decision may not be heavier than the advance notice said
# (行政处罚法 第四十五条: no heavier penalty because the party stated its case).
SEVERITY = [
    PenaltyKind.WARNING,
    PenaltyKind.CORRECTION,
    PenaltyKind.REPLACEMENT,
    PenaltyKind.FINE,
    PenaltyKind.CONFISCATION,
    PenaltyKind.SUSPENSION,
    PenaltyKind.REVOCATION,
]

# The menu of each organization type (keys: OrgType values, the credit code's category digit).
# 社团条例 第三十条: warning, order to correct, suspension, order to replace the responsible officer,
# revocation; with illegal turnover or income, confiscation and a fine. 民非条例 第二十五条: the same without
# 责令撤换. 基金会条例 第四十二条: warning, order to stop activities, revocation; no fine.
PENALTY_MENU = {
    "1": (
        PenaltyKind.WARNING,
        PenaltyKind.CORRECTION,
        PenaltyKind.SUSPENSION,
        PenaltyKind.REPLACEMENT,
        PenaltyKind.REVOCATION,
        PenaltyKind.CONFISCATION,
        PenaltyKind.FINE,
    ),
    "2": (
        PenaltyKind.WARNING,
        PenaltyKind.CORRECTION,
        PenaltyKind.SUSPENSION,
        PenaltyKind.REVOCATION,
        PenaltyKind.CONFISCATION,
        PenaltyKind.FINE,
    ),
    "3": (PenaltyKind.WARNING, PenaltyKind.SUSPENSION, PenaltyKind.REVOCATION),
}
MENU_ARTICLE = {
    "1": "《社会团体登记管理条例》第三十条",
    "2": "《民办非企业单位登记管理暂行条例》第二十五条",
    "3": "《基金会管理条例》第四十二条",
}


class FineBasis(models.TextChoices):
    """What a fine is a multiple of (社团条例 第三十条第二款, 民非条例 第二十五条第二款)."""

    TURNOVER = "turnover", gettext_lazy("违法经营额")
    INCOME = "income", gettext_lazy("违法所得")


# 1 to 3 times the illegal turnover, or 3 to 5 times the illegal income.
FINE_MULTIPLES = {FineBasis.TURNOVER: (Decimal(1), Decimal(3)), FineBasis.INCOME: (Decimal(3), Decimal(5))}


@dataclass(frozen=True)
class Sanction:
    """One penalty of a decision or a notice; several may be combined (并处) in one."""

    kind: str
    amount_yuan: Decimal | None = None
    months: int | None = None
    multiple: Decimal | None = None


class CaseSource(models.TextChoices):
    """Where a case came from."""

    OFFICER = "officer", gettext_lazy("日常监管发现")
    SPOT_CHECK = "spot_check", gettext_lazy("双随机抽查")
    COMPLAINT = "complaint", gettext_lazy("投诉举报")
    DORMANCY = "dormancy", gettext_lazy("清理整顿")


class CaseStage(models.TextChoices):
    FILED = "filed", gettext_lazy("立案待批准")
    INVESTIGATING = "investigating", gettext_lazy("调查取证")
    NOTIFIED = "notified", gettext_lazy("已告知，陈述申辩期")
    REVIEWED = "reviewed", gettext_lazy("已复核，待决定")
    LEGAL_REVIEWED = "legal_reviewed", gettext_lazy("已法制审核，待决定")
    DISCUSSED = "discussed", gettext_lazy("已集体讨论，待决定")
    DECIDED = "decided", gettext_lazy("已决定，待送达")
    SERVED = "served", gettext_lazy("已送达，执行中")
    EXECUTED = "executed", gettext_lazy("已执行，待结案")
    CLOSED = "closed", gettext_lazy("已结案")
    NOT_FILED = "not_filed", gettext_lazy("不予立案")
    DROPPED = "dropped", gettext_lazy("不予处罚，已结案")


OPEN_STAGES = (
    CaseStage.FILED,
    CaseStage.INVESTIGATING,
    CaseStage.NOTIFIED,
    CaseStage.REVIEWED,
    CaseStage.LEGAL_REVIEWED,
    CaseStage.DISCUSSED,
    CaseStage.DECIDED,
    CaseStage.SERVED,
    CaseStage.EXECUTED,
)
# Reviewed and waiting for the head's decision, through legal review and collective discussion where required.
BEFORE_DECISION_STAGES = (CaseStage.REVIEWED, CaseStage.LEGAL_REVIEWED, CaseStage.DISCUSSED)
# A penalty is in force (public, linked to the credit lists and grades) from its service.
IN_FORCE_STAGES = (CaseStage.SERVED, CaseStage.EXECUTED, CaseStage.CLOSED)

# 社会组织信用信息管理办法 (2018): a fine of 50,000 yuan or more is a dishonest-list ground, a smaller fine
# or a warning an abnormal-list ground. Fixed by the 办法, so not a setting.
LARGE_FINE_YUAN = Decimal(50_000)
# 行政处罚法 第六十七条: a fine is paid within 15 days of service (calendar days; the decision's own service
# within 7 working days is in `penalty_procedure`).
PAYMENT_DAYS = 15
# 政府购买服务管理办法 (财政部令第102号) 第八条: no serious illegal record in the previous three years.
PURCHASE_CLEAN_YEARS = 3


def decision_due_on(filed_on: datetime.date, *, days: int, extension_days: int = 0) -> datetime.date:
    """The last day to decide (行政处罚法 第六十条: within 90 days of filing, unless extended as rules allow)."""
    return filed_on + datetime.timedelta(days=days + extension_days)


def execution_due_on(
    kind: str, *, served_on: datetime.date, suspension_ends_on: datetime.date | None = None
) -> datetime.date:
    """When execution is due: a fine within 15 days of service (第六十七条), a suspension at its end."""
    if kind == PenaltyKind.SUSPENSION and suspension_ends_on:
        return suspension_ends_on
    return served_on + datetime.timedelta(days=PAYMENT_DAYS)


# 行政复议法 第二十条: 60 days to apply for reconsideration; 行政诉讼法 第四十六条: 6 months to sue.
RECONSIDERATION_DAYS = 60
LAWSUIT_MONTHS = 6


def appeal_deadlines(served_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last days to apply for administrative review and to sue, counted from service."""
    return served_on + datetime.timedelta(days=RECONSIDERATION_DAYS), add_months(served_on, LAWSUIT_MONTHS)


def appeal_routes(*, authority_name: str) -> str:
    """The remedies a written penalty decision must state (行政处罚法 第五十九条)."""
    return _(
        "如不服本决定，可以自收到决定书之日起%(days)d日内依法申请行政复议，或者自收到之日起%(months)d个月内"
        "依法向人民法院提起行政诉讼（作出决定的机关：%(authority)s）。"
    ) % {"days": RECONSIDERATION_DAYS, "months": LAWSUIT_MONTHS, "authority": authority_name}


def is_overdue(due_on: datetime.date | None, *, today: datetime.date) -> bool:
    return due_on is not None and today > due_on


def hearing_right(kind: str, *, amount_yuan: Decimal | None, large_amount_yuan: Decimal) -> bool:
    """Whether the party may ask for a hearing (行政处罚法 第六十三条).

    Revocation and ordering activities stopped always; a fine or a confiscation of a large amount
    (较大数额, set locally) too; a warning never.
    """
    if kind in (PenaltyKind.REVOCATION, PenaltyKind.SUSPENSION):
        return True
    if kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION):
        return amount_yuan is not None and amount_yuan >= large_amount_yuan
    return False


def proposal_problems(
    kind: str, *, fine_yuan: Decimal | None, confiscated_yuan: Decimal | None, suspension_months: int | None
) -> list[str]:
    """What is missing or wrong in a proposed or decided penalty."""
    problems = []
    if kind not in PenaltyKind.values:
        return [_("请选择处罚种类。")]
    if kind == PenaltyKind.FINE and (fine_yuan is None or fine_yuan <= 0):
        problems.append(_("罚款须写明金额（元），且大于0。"))
    if kind == PenaltyKind.CONFISCATION and (confiscated_yuan is None or confiscated_yuan <= 0):
        problems.append(_("没收违法所得、非法财产须写明金额（元），且大于0。"))
    if kind == PenaltyKind.SUSPENSION and not (suspension_months and 1 <= suspension_months <= 12):
        problems.append(_("限期停止活动须写明期限（1至12个月）。"))
    return problems


def heavier_than_notified(
    kind: str, amount_yuan: Decimal | None, *, notified_kind: str, notified_amount_yuan: Decimal | None
) -> bool:
    """Whether a decision would be heavier than the penalty the party was told of (行政处罚法 第四十五条)."""
    if SEVERITY.index(PenaltyKind(kind)) != SEVERITY.index(PenaltyKind(notified_kind)):
        return SEVERITY.index(PenaltyKind(kind)) > SEVERITY.index(PenaltyKind(notified_kind))
    return amount_yuan is not None and notified_amount_yuan is not None and amount_yuan > notified_amount_yuan


def credit_reason_for(kind: str, *, fine_yuan: Decimal | None) -> str | None:
    """The credit-list ground a penalty is (社会组织信用信息管理办法, 2018), or None.

    A warning or a fine under 50,000 yuan: activity-abnormal list; a fine of 50,000 yuan or more or an
    order to stop activities: serious-illegal-and-dishonest list; revocation: dishonest list too.
    """
    if kind == PenaltyKind.WARNING:
        return CreditReason.SMALL_PENALTY
    if kind == PenaltyKind.FINE:
        return CreditReason.LARGE_FINE if (fine_yuan or 0) >= LARGE_FINE_YUAN else CreditReason.SMALL_PENALTY
    if kind == PenaltyKind.SUSPENSION:
        return CreditReason.STOP_ACTIVITIES
    if kind == PenaltyKind.REVOCATION:
        return CreditReason.REVOKED
    return None


def is_serious(kind: str, *, fine_yuan: Decimal | None) -> bool:
    """A serious penalty: one that lists the organization as seriously dishonest, or a confiscation."""
    if kind == PenaltyKind.CONFISCATION:
        return True
    reason = credit_reason_for(kind, fine_yuan=fine_yuan)
    return reason in (CreditReason.LARGE_FINE, CreditReason.STOP_ACTIVITIES, CreditReason.REVOKED)


def grade_after_penalty(grade: str, kind: str, *, fine_yuan: Decimal | None) -> str | None:
    """The grade left after a penalty, or None when the grade stays (评估管理办法 第二十九条).

    A graded organization that receives an administrative penalty is lowered one grade; in serious
    cases (a fine of 50,000 yuan or more, confiscation, stopping activities, revocation) the grade is
    withdrawn (""). A 1A organization lowered loses its grade.
    """
    if not grade:
        return None
    if is_serious(kind, fine_yuan=fine_yuan):
        return ""
    rank = grade_rank(grade)
    return GRADES_HIGH_TO_LOW[len(GRADES_HIGH_TO_LOW) - rank + 1] if rank > 1 else ""


def suspension_ends_on(served_on: datetime.date, *, months: int) -> datetime.date:
    """The last day of a suspension of activities counted from service."""
    return add_months(served_on, months) - datetime.timedelta(days=1)


def is_suspended(suspended_until: datetime.date | None, *, today: datetime.date) -> bool:
    return suspended_until is not None and today <= suspended_until


def purchase_of_service_problems(
    *,
    status: str,
    on_dishonest_list: bool,
    on_abnormal_list: bool,
    suspended_until: datetime.date | None,
    serious_penalty_on: datetime.date | None,
    today: datetime.date,
) -> list[str]:
    """Why an organization may not take on government-purchased services now (政府购买服务资质); empty when it may.

    政府购买服务管理办法 第八条 and 民政部、财政部 关于通过政府购买服务支持社会组织培育发展的指导意见: registered
    normally, good credit (on neither list), not stopped from its activities, and no serious illegal
    record (a serious penalty) in the previous three years.
    """
    problems = []
    if status != "normal":
        problems.append(_("登记状态不正常。"))
    if on_dishonest_list:
        problems.append(_("已列入严重违法失信名单。"))
    if on_abnormal_list:
        problems.append(_("已列入活动异常名录。"))
    if is_suspended(suspended_until, today=today):
        problems.append(_("正在限期停止活动（至%(date)s）。") % {"date": local_date(suspended_until)})
    if serious_penalty_on and today < add_years(serious_penalty_on, PURCHASE_CLEAN_YEARS):
        problems.append(
            _("%(date)s受到较重的行政处罚，%(years)d年内不具备资质。")
            % {"date": local_date(serious_penalty_on), "years": PURCHASE_CLEAN_YEARS}
        )
    return problems


def decision_blockers(
    *,
    today: datetime.date,
    notice_served_on: datetime.date | None,
    ends_on: datetime.date | None,
    statement_on: datetime.date | None,
    hearing_requested: bool,
    hearing_held_on: datetime.date | None,
    hearing_record: str,
) -> list[str]:
    """Why the statement and hearing stage may not be concluded yet (行政处罚法 第四十四、四十五、六十三、六十四条).

    The party was told in advance of the facts, reasons and basis and of its rights, and the notice was
    served; it has had the period (`ends_on`, working days from service) to state its case and ask for a
    hearing, or already answered without asking for one, or was heard; a requested hearing is recorded.
    """
    if notice_served_on is None or ends_on is None:
        return [_("行政处罚事先告知书尚未送达：请先记录送达方式和送达日期。")]
    problems = []
    answered_without_hearing = statement_on is not None and not hearing_requested
    heard = hearing_requested and hearing_held_on is not None and bool(hearing_record.strip())
    if today <= ends_on and not (answered_without_hearing or heard):
        problems.append(
            _("陈述、申辩和要求听证的期限至%(date)s届满，届满前不能复核结案或作出决定。")
            % {"date": local_date(ends_on)}
        )
    if hearing_requested and (hearing_held_on is None or not hearing_record.strip()):
        problems.append(_("当事人已要求听证：请组织听证，并填写听证日期和听证笔录要点。"))
    return problems


def penalty_amount(kind: str, amount_yuan) -> Decimal | None:
    """The amount a penalty of `kind` carries, to the fen: a fine's or a confiscation's; other kinds carry none."""
    if kind in (PenaltyKind.FINE, PenaltyKind.CONFISCATION) and amount_yuan is not None:
        return Decimal(amount_yuan).quantize(Decimal("0.01"))
    return None


def penalty_words(kind: str, amount: Decimal | None, months: int | None) -> str:
    """The penalty in words, as notices and decisions state it: 罚款50,000.00元, 限期停止活动3个月, 警告."""
    label = PenaltyKind(kind).label
    if amount is not None:
        return _("%(kind)s%(amount)s元") % {"kind": label, "amount": f"{amount:,.2f}"}
    if months:
        return _("%(kind)s%(months)d个月") % {"kind": label, "months": months}
    return str(label)


# Combined penalties (并处): a decision or notice carries one or more sanctions, each kind at most once.

CREDIT_SEVERITY = [
    CreditReason.SMALL_PENALTY,
    CreditReason.LARGE_FINE,
    CreditReason.STOP_ACTIVITIES,
    CreditReason.REVOKED,
]


def ordered(sanctions: list[Sanction]) -> list[Sanction]:
    """The sanctions from the heaviest to the lightest, as a decision lists them."""
    return sorted(sanctions, key=lambda item: SEVERITY.index(PenaltyKind(item.kind)), reverse=True)


def heaviest_kind(sanctions: list[Sanction]) -> str:
    return ordered(sanctions)[0].kind if sanctions else ""


def amount_of(sanctions: list[Sanction], kind: str) -> Decimal | None:
    return next((item.amount_yuan for item in sanctions if item.kind == kind), None)


def months_of(sanctions: list[Sanction]) -> int | None:
    return next((item.months for item in sanctions if item.kind == PenaltyKind.SUSPENSION), None)


def money_total(sanctions: list[Sanction]) -> Decimal | None:
    """The fines and confiscations together (罚没金额), or None when the decision carries neither."""
    amounts = [item.amount_yuan for item in sanctions if item.amount_yuan is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def fine_problems(
    fine_yuan: Decimal, *, basis: str, illegal_amount_yuan: Decimal | None, multiple: Decimal | None
) -> list[str]:
    """What is wrong with a fine measured on the illegal turnover or income (社团条例 第三十条, 民非条例 第二十五条).

    1 to 3 times the illegal turnover or 3 to 5 times the illegal income: the officer enters the basis, the
    amount found and the multiple, and the fine must be that multiple of that amount, to the fen.
    """
    if basis not in FineBasis.values or not illegal_amount_yuan or illegal_amount_yuan <= 0:
        return [_("罚款须以违法经营额或者违法所得为基数：请选择基数种类并填写认定的金额。")]
    low, high = FINE_MULTIPLES[FineBasis(basis)]
    if multiple is None or not low <= multiple <= high:
        return [
            _("按%(basis)s处罚的，罚款倍数应在%(low)s倍至%(high)s倍之间。")
            % {"basis": FineBasis(basis).label, "low": f"{low:g}", "high": f"{high:g}"}
        ]
    expected = (illegal_amount_yuan * multiple).quantize(Decimal("0.01"))
    if fine_yuan != expected:
        return [
            _("罚款金额应为%(basis)s%(base)s元的%(multiple)s倍，即%(expected)s元。")
            % {
                "basis": FineBasis(basis).label,
                "base": f"{illegal_amount_yuan:,.2f}",
                "multiple": f"{multiple:g}",
                "expected": f"{expected:,.2f}",
            }
        ]
    return []


def sanctions_problems(
    org_type: str, sanctions: list[Sanction], *, fine_basis: str = "", illegal_amount_yuan: Decimal | None = None
) -> list[str]:
    """What is wrong with the penalties proposed or decided against an organization of `org_type`.

    Each kind must be on the type's menu (社团条例 第三十条, 民非条例 第二十五条, 基金会条例 第四十二条) and appear
    once; each carries its amount or period; a fine is the entered multiple of the illegal turnover or income;
    revocation ends the organization, so it is combined with no suspension or replacement of an officer.
    """
    if not sanctions:
        return [_("请至少选择一种处罚。")]
    problems = []
    kinds = [item.kind for item in sanctions]
    if len(set(kinds)) != len(kinds):
        problems.append(_("同一种处罚只能选择一次。"))
    menu = PENALTY_MENU.get(org_type, ())
    for item in sanctions:
        if item.kind not in PenaltyKind.values:
            return [_("请选择处罚种类。")]
        if item.kind not in menu:
            problems.append(
                _("%(article)s未规定“%(kind)s”，不能对该类组织适用。")
                % {"article": MENU_ARTICLE.get(org_type, ""), "kind": PenaltyKind(item.kind).label}
            )
            continue
        problems += proposal_problems(
            item.kind, fine_yuan=item.amount_yuan, confiscated_yuan=item.amount_yuan, suspension_months=item.months
        )
        if item.kind == PenaltyKind.FINE and item.amount_yuan:
            problems += fine_problems(
                item.amount_yuan, basis=fine_basis, illegal_amount_yuan=illegal_amount_yuan, multiple=item.multiple
            )
    if PenaltyKind.REVOCATION in kinds and ({PenaltyKind.SUSPENSION, PenaltyKind.REPLACEMENT} & set(kinds)):
        problems.append(_("撤销登记不能与限期停止活动或责令撤换并处。"))
    return problems


def combined_words(sanctions: list[Sanction]) -> str:
    """The penalties in words, heaviest first, the others joined as 并处: 撤销登记，并处没收违法所得1,000.00元."""
    words = [penalty_words(item.kind, item.amount_yuan, item.months) for item in ordered(sanctions)]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s，并处%(rest)s") % {"first": words[0], "rest": "、".join(words[1:])}


def combined_credit_reason(sanctions: list[Sanction]) -> str | None:
    """The heaviest credit-list ground among the combined penalties (社会组织信用信息管理办法, 2018), or None."""
    reasons = [credit_reason_for(item.kind, fine_yuan=item.amount_yuan) for item in sanctions]
    reasons = [reason for reason in reasons if reason is not None]
    return max(reasons, key=CREDIT_SEVERITY.index) if reasons else None


def combined_is_serious(sanctions: list[Sanction]) -> bool:
    return any(is_serious(item.kind, fine_yuan=item.amount_yuan) for item in sanctions)


def combined_grade_after(grade: str, sanctions: list[Sanction]) -> str | None:
    """The grade left after a decision (评估管理办法 第二十九条): withdrawn if any penalty is serious, else one lower.

    An order to correct alone is no penalty (行政处罚法 第二十八条) and leaves the grade.
    """
    penalties = [item for item in sanctions if item.kind != PenaltyKind.CORRECTION]
    if not penalties:
        return None
    heaviest = max(penalties, key=lambda item: is_serious(item.kind, fine_yuan=item.amount_yuan))
    return grade_after_penalty(grade, heaviest.kind, fine_yuan=heaviest.amount_yuan)


def combined_heavier_than_notified(decided: list[Sanction], notified: list[Sanction]) -> bool:
    """Whether a decision adds a penalty, a larger amount or a longer period to the notice (行政处罚法 第四十五条)."""
    told = {item.kind: item for item in notified}
    for item in decided:
        before = told.get(item.kind)
        if before is None:
            return True
        if item.amount_yuan is not None and (before.amount_yuan is None or item.amount_yuan > before.amount_yuan):
            return True
        if item.months and item.months > (before.months or 0):
            return True
    return False


def combined_hearing_right(sanctions: list[Sanction], *, large_amount_yuan: Decimal) -> bool:
    """The party may ask for a hearing if any of the penalties gives the right (行政处罚法 第六十三条)."""
    return any(
        hearing_right(item.kind, amount_yuan=item.amount_yuan, large_amount_yuan=large_amount_yuan)
        for item in sanctions
    )


def collective_discussion_required(sanctions: list[Sanction], *, large_amount_yuan: Decimal) -> bool:
    """Whether the bureau's heads decide in collective discussion (集体讨论, 行政处罚法 第五十七条第二款).

    Serious cases: revocation, suspension of activities, or fines and confiscations together of at least the
    local threshold.
    """
    kinds = {item.kind for item in sanctions}
    if {PenaltyKind.REVOCATION, PenaltyKind.SUSPENSION} & kinds:
        return True
    return (money_total(sanctions) or Decimal(0)) >= large_amount_yuan
