"""Credit-list rules (社会组织信用信息管理办法, 民政部 2018), as pure functions of dates and reasons."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.deadlines import add_years


class CreditList(models.TextChoices):
    ABNORMAL = "abnormal", _("活动异常名录")
    DISHONEST = "dishonest", _("严重违法失信名单")


class CreditReason(models.TextChoices):
    """The rule under which an organization was listed (办法 第七条、第十条)."""

    ANNUAL_REPORT_MISSING = "annual_report_missing", _("未按时提交年度工作报告")
    UNREACHABLE = "unreachable", _("通过登记的住所无法取得联系")
    CONDITIONS_NOT_MET = "conditions_not_met", _("经检查不再具备登记条件")
    ABNORMAL_TWO_YEARS = "abnormal_two_years", _("列入活动异常名录满2年仍未改正")
    REVOKED = "revoked", _("被撤销登记")
    PENALIZED = "penalized", _("受到限期停止活动等行政处罚")
    FALSE_MATERIALS = "false_materials", _("弄虚作假骗取登记或提供虚假材料")


LIST_OF_REASON = {
    CreditReason.ANNUAL_REPORT_MISSING: CreditList.ABNORMAL,
    CreditReason.UNREACHABLE: CreditList.ABNORMAL,
    CreditReason.CONDITIONS_NOT_MET: CreditList.ABNORMAL,
    CreditReason.ABNORMAL_TWO_YEARS: CreditList.DISHONEST,
    CreditReason.REVOKED: CreditList.DISHONEST,
    CreditReason.PENALIZED: CreditList.DISHONEST,
    CreditReason.FALSE_MATERIALS: CreditList.DISHONEST,
}


def promotion_due_on(listed_on: datetime.date, *, years: int) -> datetime.date:
    """The day an uncorrected abnormal-list entry moves to the dishonest list (办法 第十条: 2 years)."""
    return add_years(listed_on, years)


def dishonest_expires_on(listed_on: datetime.date, *, years: int) -> datetime.date:
    """The day a dishonest-list entry ends on its own (办法 第十三条: kept 5 years)."""
    return add_years(listed_on, years)


def is_promotion_due(listed_on: datetime.date, *, today: datetime.date, years: int) -> bool:
    return today >= promotion_due_on(listed_on, years=years)
