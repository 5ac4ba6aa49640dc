"""Rules of the standardization evaluation (社会组织评估管理办法: 民政部令第39号, 2010, and its revision in
force from 1 March 2026).

Grades 5A down to 1A from the total score out of 1000 points; thresholds and the minimum registered
time are settings. A round follows the rules in force on the day it opened: the 2010 rules for rounds
opened before 1 March 2026, the revised rules after. Pure functions of plain values, so they are
tested without a database.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.rules.deadlines import add_years
from registry.rules.display import local_date

TOTAL_POINTS = 1000
GRADES_HIGH_TO_LOW = ("5A", "4A", "3A", "2A", "1A")


class Part(models.TextChoices):
    """The four parts of every indicator table (办法第十四条 to 第十七条)."""

    BASIC = "basic", gettext_lazy("基础条件")
    GOVERNANCE = "governance", gettext_lazy("内部治理")
    PERFORMANCE = "performance", gettext_lazy("工作绩效")
    SOCIAL = "social", gettext_lazy("社会评价")


class EvaluationRules(models.TextChoices):
    """Which text of the 社会组织评估管理办法 a round follows."""

    RULES_2010 = "2010", gettext_lazy("2010年办法")
    RULES_2026 = "2026", gettext_lazy("2026年修订办法")


# The revised 社会组织评估管理办法 is in force from this day; rounds opened earlier keep the 2010 rules.
REVISED_RULES_IN_FORCE = datetime.date(2026, 3, 1)


def rules_for_round(opened_on: datetime.date) -> str:
    """The rules a round opened on `opened_on` follows."""
    return EvaluationRules.RULES_2026 if opened_on >= REVISED_RULES_IN_FORCE else EvaluationRules.RULES_2010


def grade_expires_on(announced_on: datetime.date, *, rules: str, years: int) -> datetime.date:
    """The last day of a grade announced on `announced_on`.

    Revised 办法: valid from 1 January after the announcement to 31 December of the fifth year.
    2010 办法 (第二十六条): five years from the announcement.
    """
    if rules == EvaluationRules.RULES_2026:
        return datetime.date(announced_on.year + years, 12, 31)
    return add_years(announced_on, years) - datetime.timedelta(days=1)


def grade_valid_from(announced_on: datetime.date, *, rules: str) -> datetime.date:
    """The first day of a grade: 1 January after the announcement under the revised 办法, else the day itself."""
    if rules == EvaluationRules.RULES_2026:
        return datetime.date(announced_on.year + 1, 1, 1)
    return announced_on


def grade_first_day(expires_on: datetime.date, *, rules: str, years: int) -> datetime.date:
    """The first day of a grade that ends on `expires_on` (the inverse of grade_valid_from + grade_expires_on)."""
    if rules == EvaluationRules.RULES_2026:
        return datetime.date(expires_on.year - years + 1, 1, 1)
    return add_years(expires_on + datetime.timedelta(days=1), -years)


# Revised 办法 (2026): an organization may apply again while its grade is valid, within the grade's first 4 years.
REEVALUATION_WITHIN_YEARS = 4


def reevaluation_problems(
    *, grade: str, grade_expires_on: datetime.date | None, applied_on: datetime.date, rules: str, years: int = 5
) -> list[str]:
    """Why an organization holding a grade may not apply again now; empty when it may.

    Under the revised 办法 (rounds from 1 March 2026) re-evaluation during a grade's validity is possible within
    its first 4 years; under the 2010 办法 an organization applies again only after its grade lapses.
    """
    if not grade or grade_expires_on is None or grade_expires_on < applied_on:
        return []
    if rules == EvaluationRules.RULES_2010:
        return [
            _("评估等级有效期至%(date)s，有效期满后方可重新申请评估（2010年办法）。")
            % {"date": local_date(grade_expires_on)}
        ]
    first_day = grade_first_day(grade_expires_on, rules=rules, years=years)
    last_day = add_years(first_day, REEVALUATION_WITHIN_YEARS) - datetime.timedelta(days=1)
    if applied_on > last_day:
        return [
            _("评估等级有效期内申请重新评估，应在有效期的前%(years)d年内（%(date)s前）提出。")
            % {"years": REEVALUATION_WITHIN_YEARS, "date": local_date(last_day)}
        ]
    return []


class GradeReviewKind(models.TextChoices):
    """Evaluations of an organization already graded (社会组织评估管理办法, 2026): they may lower or withdraw it."""

    TRACKING = "tracking", gettext_lazy("跟踪评估")
    VERIFICATION = "verification", gettext_lazy("核查评估")


def grade_review_problems(*, current_grade: str, to_grade: str, reason: str) -> list[str]:
    """Why the outcome of a tracking or verification evaluation cannot be recorded; empty when it can.

    The outcome keeps the grade, lowers it, or withdraws it (to_grade ""); it never raises it, which only a new
    evaluation can do.
    """
    problems = []
    if not current_grade:
        problems.append(_("跟踪评估和核查评估只针对已获得评估等级的社会组织。"))
    elif grade_rank(to_grade) > grade_rank(current_grade):
        problems.append(_("跟踪评估或核查评估不能提高评估等级（现为%(grade)s）。") % {"grade": current_grade})
    if not reason.strip():
        problems.append(_("请写明跟踪评估或核查评估的结论和理由。"))
    return problems


class GradeBasis(models.TextChoices):
    """Grounds for lowering or withdrawing a grade (办法第二十九条)."""

    FAILED_INSPECTION = "failed_inspection", gettext_lazy("年度检查不合格")
    VIOLATION = "violation", gettext_lazy("受到行政处罚或有严重违法行为")
    FALSE_MATERIALS = "false_materials", gettext_lazy("评估中提供虚假材料")
    TRACKING = "tracking", gettext_lazy("跟踪评估结论")
    VERIFICATION = "verification", gettext_lazy("核查评估结论")
    OTHER = "other", gettext_lazy("其他")


def grade_for(total: Decimal | int | None, thresholds: Mapping[str, int]) -> str:
    """The grade a total earns, or "" below the lowest threshold (e.g. 5A ≥ 900 … 1A ≥ 500)."""
    if total is None:
        return ""
    for grade in GRADES_HIGH_TO_LOW:
        if total >= thresholds[grade]:
            return grade
    return ""


def grade_rank(grade: str) -> int:
    """5 for 5A … 1 for 1A, 0 for no grade: to compare grades."""
    return int(grade[0]) if grade else 0


def table_problems(indicators: Iterable[tuple[str, int]]) -> list[str]:
    """What keeps an indicator table, given as (part, max points) pairs, from being used in a round."""
    indicators = list(indicators)
    problems = []
    total = sum(points for _part, points in indicators)
    if total != TOTAL_POINTS:
        problems.append(
            _("指标总分应为 %(expected)d 分，现为 %(total)d 分。") % {"expected": TOTAL_POINTS, "total": total}
        )
    present = {part for part, _points in indicators}
    for part in Part:
        if part.value not in present:
            problems.append(_("缺少“%(part)s”部分的指标。") % {"part": part.label})
    if any(points <= 0 for _part, points in indicators):
        problems.append(_("每项指标的分值须大于 0。"))
    return problems


def points_problem(points: Decimal | None, maximum: int, *, label: str) -> str:
    """Why a score for one indicator is not acceptable, or "" when it is."""
    if points is None:
        return ""
    if points < 0:
        return _("“%(label)s”的得分不能为负数。") % {"label": label}
    if points > maximum:
        return _("“%(label)s”的得分 %(points)s 超过该项满分 %(max)d 分。") % {
            "label": label,
            "points": format(points.normalize(), "f") if isinstance(points, Decimal) else points,
            "max": maximum,
        }
    return ""


def eligibility_problems(
    *,
    org_type: str,
    round_types: Iterable[str],
    status: str,
    founded_on: datetime.date | None,
    applied_on: datetime.date,
    min_years: int,
    on_dishonest_list: bool,
    on_abnormal_list: bool,
    exclude_abnormal: bool,
    last_inspection_result: str,
    exclude_failed_inspection: bool,
    under_cleanup: bool,
    rules: str = EvaluationRules.RULES_2010,
    only_light_penalties: bool = False,
    suspended: bool = False,
) -> list[str]:
    """Why an organization may not apply for evaluation (办法第十条、第十一条); empty when it may.

    Registered for `min_years` full years before the application, in normal status, not on the
    dishonest list (a penalty), and — by settings — not on the abnormal list and not failed at its
    last annual inspection; not under a cleanup case.  Under the revised 办法 (rounds from 1 March
    2026) a failed inspection or a light penalty (a warning or small fine, `only_light_penalties`
    when that is all that keeps it on the abnormal list) no longer excludes.
    """
    if rules == EvaluationRules.RULES_2026:
        exclude_failed_inspection = False
        if only_light_penalties:
            on_abnormal_list = False
    problems = []
    if org_type not in set(round_types):
        problems.append(_("本轮评估不包括该类型的社会组织。"))
    if status != "normal":
        problems.append(_("只有登记状态正常的社会组织可以申请评估。"))
    if founded_on is None or add_years(founded_on, min_years) > applied_on:
        problems.append(
            _("取得登记证书满 %(years)d 年的社会组织方可申请评估（登记日期：%(date)s）。")
            % {"years": min_years, "date": local_date(founded_on) if founded_on else "—"}
        )
    if on_dishonest_list:
        problems.append(_("已列入严重违法失信名单，不得申请评估。"))
    if exclude_abnormal and on_abnormal_list:
        problems.append(_("已列入活动异常名录，移出后方可申请评估。"))
    if exclude_failed_inspection and last_inspection_result == "failed":
        problems.append(_("最近一次年检结论为不合格，不得申请评估。"))
    if under_cleanup:
        problems.append(_("正在接受清理整顿，不得申请评估。"))
    if suspended:
        # Ordered to stop its activities (限期停止活动): under penalty, it may not apply until the period ends.
        problems.append(_("正在限期停止活动，期满前不得申请评估。"))
    return problems
