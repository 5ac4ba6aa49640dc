"""Rules of a purchased project's contract and delivery: the payment plan, the amount, on-time milestones, and
the period a failed project bars its organization from calls.

政府购买服务管理办法（财政部令第102号）: the purchaser signs a contract with the provider stating the amount, the
period, the performance targets and the payment schedule, pays as the contract provides after checking
performance, and manages changes of the contract in writing; a provider whose project fails its evaluation
is kept out of later purchases for the period the bureau sets (a local setting, default 2 years).
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from registry.rules.deadlines import add_years
from registry.rules.display import local_date

DEFAULT_BAR_YEARS = 2


def payment_plan_errors(contract_amount: Decimal, payments: list[Decimal]) -> list[str]:
    """Why a milestone payment plan does not fit the contract: at least one milestone, every payment above zero,
    and the payments together equal to the contract amount."""
    errors = []
    if not payments:
        return [_("合同至少须有一个里程碑。")]
    if any(payment <= 0 for payment in payments):
        errors.append(_("每个里程碑的付款金额须大于零。"))
    total = sum(payments, Decimal("0"))
    if total != contract_amount:
        errors.append(
            _("各里程碑付款金额合计 %(total)s 元，与合同金额 %(amount)s 元不一致。")
            % {"total": f"{total:,.2f}", "amount": f"{contract_amount:,.2f}"}
        )
    return errors


def contract_amount_errors(contract_amount: Decimal, awarded_amount: Decimal) -> list[str]:
    """A contract may not exceed the awarded amount (a larger amount needs a recorded change of the contract)."""
    if contract_amount <= 0:
        return [_("合同金额须大于零。")]
    if contract_amount > awarded_amount:
        return [
            _("合同金额 %(amount)s 元超过立项金额 %(awarded)s 元；增加金额须办理合同变更。")
            % {"amount": f"{contract_amount:,.2f}", "awarded": f"{awarded_amount:,.2f}"}
        ]
    return []


def milestone_dates_errors(due_dates: list[datetime.date], start: datetime.date, end: datetime.date) -> list[str]:
    """Milestones fall within the service period, in the order they are numbered."""
    errors = []
    if any(day < start or day > end for day in due_dates):
        errors.append(
            _("里程碑完成期限须在服务期内（%(start)s 至 %(end)s）。")
            % {"start": local_date(start), "end": local_date(end)}
        )
    if due_dates != sorted(due_dates):
        errors.append(_("里程碑完成期限须按序号先后排列。"))
    return errors


def reported_on_time(reported_on: datetime.date, due_on: datetime.date) -> bool:
    """A milestone is on time when the report the purchaser accepted was made no later than its due date."""
    return reported_on <= due_on


def purchase_bar_until(final_grade: str, evaluated_on: datetime.date | None, years: int) -> datetime.date | None:
    """The date until which a failed final evaluation (不合格) keeps the organization from calls: the evaluation's
    date plus `years`; None when the project did not fail."""
    if final_grade != "fail" or evaluated_on is None:
        return None
    return add_years(evaluated_on, years)


def share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# Dates of the contract, the reports and the evaluations. 政府购买服务管理办法 (财政部令第102号) has the purchaser
# sign a written contract stating the service period and pay after checking performance; no article orders the
# dates within it. These rules follow local purchasing practice (the district's 公益创投 and community project
# contracts): the contract is signed after the award and before the service begins, the organization reports
# work it has done (never before the service begins, never dated ahead), and the evaluator judges what was
# delivered (docs/adr/0025-purchase-of-services-in-three-parts.md, "Dates").


def contract_dates_errors(
    signed_on: datetime.date, *, awarded_on: datetime.date, start: datetime.date, today: datetime.date
) -> list[str]:
    """A contract is signed on or after the award, no later than the first day of the service period (the
    service is performed under a signed contract), and not on a day still to come."""
    errors = []
    if signed_on > today:
        errors.append(_("合同签订日期不能晚于今天。"))
    if signed_on < awarded_on:
        errors.append(_("合同签订日期不能早于立项日期（%(day)s）。") % {"day": local_date(awarded_on)})
    if signed_on > start:
        errors.append(
            _("合同须在服务期开始（%(day)s）前签订；服务期已开始的，请在合同中约定新的服务期开始日期。")
            % {"day": local_date(start)}
        )
    return errors


def report_date_errors(reported_on: datetime.date, *, start: datetime.date, today: datetime.date) -> list[str]:
    """A milestone is reported once its work is done: not before the service period starts, and not dated in
    the future."""
    errors = []
    if reported_on > today:
        errors.append(_("里程碑完成（报送）日期不能晚于今天。"))
    if reported_on < start:
        errors.append(_("服务期自 %(day)s 开始，此前不能报送里程碑。") % {"day": local_date(start)})
    return errors


def evaluation_date_errors(
    stage: str,
    evaluated_on: datetime.date,
    *,
    start: datetime.date,
    today: datetime.date,
    last_accepted_on: datetime.date | None = None,
) -> list[str]:
    """When an evaluation may be dated: never in the future nor before the service period starts; a final
    evaluation (stage "final") not before the day the last milestone was accepted, since it evaluates what
    was delivered. It need not wait for the period's end: a project delivered early is evaluated then."""
    errors = []
    if evaluated_on > today:
        errors.append(_("评估日期不能晚于今天。"))
    if evaluated_on < start:
        errors.append(_("评估日期不能早于服务期开始日期（%(day)s）。") % {"day": local_date(start)})
    if stage == "final" and last_accepted_on is not None and evaluated_on < last_accepted_on:
        errors.append(
            _("结项评估日期不能早于最后一个里程碑的验收日期（%(day)s）。") % {"day": local_date(last_accepted_on)}
        )
    return errors
