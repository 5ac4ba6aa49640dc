"""Which organizations exist only on paper (名存实亡): the rules of the dormancy sweep, as pure functions."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy


class DormancyReason(models.TextChoices):
    REPORTS_MISSING = "reports_missing", gettext_lazy("连续2年未参加年检（未报送年度工作报告）")
    UNREACHABLE = "unreachable", gettext_lazy("通过登记的住所长期无法取得联系")
    # 社会团体登记管理条例 第二十九条: no activity within 1 year of receiving the certificate -> revocation.
    INACTIVE_FIRST_YEAR = "inactive_first_year", gettext_lazy("自取得登记证书之日起1年未开展活动")


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
