"""Which organizations exist only on paper (名存实亡): the rules of the dormancy sweep, as pure functions."""

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DormancyReason(models.TextChoices):
    REPORTS_MISSING = "reports_missing", gettext_lazy("连续2年未参加年检（未报送年度工作报告）")
    UNREACHABLE = "unreachable", gettext_lazy("通过登记的住所长期无法取得联系")
    # 社会团体登记管理条例 第二十九条: no activity within 1 year of receiving the certificate -> revocation.
    INACTIVE_FIRST_YEAR = "inactive_first_year", gettext_lazy("自取得登记证书之日起1年未开展活动")


# 行政复议法 第二十条: 60 days to apply for reconsideration; 行政诉讼法 第四十六条: 6 months to sue.
RECONSIDERATION_DAYS = 60
LAWSUIT_MONTHS = 6


def statement_period_ends_on(notice_on: datetime.date, *, days: int) -> datetime.date:
    """The last day to state a case or ask for a hearing after the advance notice (行政处罚法 第六十四条: 5 days)."""
    return notice_on + datetime.timedelta(days=days)


def revocation_blockers(
    *,
    today: datetime.date,
    penalty_notice_on: datetime.date | None,
    statement_days: int,
    statement_on: datetime.date | None,
    hearing_requested: bool,
    hearing_held_on: datetime.date | None,
    hearing_record: str,
) -> list[str]:
    """Why revocation, an administrative penalty, may not be decided yet (行政处罚法 第四十四、四十五、六十三条).

    The organization was told in advance of the facts, reasons and basis and of its right to state
    its case and to ask for a hearing; it has had the period to do so (or has already answered without
    asking for a hearing); a requested hearing has been held and recorded.
    """
    if penalty_notice_on is None:
        return [_("尚未告知拟作出撤销登记的事实、理由、依据及陈述、申辩和听证的权利。")]
    problems = []
    ends_on = statement_period_ends_on(penalty_notice_on, days=statement_days)
    answered_without_hearing = statement_on is not None and not hearing_requested
    if today <= ends_on and not answered_without_hearing:
        problems.append(
            _("陈述、申辩和要求听证的期限至%(date)s届满，届满前不能作出撤销登记决定。") % {"date": ends_on.isoformat()}
        )
    if hearing_requested and (hearing_held_on is None or not hearing_record.strip()):
        problems.append(_("该组织已要求听证：请组织听证，并填写听证日期和听证笔录要点。"))
    return problems


def appeal_routes(*, authority_name: str) -> str:
    """The remedies a written penalty decision must state (行政处罚法 第五十九条)."""
    return _(
        "如不服本决定，可以自收到决定书之日起%(days)d日内依法申请行政复议，或者自收到之日起%(months)d个月内"
        "依法向人民法院提起行政诉讼（作出决定的机关：%(authority)s）。"
    ) % {"days": RECONSIDERATION_DAYS, "months": LAWSUIT_MONTHS, "authority": authority_name}


def latest_due_report_year(today: datetime.date, *, deadline_month: int = 5, deadline_day: int = 31) -> int:
    """The newest year whose annual report is overdue today (reports for year Y are due by 31 May of Y+1)."""
    if (today.month, today.day) > (deadline_month, deadline_day):
        return today.year - 1
    return today.year - 2


def missed_two_years(
    *, founded_on: datetime.date | None, last_report_year: int | None, latest_due: int, years: int = 2
) -> bool:
    """Missed the annual reports of the `years` latest due years (条例: 2 consecutive years of no inspection)."""
    first_missed = latest_due - years + 1
    if founded_on is None or founded_on.year > first_missed:
        return False  # it did not yet have to report for all of those years
    return last_report_year is None or last_report_year < first_missed
