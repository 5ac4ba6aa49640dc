"""The rules of administrative penalty cases, as pure functions (no database)."""

import datetime
from decimal import Decimal

from registry.rules.credit import CreditReason
from registry.rules.penalties import (
    FineBasis,
    PenaltyKind,
    Sanction,
    appeal_deadlines,
    collective_discussion_required,
    combined_credit_reason,
    combined_grade_after,
    combined_hearing_right,
    combined_heavier_than_notified,
    combined_words,
    credit_reason_for,
    decision_blockers,
    decision_due_on,
    execution_due_on,
    grade_after_penalty,
    hearing_right,
    heavier_than_notified,
    is_overdue,
    penalty_amount,
    penalty_words,
    proposal_problems,
    purchase_of_service_problems,
    sanctions_problems,
    suspension_ends_on,
)

D = datetime.date
LARGE = Decimal(50_000)


def test_decision_is_due_90_days_after_filing_and_extension_adds_to_it():
    assert decision_due_on(D(2026, 1, 10), days=90) == D(2026, 4, 10)
    assert decision_due_on(D(2026, 1, 10), days=90, extension_days=30) == D(2026, 5, 10)
    # A case filed now already runs into next year.
    assert decision_due_on(D(2026, 12, 1), days=90) == D(2027, 3, 1)


def test_fine_paid_within_15_calendar_days_of_service():
    # 行政处罚法 第六十七条: 15 days, not one of the 2/3/5/7-day periods counted in working days (第八十五条).
    assert execution_due_on(PenaltyKind.FINE, served_on=D(2026, 3, 9)) == D(2026, 3, 24)
    assert execution_due_on(PenaltyKind.SUSPENSION, served_on=D(2026, 3, 9), suspension_ends_on=D(2026, 6, 8)) == D(
        2026, 6, 8
    )


def test_appeal_routes_run_60_days_and_6_months_from_service():
    assert appeal_deadlines(D(2026, 8, 31)) == (D(2026, 10, 30), D(2027, 2, 28))


def test_overdue_only_after_the_due_day():
    assert not is_overdue(D(2026, 3, 9), today=D(2026, 3, 9))
    assert is_overdue(D(2026, 3, 9), today=D(2026, 3, 10))
    assert not is_overdue(None, today=D(2026, 3, 10))


def test_fine_of_50000_is_a_dishonest_ground_and_a_smaller_one_an_abnormal_ground():
    assert credit_reason_for(PenaltyKind.FINE, fine_yuan=Decimal(50_000)) == CreditReason.LARGE_FINE
    assert credit_reason_for(PenaltyKind.FINE, fine_yuan=Decimal("49999.99")) == CreditReason.SMALL_PENALTY
    assert credit_reason_for(PenaltyKind.WARNING, fine_yuan=None) == CreditReason.SMALL_PENALTY
    assert credit_reason_for(PenaltyKind.SUSPENSION, fine_yuan=None) == CreditReason.STOP_ACTIVITIES
    assert credit_reason_for(PenaltyKind.REVOCATION, fine_yuan=None) == CreditReason.REVOKED
    assert credit_reason_for(PenaltyKind.CONFISCATION, fine_yuan=None) is None


def test_hearing_right_for_revocation_suspension_and_large_amounts_only():
    assert hearing_right(PenaltyKind.REVOCATION, amount_yuan=None, large_amount_yuan=LARGE)
    assert hearing_right(PenaltyKind.SUSPENSION, amount_yuan=None, large_amount_yuan=LARGE)
    assert hearing_right(PenaltyKind.FINE, amount_yuan=Decimal(50_000), large_amount_yuan=LARGE)
    assert not hearing_right(PenaltyKind.FINE, amount_yuan=Decimal(20_000), large_amount_yuan=LARGE)
    assert hearing_right(PenaltyKind.CONFISCATION, amount_yuan=Decimal(80_000), large_amount_yuan=LARGE)
    assert not hearing_right(PenaltyKind.WARNING, amount_yuan=None, large_amount_yuan=LARGE)


def test_penalty_lowers_a_grade_one_step_and_a_serious_one_withdraws_it():
    assert grade_after_penalty("4A", PenaltyKind.WARNING, fine_yuan=None) == "3A"
    assert grade_after_penalty("5A", PenaltyKind.FINE, fine_yuan=Decimal(10_000)) == "4A"
    assert grade_after_penalty("1A", PenaltyKind.WARNING, fine_yuan=None) == ""
    assert grade_after_penalty("5A", PenaltyKind.FINE, fine_yuan=Decimal(50_000)) == ""
    assert grade_after_penalty("3A", PenaltyKind.SUSPENSION, fine_yuan=None) == ""
    assert grade_after_penalty("", PenaltyKind.WARNING, fine_yuan=None) is None


def test_decision_may_not_be_heavier_than_the_notice():
    fine = PenaltyKind.FINE
    assert heavier_than_notified(fine, Decimal(60_000), notified_kind=fine, notified_amount_yuan=Decimal(50_000))
    assert not heavier_than_notified(fine, Decimal(30_000), notified_kind=fine, notified_amount_yuan=Decimal(50_000))
    assert not heavier_than_notified(PenaltyKind.WARNING, None, notified_kind=fine, notified_amount_yuan=Decimal(1))
    assert heavier_than_notified(
        PenaltyKind.REVOCATION, None, notified_kind=PenaltyKind.SUSPENSION, notified_amount_yuan=None
    )


def test_proposal_needs_its_amount_or_period():
    assert proposal_problems(PenaltyKind.FINE, fine_yuan=None, confiscated_yuan=None, suspension_months=None)
    assert proposal_problems(PenaltyKind.SUSPENSION, fine_yuan=None, confiscated_yuan=None, suspension_months=13)
    assert proposal_problems("jail", fine_yuan=None, confiscated_yuan=None, suspension_months=None)
    assert not proposal_problems(PenaltyKind.WARNING, fine_yuan=None, confiscated_yuan=None, suspension_months=None)


def test_suspension_runs_whole_months_from_service():
    assert suspension_ends_on(D(2026, 3, 10), months=3) == D(2026, 6, 9)


def test_statement_period_and_requested_hearing_block_the_review():
    # 行政处罚法 第四十四条、第六十四条: the window runs from the notice's service to `ends_on` (working days).
    common = {
        "notice_served_on": D(2026, 3, 2),
        "ends_on": D(2026, 3, 9),
        "hearing_held_on": None,
        "hearing_record": "",
    }
    assert decision_blockers(today=D(2026, 3, 9), statement_on=None, hearing_requested=False, **common)
    assert not decision_blockers(today=D(2026, 3, 10), statement_on=None, hearing_requested=False, **common)
    # Answered without asking for a hearing: the review need not wait for the period to run out.
    assert not decision_blockers(today=D(2026, 3, 3), statement_on=D(2026, 3, 3), hearing_requested=False, **common)
    assert decision_blockers(today=D(2026, 3, 20), statement_on=D(2026, 3, 3), hearing_requested=True, **common)
    heard = {**common, "hearing_held_on": D(2026, 3, 15), "hearing_record": "当事人陈述。"}
    assert not decision_blockers(today=D(2026, 3, 20), statement_on=D(2026, 3, 3), hearing_requested=True, **heard)


def test_a_notice_not_yet_served_blocks_the_review():
    unserved = {"notice_served_on": None, "ends_on": None, "hearing_held_on": None, "hearing_record": ""}
    assert decision_blockers(today=D(2026, 3, 20), statement_on=None, hearing_requested=False, **unserved) == [
        "行政处罚事先告知书尚未送达：请先记录送达方式和送达日期。"
    ]


def test_purchase_of_service_needs_good_standing_and_three_clean_years():
    clean = {
        "status": "normal",
        "on_dishonest_list": False,
        "on_abnormal_list": False,
        "suspended_until": None,
        "serious_penalty_on": None,
        "today": D(2026, 6, 1),
    }
    assert purchase_of_service_problems(**clean) == []
    assert purchase_of_service_problems(**{**clean, "suspended_until": D(2026, 6, 1)})
    assert not purchase_of_service_problems(**{**clean, "suspended_until": D(2026, 5, 31)})
    assert purchase_of_service_problems(**{**clean, "serious_penalty_on": D(2023, 6, 2)})
    assert not purchase_of_service_problems(**{**clean, "serious_penalty_on": D(2023, 6, 1)})
    assert purchase_of_service_problems(**{**clean, "on_dishonest_list": True})
    assert purchase_of_service_problems(**{**clean, "status": "revoked"})


def test_a_hearing_held_within_the_period_ends_the_wait():
    heard = {
        "notice_served_on": D(2026, 3, 2),
        "ends_on": D(2026, 3, 9),
        "hearing_held_on": D(2026, 3, 4),
        "hearing_record": "记录",
    }
    assert not decision_blockers(today=D(2026, 3, 4), statement_on=D(2026, 3, 3), hearing_requested=True, **heard)


def test_only_fines_and_confiscations_carry_an_amount_kept_to_the_fen():
    assert penalty_amount(PenaltyKind.FINE, "50000.456") == Decimal("50000.46")
    assert penalty_amount(PenaltyKind.CONFISCATION, 1200) == Decimal("1200.00")
    assert penalty_amount(PenaltyKind.WARNING, 1200) is None
    assert penalty_amount(PenaltyKind.FINE, None) is None


def test_a_penalty_in_words_names_its_amount_or_its_months():
    assert penalty_words(PenaltyKind.FINE, Decimal("50000.00"), None) == f"{PenaltyKind.FINE.label}50,000.00元"
    assert penalty_words(PenaltyKind.SUSPENSION, None, 3) == f"{PenaltyKind.SUSPENSION.label}3个月"
    assert penalty_words(PenaltyKind.WARNING, None, None) == str(PenaltyKind.WARNING.label)


# The menu of each type and combined penalties (社团条例 第三十条, 民非条例 第二十五条, 基金会条例 第四十二条)

ASSOCIATION, SERVICE_AGENCY, FOUNDATION = "1", "2", "3"
K = PenaltyKind


def test_association_may_be_ordered_to_replace_its_responsible_officer_but_a_service_agency_may_not():
    replace = [Sanction(K.WARNING), Sanction(K.REPLACEMENT)]
    assert sanctions_problems(ASSOCIATION, replace) == []
    assert sanctions_problems(SERVICE_AGENCY, replace) == [
        "《民办非企业单位登记管理暂行条例》第二十五条未规定“责令撤换直接负责的主管人员”，不能对该类组织适用。"
    ]


def test_a_foundation_is_never_fined():
    fine = [Sanction(K.FINE, Decimal(30_000), multiple=Decimal(3))]
    problems = sanctions_problems(FOUNDATION, fine, fine_basis=FineBasis.INCOME, illegal_amount_yuan=Decimal(10_000))
    assert problems == ["《基金会管理条例》第四十二条未规定“罚款”，不能对该类组织适用。"]
    assert sanctions_problems(FOUNDATION, [Sanction(K.WARNING), Sanction(K.SUSPENSION, months=3)]) == []


def test_fine_is_one_to_three_times_turnover_or_three_to_five_times_income():
    def fine(amount, multiple, basis, base):
        items = [Sanction(K.CONFISCATION, base), Sanction(K.FINE, Decimal(amount), multiple=Decimal(multiple))]
        return sanctions_problems(ASSOCIATION, items, fine_basis=basis, illegal_amount_yuan=Decimal(base))

    assert fine(30_000, 3, FineBasis.TURNOVER, 10_000) == []
    assert fine(40_000, 4, FineBasis.TURNOVER, 10_000) == ["按违法经营额处罚的，罚款倍数应在1倍至3倍之间。"]
    assert fine(20_000, 2, FineBasis.INCOME, 10_000) == ["按违法所得处罚的，罚款倍数应在3倍至5倍之间。"]
    assert fine(50_000, 5, FineBasis.INCOME, 10_000) == []
    # The amount must be the entered multiple of the base.
    assert fine(45_000, 4, FineBasis.INCOME, 10_000) == ["罚款金额应为违法所得10,000.00元的4倍，即40,000.00元。"]
    assert fine(30_000, 3, "", 10_000)  # no basis chosen


def test_revocation_is_not_combined_with_suspension_and_each_kind_appears_once():
    assert sanctions_problems(ASSOCIATION, [Sanction(K.REVOCATION), Sanction(K.SUSPENSION, months=3)]) == [
        "撤销登记不能与限期停止活动或责令撤换并处。"
    ]
    assert sanctions_problems(ASSOCIATION, [Sanction(K.WARNING), Sanction(K.WARNING)]) == ["同一种处罚只能选择一次。"]
    assert sanctions_problems(ASSOCIATION, []) == ["请至少选择一种处罚。"]


def test_combined_penalties_read_heaviest_first_joined_by_bingchu():
    words = combined_words([Sanction(K.WARNING), Sanction(K.CONFISCATION, Decimal("1000.00"))])
    assert words == f"{K.CONFISCATION.label}1,000.00元，并处{K.WARNING.label}"
    assert combined_words([Sanction(K.WARNING)]) == str(K.WARNING.label)


def test_combined_penalties_take_the_heaviest_credit_ground_and_grade_effect():
    warning_and_large_fine = [Sanction(K.WARNING), Sanction(K.FINE, Decimal(60_000))]
    assert combined_credit_reason(warning_and_large_fine) == CreditReason.LARGE_FINE
    assert combined_credit_reason([Sanction(K.CORRECTION)]) is None
    assert combined_grade_after("4A", warning_and_large_fine) == ""
    assert combined_grade_after("4A", [Sanction(K.WARNING), Sanction(K.CORRECTION)]) == "3A"
    assert combined_grade_after("4A", [Sanction(K.CORRECTION)]) is None  # an order to correct is no penalty


def test_a_decision_may_not_add_to_the_notice_or_raise_an_amount():
    notified = [Sanction(K.WARNING), Sanction(K.FINE, Decimal(30_000))]
    assert not combined_heavier_than_notified([Sanction(K.FINE, Decimal(20_000))], notified)
    assert combined_heavier_than_notified([Sanction(K.FINE, Decimal(40_000))], notified)
    assert combined_heavier_than_notified([Sanction(K.WARNING), Sanction(K.CORRECTION)], notified)


def test_hearing_right_if_any_combined_penalty_gives_it():
    assert combined_hearing_right([Sanction(K.WARNING), Sanction(K.SUSPENSION, months=1)], large_amount_yuan=LARGE)
    assert not combined_hearing_right([Sanction(K.WARNING), Sanction(K.CORRECTION)], large_amount_yuan=LARGE)


def test_collective_discussion_for_revocation_suspension_and_large_amounts():
    # 行政处罚法 第五十七条第二款: serious cases; the amount is a local setting.
    assert collective_discussion_required([Sanction(K.REVOCATION)], large_amount_yuan=LARGE)
    assert collective_discussion_required([Sanction(K.SUSPENSION, months=2)], large_amount_yuan=LARGE)
    money = [Sanction(K.CONFISCATION, Decimal(20_000)), Sanction(K.FINE, Decimal(30_000))]
    assert collective_discussion_required(money, large_amount_yuan=LARGE)
    assert not collective_discussion_required(money[:1], large_amount_yuan=LARGE)
    assert not collective_discussion_required([Sanction(K.WARNING)], large_amount_yuan=LARGE)
