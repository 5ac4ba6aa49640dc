"""Who may apply to a call for government-purchased services, and what a call must hold before it is published.

政府购买服务管理办法 (财政部令第102号) 第八条: the provider is a legal person able to deliver the service, with a
sound internal governance, pays its taxes and social insurance, and has no serious illegal record in the three
years before it takes part. 民政部、财政部 关于通过政府购买服务支持社会组织培育发展的指导意见 (财综〔2016〕54号)
adds, for social organizations: registered normally, passed the last annual inspection, good credit (on neither
credit list). The call itself may ask for more: years since registration, a minimum evaluation grade. Plain
functions of plain values; the selector in registry.selectors.purchase feeds them from the register.
"""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from registry.rules.annual import InspectionResult
from registry.rules.deadlines import add_years
from registry.rules.display import local_date
from registry.rules.evaluation import GRADES_HIGH_TO_LOW, grade_rank
from registry.rules.penalties import purchase_of_service_problems

# Weights of a call's scoring criteria add up to this.
WEIGHTS_TOTAL = 100
# Default years a failed project (结项评估不合格) keeps its organization out of calls (setting
# REGISTRY_PURCHASE_BAR_YEARS; local practice, e.g. 上海市政府购买服务管理办法 sets 2 to 3 years).
DEFAULT_BAR_YEARS = 2


def years_registered(founded_on: datetime.date | None, today: datetime.date) -> int:
    """Whole years since registration (0 when the date is unknown)."""
    if founded_on is None:
        return 0
    years = today.year - founded_on.year
    if (today.month, today.day) < (founded_on.month, founded_on.day):
        years -= 1
    return max(years, 0)


def barred_until(failed_evaluations_on: list[datetime.date], *, bar_years: int) -> datetime.date | None:
    """The last day a failed project bars the organization: `bar_years` after its latest failed final evaluation."""
    if not failed_evaluations_on:
        return None
    return add_years(max(failed_evaluations_on), bar_years) - datetime.timedelta(days=1)


def eligibility_problems(
    *,
    status: str,
    on_dishonest_list: bool,
    on_abnormal_list: bool,
    suspended_until: datetime.date | None,
    serious_penalty_on: datetime.date | None,
    founded_on: datetime.date | None,
    last_inspection_result: str,
    grade: str,
    grade_valid: bool,
    barred_until: datetime.date | None,
    min_years_registered: int,
    min_grade: str,
    today: datetime.date,
) -> list[str]:
    """Why the organization may not apply to the call today; empty when it may.

    The statutory conditions (政府购买服务管理办法 第八条: normal status, good credit, not suspended, no heavier
    penalty within 3 years) come from `penalties.purchase_of_service_problems`; then the last annual
    inspection must be 合格, the call's years since registration and minimum grade are met, and the
    organization is not barred after a failed project.
    """
    problems = list(
        purchase_of_service_problems(
            status=status,
            on_dishonest_list=on_dishonest_list,
            on_abnormal_list=on_abnormal_list,
            suspended_until=suspended_until,
            serious_penalty_on=serious_penalty_on,
            today=today,
        )
    )
    years = years_registered(founded_on, today)
    if min_years_registered and years < min_years_registered:
        problems.append(
            _("成立登记未满%(years)d年（成立于%(date)s）。")
            % {"years": min_years_registered, "date": local_date(founded_on) if founded_on else _("日期不详")}
        )
    if last_inspection_result != InspectionResult.PASSED:
        # An organization registered this year or last year has had no inspection yet: nothing to pass.
        never_due = founded_on is not None and founded_on.year >= today.year - 1
        if last_inspection_result or not never_due:
            problems.append(_("最近一次年检结论不是“合格”。"))
    if min_grade:
        if not grade or not grade_valid or grade_rank(grade) < grade_rank(min_grade):
            problems.append(_("评估等级未达到%(grade)s或已过有效期。") % {"grade": min_grade})
    if barred_until is not None and today <= barred_until:
        problems.append(
            _("承接的政府购买服务项目结项评估不合格，%(date)s前不得参与项目征集。") % {"date": local_date(barred_until)}
        )
    return problems


def grade_bonus_points(grade_bonus: dict, grade: str, *, grade_valid: bool) -> Decimal:
    """Bonus points a call gives the organization's valid grade (e.g. {"5A": 5, "4A": 3}); 0 without one."""
    if not grade or not grade_valid:
        return Decimal(0)
    return Decimal(str(grade_bonus.get(grade, 0)))


def grade_bonus_problems(grade_bonus: dict) -> list[str]:
    """Bonus points are numbers from 0 to 10 for known grades only."""
    problems = []
    for grade, points in grade_bonus.items():
        if grade not in GRADES_HIGH_TO_LOW:
            problems.append(_("加分的评估等级“%(grade)s”不存在。") % {"grade": grade})
            continue
        try:
            value = Decimal(str(points))
        except ArithmeticError:
            value = Decimal(-1)
        if not (0 <= value <= 10):
            problems.append(_("%(grade)s的加分须在0至10分之间。") % {"grade": grade})
    return problems


def weights_problems(weights: list[int]) -> list[str]:
    """The criteria's weights are positive and add up to 100."""
    if not weights:
        return [_("请至少设置一个评分项。")]
    if any(weight <= 0 for weight in weights):
        return [_("每个评分项的权重须大于0。")]
    total = sum(weights)
    if total != WEIGHTS_TOTAL:
        return [_("评分项权重合计须为100，现为%(total)d。") % {"total": total}]
    return []


def publish_problems(
    *,
    budget: Decimal,
    max_per_project: Decimal,
    deadline: datetime.datetime,
    service_start: datetime.date,
    service_end: datetime.date,
    weights: list[int],
    description: str,
    venture: bool,
    rounds: int,
    now: datetime.datetime,
    multi_year_reason: str = "",
) -> list[str]:
    """Why the call may not be published yet: it must be complete and consistent."""
    problems = []
    if not description.strip():
        problems.append(_("请填写服务内容和要求。"))
    if max_per_project <= 0:
        problems.append(_("单个项目资助上限须大于0。"))
    if budget < max_per_project:
        problems.append(_("预算总额不得低于单个项目资助上限。"))
    if deadline <= now:
        problems.append(_("申报截止时间须晚于发布时间。"))
    if service_end <= service_start:
        problems.append(_("服务期结束日期须晚于开始日期。"))
    elif service_start < deadline.date():
        problems.append(_("服务期须在申报截止之后开始。"))
    problems += service_period_problems(service_start, service_end, multi_year_reason)
    problems += weights_problems(weights)
    if venture and rounds == 0:
        problems.append(_("公益创投须至少设置一轮比赛（初赛、决赛）。"))
    return problems


def submission_problems(
    *,
    now: datetime.datetime,
    deadline: datetime.datetime,
    call_open: bool,
    eligibility: list[str],
) -> list[str]:
    """Why a submission is refused: the call closed, the deadline passed, the organization is not eligible.

    These refusals are kept on the application (不予受理) with the reasons; incomplete content is not a refusal
    but an error to correct (see `content_problems`).
    """
    problems = []
    if not call_open:
        problems.append(_("该项目征集不在征集期内。"))
    elif now > deadline:
        problems.append(
            _("已超过申报截止时间（%(time)s）。") % {"time": date_format(localtime(deadline), "DATETIME_FORMAT")}
        )
    problems += eligibility
    return problems


def content_problems(*, project_name: str, plan: str, requested: Decimal | None, max_per_project: Decimal) -> list[str]:
    """What an application must hold before it is submitted."""
    problems = []
    if not project_name.strip():
        problems.append(_("请填写项目名称。"))
    if not plan.strip():
        problems.append(_("请填写项目方案。"))
    if requested is None or requested <= 0:
        problems.append(_("请填写预算明细，合计须大于0。"))
    elif requested > max_per_project:
        problems.append(
            _("预算合计%(total)s元超过单个项目资助上限%(limit)s元。") % {"total": requested, "limit": max_per_project}
        )
    return problems


def budget_total(lines: list[dict]) -> Decimal:
    """The sum of the budget lines' amounts."""
    return sum((Decimal(str(line["amount"])) for line in lines), Decimal(0))


# 政府购买服务管理办法 (财政部令第102号) 第二十四条: a purchase contract runs for one year as a rule; for services
# that are stable in content, continuous, steadily funded and stable in price, and within the budget, it may run
# for up to three years.
CONTRACT_YEARS = 1
CONTRACT_YEARS_MAX = 3


def service_period_problems(start: datetime.date, end: datetime.date, multi_year_reason: str) -> list[str]:
    """Why a call's service period (the contract's term) is not allowed: over three years never; over one year
    only with the reason the service qualifies stated on the call."""
    if end <= start:
        return []
    if end > add_years(start, CONTRACT_YEARS_MAX):
        return [_("服务期（合同履行期限）不得超过3年（政府购买服务管理办法 第二十四条）。")]
    if end > add_years(start, CONTRACT_YEARS) and not multi_year_reason.strip():
        return [
            _(
                "服务期超过1年的，须说明该服务内容相对固定、连续性强、经费来源稳定、价格变化幅度小"
                "（政府购买服务管理办法 第二十四条）。"
            )
        ]
    return []
