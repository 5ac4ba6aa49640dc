"""Credit-list rules (社会组织信用信息管理办法, 民政部令第60号, 2018), as pure functions of dates and reasons."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.deadlines import add_months, add_years


class CreditList(models.TextChoices):
    ABNORMAL = "abnormal", _("活动异常名录")
    DISHONEST = "dishonest", _("严重违法失信名单")


class CreditReason(models.TextChoices):
    """The ground on which an organization was listed, as the 办法 lists them."""

    # Activity-abnormal list (办法, grounds for the 活动异常名录).
    ANNUAL_REPORT_MISSING = "annual_report_missing", _("未按照规定时限和要求报送年度工作报告")
    NO_PARTY_ORGANIZATION = "no_party_organization", _("未按照有关规定设立党组织")
    RECTIFICATION_NOT_DONE = "rectification_not_done", _("监督检查中发现问题，未按期完成整改")
    SMALL_PENALTY = "small_penalty", _("受到警告或者不满5万元罚款处罚")
    UNREACHABLE = "unreachable", _("通过登记的住所无法取得联系")
    # Serious-illegal-and-dishonest list (办法, grounds for the 严重违法失信名单).
    ABNORMAL_TWO_YEARS = "abnormal_two_years", _("被列入活动异常名录满2年")
    FALSE_CHANGE_REGISTRATION = "false_change_registration", _("弄虚作假办理变更登记，被撤销变更登记")
    STOP_ACTIVITIES = "stop_activities", _("受到限期停止活动行政处罚")
    LARGE_FINE = "large_fine", _("受到5万元以上罚款处罚")
    REPEATED_SMALL_PENALTIES = "repeated_small_penalties", _("三年内两次以上受到警告或者不满5万元罚款处罚")
    COURT_DEFAULTER = "court_defaulter", _("被司法机关纳入失信被执行人名单")
    REVOKED = "revoked", _("被吊销登记证书或者撤销成立登记")


LIST_OF_REASON = {
    CreditReason.ANNUAL_REPORT_MISSING: CreditList.ABNORMAL,
    CreditReason.NO_PARTY_ORGANIZATION: CreditList.ABNORMAL,
    CreditReason.RECTIFICATION_NOT_DONE: CreditList.ABNORMAL,
    CreditReason.SMALL_PENALTY: CreditList.ABNORMAL,
    CreditReason.UNREACHABLE: CreditList.ABNORMAL,
    CreditReason.ABNORMAL_TWO_YEARS: CreditList.DISHONEST,
    CreditReason.FALSE_CHANGE_REGISTRATION: CreditList.DISHONEST,
    CreditReason.STOP_ACTIVITIES: CreditList.DISHONEST,
    CreditReason.LARGE_FINE: CreditList.DISHONEST,
    CreditReason.REPEATED_SMALL_PENALTIES: CreditList.DISHONEST,
    CreditReason.COURT_DEFAULTER: CreditList.DISHONEST,
    CreditReason.REVOKED: CreditList.DISHONEST,
}

# Abnormal-list grounds with nothing to correct or fulfil: the 办法 removes them after 6 months.
NOTHING_TO_CORRECT = (CreditReason.SMALL_PENALTY,)
# Grounds no sweep finds: an officer lists and clears them by hand, with reasons and the legal basis (办法: a
# letter to the domicile unanswered, a rectification order not met, no party organization where required, a
# court's list of judgment defaulters, a change registration revoked for fraud).
MANUAL_GROUNDS = (
    CreditReason.UNREACHABLE,
    CreditReason.RECTIFICATION_NOT_DONE,
    CreditReason.NO_PARTY_ORGANIZATION,
    CreditReason.COURT_DEFAULTER,
    CreditReason.FALSE_CHANGE_REGISTRATION,
)
# Grounds that belong to one year (the annual report of that year): each year's entry clears on its own.
YEARLY_GROUNDS = (CreditReason.ANNUAL_REPORT_MISSING,)
CREDIT_RULES = "《社会组织信用信息管理办法》（民政部令第60号）"
# 办法: the bureau removes an abnormal-list entry within 5 working days of verifying the correction; this product
# gives the officer deciding a credit-repair application the same 5 working days, whichever list it concerns.
REPAIR_DECISION_WORKING_DAYS = 5
# 办法: two or more warnings or fines under 50,000 yuan within three years make a dishonest-list ground.
SMALL_PENALTY_WINDOW_YEARS = 3


def legal_basis(reason_code: str) -> str:
    """The legal basis shown with an entry: the 办法 and the ground it lists (the officer may add a document)."""
    return f"{CREDIT_RULES}：{CreditReason(reason_code).label}"


def promotion_due_on(listed_on: datetime.date, *, years: int) -> datetime.date:
    """The day an uncorrected abnormal-list entry moves to the dishonest list (办法: listed for 2 years)."""
    return add_years(listed_on, years)


def is_promotion_due(listed_on: datetime.date, *, today: datetime.date, years: int) -> bool:
    return today >= promotion_due_on(listed_on, years=years)


def abnormal_lapses_on(reason_code: str, listed_on: datetime.date, *, months: int) -> datetime.date | None:
    """The day an abnormal entry with nothing to correct leaves the list on its own (办法: after 6 months)."""
    if reason_code in NOTHING_TO_CORRECT:
        return add_months(listed_on, months)
    return None


def dishonest_removable_from(last_ground_on: datetime.date, *, years: int) -> datetime.date:
    """The first day a dishonest-list organization may apply for removal.

    The 办法 sets no fixed term: removal is on application once 2 years have passed with no new
    ground; a new ground while listed starts the period again from that day.
    """
    return add_years(last_ground_on, years)


def is_repeated_small_penalty(penalty_dates: list[datetime.date], *, on: datetime.date) -> bool:
    """Whether a small penalty on `on` is the second (or later) within three years (a dishonest-list ground)."""
    window_start = add_years(on, -SMALL_PENALTY_WINDOW_YEARS)
    return any(window_start < day <= on for day in penalty_dates)


class RepairRefusal(models.TextChoices):
    """Why an entry cannot leave its list on application (yet)."""

    ALREADY_REMOVED = "already_removed", _("该记录已经移出名单。")
    NOTHING_TO_APPLY = "nothing_to_apply", _("该记录无需整改，列入满6个月后自动移出，无需申请。")
    TOO_EARLY = "too_early", _("列入严重违法失信名单满2年且期间未再出现应当列入的情形，方可申请移出。")
    NOT_DEREGISTERED = "not_deregistered", _("因被吊销登记证书或者撤销成立登记列入的，完成注销登记后方可移出。")
    OBLIGATIONS_OPEN = "obligations_open", _("由活动异常名录转入的，须先履行相关义务或者完成整改要求。")


def repair_refusal(
    *,
    credit_list: str,
    reason_code: str,
    removed: bool,
    removable_from: datetime.date | None,
    today: datetime.date,
    deregistered: bool,
    promoted_cause_open: bool,
) -> RepairRefusal | None:
    """Why an entry may not be removed on the organization's application today, or None when it may.

    办法, removal from the lists: an abnormal-list entry leaves once its obligation is fulfilled or the correction
    made (the officer verifies it); one with nothing to correct leaves by itself after 6 months. A dishonest-list
    entry leaves on application only after 2 years with no new ground (a new ground restarts the period); an
    entry for revocation leaves when deregistration is complete, whatever the time; an entry promoted from the
    abnormal list needs its obligations fulfilled (the original cause corrected) first.
    """
    if removed:
        return RepairRefusal.ALREADY_REMOVED
    if credit_list == CreditList.ABNORMAL:
        return RepairRefusal.NOTHING_TO_APPLY if reason_code in NOTHING_TO_CORRECT else None
    if reason_code == CreditReason.REVOKED:
        return None if deregistered else RepairRefusal.NOT_DEREGISTERED
    if removable_from is not None and today < removable_from:
        return RepairRefusal.TOO_EARLY
    if reason_code == CreditReason.ABNORMAL_TWO_YEARS and promoted_cause_open:
        return RepairRefusal.OBLIGATIONS_OPEN
    return None
