"""Rules of administrative penalty cases (行政处罚法, 2021; 社会组织信用信息管理办法, 2018; 社会组织评估管理办法),
as pure functions of plain values, tested without a database.

Deadlines are calendar days as the law counts them (the day of the act is not counted); the numbers that
local practice varies are settings, passed in by the services.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.rules.credit import CreditReason
from registry.rules.deadlines import add_months, add_years
from registry.rules.evaluation import GRADES_HIGH_TO_LOW, grade_rank


class PenaltyKind(models.TextChoices):
    """The penalties a registration authority imposes on a social organization (条例 第三十条 etc.)."""

    WARNING = "warning", gettext_lazy("警告")
    FINE = "fine", gettext_lazy("罚款")
    CONFISCATION = "confiscation", gettext_lazy("没收违法所得、非法财产")
    SUSPENSION = "suspension", gettext_lazy("限期停止活动")
    REVOCATION = "revocation", gettext_lazy("撤销登记")


# From the lightest to the heaviest: a decision may not be heavier than the advance notice said
# (行政处罚法 第四十五条: no heavier penalty because the party stated its case).
SEVERITY = [
    PenaltyKind.WARNING,
    PenaltyKind.FINE,
    PenaltyKind.CONFISCATION,
    PenaltyKind.SUSPENSION,
    PenaltyKind.REVOCATION,
]


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
    CaseStage.DECIDED,
    CaseStage.SERVED,
    CaseStage.EXECUTED,
)
# A penalty is in force (public, linked to the credit lists and grades) from its service.
IN_FORCE_STAGES = (CaseStage.SERVED, CaseStage.EXECUTED, CaseStage.CLOSED)

# 社会组织信用信息管理办法 (2018): a fine of 50,000 yuan or more is a dishonest-list ground, a smaller fine
# or a warning an abnormal-list ground. Fixed by the 办法, so not a setting.
LARGE_FINE_YUAN = Decimal(50_000)
# 行政处罚法 第六十一条: the decision is served within 7 days; 第六十七条: a fine is paid within 15 days.
SERVICE_DAYS = 7
PAYMENT_DAYS = 15
# 政府购买服务管理办法 (财政部令第102号) 第八条: no serious illegal record in the previous three years.
PURCHASE_CLEAN_YEARS = 3


def decision_due_on(filed_on: datetime.date, *, days: int, extension_days: int = 0) -> datetime.date:
    """The last day to decide (行政处罚法 第六十条: within 90 days of filing, unless extended as rules allow)."""
    return filed_on + datetime.timedelta(days=days + extension_days)


def service_due_on(decided_on: datetime.date) -> datetime.date:
    """The last day to serve the written decision (行政处罚法 第六十一条: 7 days)."""
    return decided_on + datetime.timedelta(days=SERVICE_DAYS)


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
        problems.append(_("正在限期停止活动（至%(date)s）。") % {"date": suspended_until.isoformat()})
    if serious_penalty_on and today < add_years(serious_penalty_on, PURCHASE_CLEAN_YEARS):
        problems.append(
            _("%(date)s受到较重的行政处罚，%(years)d年内不具备资质。")
            % {"date": serious_penalty_on.isoformat(), "years": PURCHASE_CLEAN_YEARS}
        )
    return problems


def decision_blockers(
    *,
    today: datetime.date,
    notice_on: datetime.date | None,
    statement_days: int,
    statement_on: datetime.date | None,
    hearing_requested: bool,
    hearing_held_on: datetime.date | None,
    hearing_record: str,
) -> list[str]:
    """Why the statement and hearing stage may not be concluded yet (行政处罚法 第四十四、四十五、六十三、六十四条).

    The party was told in advance of the facts, reasons and basis and of its rights; it has had the
    period to state its case and ask for a hearing (or already answered without asking for one, or was
    heard); a requested hearing has been held and recorded.
    """
    if notice_on is None:
        return [_("尚未告知拟作出的行政处罚内容及事实、理由、依据和陈述、申辩、听证的权利。")]
    problems = []
    ends_on = notice_on + datetime.timedelta(days=statement_days)
    answered_without_hearing = statement_on is not None and not hearing_requested
    heard = hearing_requested and hearing_held_on is not None and bool(hearing_record.strip())
    if today <= ends_on and not (answered_without_hearing or heard):
        problems.append(
            _("陈述、申辩和要求听证的期限至%(date)s届满，届满前不能复核结案或作出决定。")
            % {"date": ends_on.isoformat()}
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
