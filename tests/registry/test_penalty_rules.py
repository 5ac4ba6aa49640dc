"""The rules of administrative penalty cases, as pure functions (no database)."""

import datetime
from decimal import Decimal

from registry.rules.credit import CreditReason
from registry.rules.penalties import (
    PenaltyKind,
    appeal_deadlines,
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
    service_due_on,
    suspension_ends_on,
)

D = datetime.date
LARGE = Decimal(50_000)


def test_decision_is_due_90_days_after_filing_and_extension_adds_to_it():
    assert decision_due_on(D(2026, 1, 10), days=90) == D(2026, 4, 10)
    assert decision_due_on(D(2026, 1, 10), days=90, extension_days=30) == D(2026, 5, 10)
    # A case filed now already runs into next year.
    assert decision_due_on(D(2026, 12, 1), days=90) == D(2027, 3, 1)


def test_service_within_7_days_and_fine_paid_within_15_days_of_service():
    assert service_due_on(D(2026, 3, 2)) == D(2026, 3, 9)
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


def test_statement_period_and_requested_hearing_block_the_decision():
    common = {"notice_on": D(2026, 3, 2), "statement_days": 5, "hearing_held_on": None, "hearing_record": ""}
    assert decision_blockers(today=D(2026, 3, 7), statement_on=None, hearing_requested=False, **common)
    assert not decision_blockers(today=D(2026, 3, 8), statement_on=None, hearing_requested=False, **common)
    # Answered without asking for a hearing: no need to wait for the period to run out.
    assert not decision_blockers(today=D(2026, 3, 3), statement_on=D(2026, 3, 3), hearing_requested=False, **common)
    assert decision_blockers(today=D(2026, 3, 20), statement_on=D(2026, 3, 3), hearing_requested=True, **common)
    heard = {**common, "hearing_held_on": D(2026, 3, 15), "hearing_record": "当事人陈述。"}
    assert not decision_blockers(today=D(2026, 3, 20), statement_on=D(2026, 3, 3), hearing_requested=True, **heard)
    assert decision_blockers(
        today=D(2026, 3, 20), statement_on=None, hearing_requested=False, **{**common, "notice_on": None}
    )


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
        "notice_on": D(2026, 3, 2),
        "statement_days": 5,
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
