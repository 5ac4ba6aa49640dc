"""Which organizations exist only on paper (名存实亡): the rules of the dormancy sweep, as pure functions."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy

from registry.choices import OrgType
from registry.rules.annual import must_report


class DormancyReason(models.TextChoices):
    REPORTS_MISSING = "reports_missing", gettext_lazy("连续2年未参加年检（未报送年度工作报告）")
    UNREACHABLE = "unreachable", gettext_lazy("通过登记的住所长期无法取得联系")
    # 社会团体登记管理条例 第二十九条 (1 year), 基金会管理条例 第四十一条(一) (12 months): no activity since the
    # certificate -> revocation.
    INACTIVE_FIRST_YEAR = "inactive_first_year", gettext_lazy("自取得登记证书之日起1年未开展活动")


# The types the "no activity within a year of registration" ground exists for: 社团条例 第二十九条 and
# 基金会条例 第四十一条(一). 民办非企业单位登记管理暂行条例 (第二十四条, 第二十五条) has no such ground.
INACTIVE_FIRST_YEAR_TYPES = (OrgType.SOCIAL_ASSOCIATION.value, OrgType.FOUNDATION.value)


def latest_due_report_year(today: datetime.date, *, deadline_month: int = 5, deadline_day: int = 31) -> int:
    """The newest year whose annual report is overdue today (reports for year Y are due by 31 May of Y+1)."""
    if (today.month, today.day) > (deadline_month, deadline_day):
        return today.year - 1
    return today.year - 2


def missed_two_years(
    *,
    founded_on: datetime.date | None,
    last_report_year: int | None,
    latest_due: int,
    years: int = 2,
    cutoff_month: int = 6,
    cutoff_day: int = 30,
) -> bool:
    """Missed the annual reports of the `years` latest due years (条例: 2 consecutive years of no inspection).

    An organization registered after the first-report cutoff of a year (setting, default 30 June) did not have
    to report on that year, so that year is not counted as missed (see registry.rules.annual.must_report).
    """
    first_missed = latest_due - years + 1
    if not must_report(founded_on, first_missed, cutoff_month=cutoff_month, cutoff_day=cutoff_day):
        return False  # it did not yet have to report for all of those years
    return last_report_year is None or last_report_year < first_missed


def inactive_first_year_applies(org_type: str) -> bool:
    """Whether "no activity within a year of registration" is a ground for this type (associations, foundations)."""
    return org_type in INACTIVE_FIRST_YEAR_TYPES
