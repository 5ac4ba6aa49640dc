"""Annual inspection (年检) rules as pure functions: who must report, by when, and whether the figures add up."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# 社会组织评估管理办法: organizations graded 4A and above may follow a simplified annual inspection (not 3A).
SIMPLIFIED_GRADES = ("5A", "4A")


class InspectionResult(models.TextChoices):
    PASSED = "passed", gettext_lazy("合格")
    BASIC = "basic", gettext_lazy("基本合格")
    FAILED = "failed", gettext_lazy("不合格")


# 基金会管理条例 第三十六条: a foundation reports to the registration authority by 31 March.
FOUNDATION_REPORT_BY = (3, 31)
# 社会团体登记管理条例 第二十八条, 民办非企业单位登记管理暂行条例 第二十三条: the report goes to the competent
# unit by 31 March and, with its consent, to the registration authority by 31 May (a setting).
COMPETENT_UNIT_REPORT_BY = (3, 31)


def must_report(founded_on: datetime.date | None, year: int, *, cutoff_month: int = 6, cutoff_day: int = 30) -> bool:
    """Organizations registered by the cutoff of `year` (default 30 June) report on it.

    One registered in the second half of the year takes part from the following year.
    """
    return founded_on is not None and founded_on <= datetime.date(year, cutoff_month, cutoff_day)


def report_deadline(year: int, *, org_type: str = "1", month: int = 5, day: int = 31) -> datetime.date:
    """The day the report on `year` is due at the registration authority.

    Foundations by 31 March; associations and private non-enterprise units by 31 May (setting).
    """
    if org_type == "3":
        return datetime.date(year + 1, *FOUNDATION_REPORT_BY)
    return datetime.date(year + 1, month, day)


def rectification_due(reviewed_on: datetime.date, days: int) -> datetime.date:
    """The last day to rectify after a 基本合格 or 不合格 conclusion: `days` calendar days after the review."""
    return reviewed_on + datetime.timedelta(days=days)


def competent_unit_deadline(year: int, *, org_type: str, competent_unit: str) -> datetime.date | None:
    """The day an association's or private non-enterprise unit's report is due at its competent unit, if it has one."""
    if org_type == "3" or not competent_unit.strip():
        return None
    return datetime.date(year + 1, *COMPETENT_UNIT_REPORT_BY)


def follows_simplified_path(grade: str, grade_expires_on: datetime.date | None, *, on: datetime.date) -> bool:
    """4A and above, with the grade still valid, follow the simplified procedure.

    Simplified means fewer steps, not no decision: an officer still concludes the inspection (DOMAIN.md;
    社会组织评估管理办法: 4A以上 may be 简化年度检查程序).
    """
    return grade in SIMPLIFIED_GRADES and grade_expires_on is not None and grade_expires_on >= on


def needs_preliminary_review(*, org_type: str, competent_unit: str) -> bool:
    """Whether the report passes the competent unit's preliminary review (初审) before it reaches the bureau.

    社会团体登记管理条例 第二十八条, 民办非企业单位登记管理暂行条例 第二十三条: associations and 民非 report to
    their competent unit, which reviews first. Foundations report to the bureau (基金会管理条例 第三十六条), and
    directly registered organizations have no competent unit.
    """
    return org_type != "3" and bool(competent_unit.strip())


class PreliminaryReviewMode(models.TextChoices):
    """How a bureau receives the competent unit's preliminary review (a setting per bureau)."""

    UNIT_OFFICER = "unit", gettext_lazy("业务主管单位在系统中签署初审意见")
    UPLOAD = "upload", gettext_lazy("社会组织上传业务主管单位签署的初审意见")


def preliminary_review_mode(bureau_code: str, *, default: str, by_bureau: str) -> str:
    """The bureau's mode: `by_bureau` as "310112:unit,310117:upload", else `default`."""
    for item in by_bureau.split(","):
        code, _sep, mode = item.strip().partition(":")
        if code == bureau_code and mode in PreliminaryReviewMode.values:
            return mode
    return PreliminaryReviewMode(default).value


def finance_errors(
    *,
    income: Decimal | None,
    expenditure: Decimal | None,
    total_assets: Decimal | None,
    total_liabilities: Decimal | None,
    net_assets: Decimal | None,
) -> list[str]:
    """The report's figures: all given, none negative (except net assets), assets = liabilities + net assets."""
    figures = {
        _("本年收入"): income,
        _("本年支出"): expenditure,
        _("资产总计"): total_assets,
        _("负债合计"): total_liabilities,
        _("净资产合计"): net_assets,
    }
    missing = [label for label, value in figures.items() if value is None]
    if missing:
        return [_("请填写：%(fields)s。") % {"fields": "、".join(str(m) for m in missing)}]
    errors = [_("%(field)s不能为负数。") % {"field": label} for label, value in list(figures.items())[:4] if value < 0]
    if total_assets != total_liabilities + net_assets:
        errors.append(
            _("资产总计（%(assets)s元）应等于负债合计与净资产合计之和（%(sum)s元）。")
            % {"assets": f"{total_assets:,.2f}", "sum": f"{total_liabilities + net_assets:,.2f}"}
        )
    return errors
