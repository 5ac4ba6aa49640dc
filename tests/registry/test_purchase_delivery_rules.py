"""Rules of a purchased project's contract: the payment plan, the amount, on-time milestones, the bar after a
failed project (政府购买服务管理办法, 财政部令第102号: contract, payment on performance, later purchases)."""

import datetime
from decimal import Decimal

from registry.rules.purchase_delivery import (
    add_years,
    contract_amount_errors,
    contract_dates_errors,
    evaluation_date_errors,
    milestone_dates_errors,
    payment_plan_errors,
    purchase_bar_until,
    report_date_errors,
    reported_on_time,
    share,
)


def test_payments_must_add_up_to_the_contract_amount():
    assert payment_plan_errors(Decimal("100000"), [Decimal("40000"), Decimal("60000")]) == []
    errors = payment_plan_errors(Decimal("100000"), [Decimal("40000"), Decimal("50000")])
    assert len(errors) == 1 and "90,000.00" in errors[0] and "100,000.00" in errors[0]


def test_a_plan_needs_a_milestone_and_positive_payments():
    assert payment_plan_errors(Decimal("100"), []) == ["合同至少须有一个里程碑。"]
    assert "每个里程碑的付款金额须大于零。" in payment_plan_errors(Decimal("100"), [Decimal("0"), Decimal("100")])


def test_the_contract_may_not_exceed_the_awarded_amount():
    assert contract_amount_errors(Decimal("100000"), Decimal("100000")) == []
    assert contract_amount_errors(Decimal("90000"), Decimal("100000")) == []
    assert "须办理合同变更" in contract_amount_errors(Decimal("100000.01"), Decimal("100000"))[0]
    assert contract_amount_errors(Decimal("0"), Decimal("100000")) == ["合同金额须大于零。"]


def test_milestones_fall_in_the_service_period_in_order():
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    assert milestone_dates_errors([datetime.date(2026, 3, 1), datetime.date(2026, 9, 1)], start, end) == []
    assert len(milestone_dates_errors([datetime.date(2027, 1, 1)], start, end)) == 1
    assert milestone_dates_errors([datetime.date(2026, 9, 1), datetime.date(2026, 3, 1)], start, end) == [
        "里程碑完成期限须按序号先后排列。"
    ]


def test_on_time_means_reported_by_the_due_date():
    due = datetime.date(2026, 6, 30)
    assert reported_on_time(due, due)
    assert not reported_on_time(due + datetime.timedelta(days=1), due)


def test_a_failed_project_bars_for_the_years_set_from_its_evaluation():
    day = datetime.date(2026, 3, 15)
    assert purchase_bar_until("fail", day, 2) == datetime.date(2028, 3, 15)
    assert purchase_bar_until("fail", day, 3) == datetime.date(2029, 3, 15)
    assert purchase_bar_until("pass", day, 2) is None
    assert purchase_bar_until("fail", None, 2) is None
    assert add_years(datetime.date(2024, 2, 29), 2) == datetime.date(2026, 2, 28)


def test_share_is_a_percentage_with_one_decimal():
    assert share(2, 3) == Decimal("66.7")
    assert share(0, 0) is None


def test_a_contract_is_signed_after_the_award_and_before_the_service_begins():
    awarded, start, today = datetime.date(2026, 2, 1), datetime.date(2026, 3, 1), datetime.date(2026, 3, 10)
    assert contract_dates_errors(datetime.date(2026, 2, 20), awarded_on=awarded, start=start, today=today) == []
    assert contract_dates_errors(start, awarded_on=awarded, start=start, today=today) == []  # on the first day
    assert contract_dates_errors(awarded, awarded_on=awarded, start=start, today=today) == []  # on the award day
    late = contract_dates_errors(datetime.date(2026, 3, 2), awarded_on=awarded, start=start, today=today)
    assert len(late) == 1 and "服务期开始（2026年3月1日）前签订" in late[0]
    early = contract_dates_errors(datetime.date(2026, 1, 31), awarded_on=awarded, start=start, today=today)
    assert early == ["合同签订日期不能早于立项日期（2026年2月1日）。"]
    future = contract_dates_errors(
        datetime.date(2026, 2, 20), awarded_on=awarded, start=start, today=datetime.date(2026, 2, 19)
    )
    assert future == ["合同签订日期不能晚于今天。"]


def test_a_milestone_is_reported_within_the_period_and_never_ahead():
    start, today = datetime.date(2026, 3, 1), datetime.date(2026, 5, 1)
    assert report_date_errors(start, start=start, today=today) == []
    assert report_date_errors(today, start=start, today=today) == []
    assert report_date_errors(datetime.date(2026, 2, 28), start=start, today=today) == [
        "服务期自 2026年3月1日 开始，此前不能报送里程碑。"
    ]
    assert report_date_errors(datetime.date(2026, 5, 2), start=start, today=today) == [
        "里程碑完成（报送）日期不能晚于今天。"
    ]


def test_evaluations_are_dated_in_the_period_and_a_final_one_after_the_last_acceptance():
    start, today, accepted = datetime.date(2026, 3, 1), datetime.date(2026, 12, 1), datetime.date(2026, 11, 20)
    assert evaluation_date_errors("midterm", datetime.date(2026, 6, 1), start=start, today=today) == []
    assert evaluation_date_errors("midterm", datetime.date(2026, 2, 1), start=start, today=today) == [
        "评估日期不能早于服务期开始日期（2026年3月1日）。"
    ]
    assert evaluation_date_errors("midterm", datetime.date(2026, 12, 2), start=start, today=today) == [
        "评估日期不能晚于今天。"
    ]
    assert evaluation_date_errors("final", accepted, start=start, today=today, last_accepted_on=accepted) == []
    assert evaluation_date_errors(
        "final", datetime.date(2026, 11, 19), start=start, today=today, last_accepted_on=accepted
    ) == ["结项评估日期不能早于最后一个里程碑的验收日期（2026年11月20日）。"]
    # A mid-term evaluation is not held to the acceptance date; a final one need not wait for the period's end.
    assert (
        evaluation_date_errors(
            "midterm", datetime.date(2026, 6, 1), start=start, today=today, last_accepted_on=accepted
        )
        == []
    )
