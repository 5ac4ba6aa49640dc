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


def must_report(founded_on: datetime.date | None, year: int) -> bool:
    """Organizations registered by 31 December of `year` report on that year."""
    return founded_on is not None and founded_on <= datetime.date(year, 12, 31)


def report_deadline(year: int, *, month: int = 5, day: int = 31) -> datetime.date:
    """The report on `year` is due by 31 May (setting) of the following year."""
    return datetime.date(year + 1, month, day)


def follows_simplified_path(grade: str, grade_expires_on: datetime.date | None, *, on: datetime.date) -> bool:
    """4A and above, with the grade still valid, follow the simplified procedure."""
    return grade in SIMPLIFIED_GRADES and grade_expires_on is not None and grade_expires_on >= on


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
