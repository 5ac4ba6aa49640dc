"""Credit-list rules without a database (社会组织信用信息管理办法, 民政部令第60号, 2018): what may leave a list on
application, the grounds officers list by hand, their legal basis, and the 5-working-day decision.

The 办法's removal rules: an activity-abnormal entry leaves within 5 working days of a verified correction, or
after 6 months when nothing is to be corrected, each ground on its own; a serious-dishonest entry leaves on
application after 2 years with no new ground (a new ground restarts the period), an entry for revocation when
deregistration is complete, an entry promoted from the abnormal list once its obligations are fulfilled.
"""

import datetime

from registry.rules.credit import (
    LIST_OF_REASON,
    MANUAL_GROUNDS,
    NOTHING_TO_CORRECT,
    REPAIR_DECISION_WORKING_DAYS,
    CreditList,
    CreditReason,
    RepairRefusal,
    abnormal_lapses_on,
    legal_basis,
    repair_refusal,
)
from registry.rules.deadlines import WorkCalendar, add_working_days

TODAY = datetime.date(2026, 6, 1)


def refusal(**facts):
    base = {
        "credit_list": CreditList.DISHONEST,
        "reason_code": CreditReason.LARGE_FINE,
        "removed": False,
        "removable_from": datetime.date(2026, 6, 1),
        "today": TODAY,
        "deregistered": False,
        "promoted_cause_open": False,
    }
    return repair_refusal(**(base | facts))


# --- The rule, without a database -----------------------------------------------------------------------------


def test_dishonest_entry_may_be_removed_on_application_only_after_two_years():
    assert refusal(removable_from=datetime.date(2026, 6, 2)) == RepairRefusal.TOO_EARLY
    assert refusal(removable_from=datetime.date(2026, 6, 1)) is None


def test_revocation_entry_leaves_when_deregistration_is_complete_not_by_time():
    assert refusal(reason_code=CreditReason.REVOKED, removable_from=datetime.date(2020, 1, 1)) == (
        RepairRefusal.NOT_DEREGISTERED
    )
    assert (
        refusal(reason_code=CreditReason.REVOKED, deregistered=True, removable_from=datetime.date(2030, 1, 1)) is None
    )


def test_entry_promoted_from_the_abnormal_list_needs_its_obligations_fulfilled_first():
    promoted = {"reason_code": CreditReason.ABNORMAL_TWO_YEARS, "removable_from": datetime.date(2026, 1, 1)}
    assert refusal(**promoted, promoted_cause_open=True) == RepairRefusal.OBLIGATIONS_OPEN
    assert refusal(**promoted, promoted_cause_open=False) is None


def test_abnormal_entries_are_corrected_on_application_except_those_that_lapse_by_themselves():
    abnormal = {"credit_list": CreditList.ABNORMAL, "removable_from": None}
    assert refusal(**abnormal, reason_code=CreditReason.UNREACHABLE) is None
    assert refusal(**abnormal, reason_code=CreditReason.SMALL_PENALTY) == RepairRefusal.NOTHING_TO_APPLY
    assert refusal(**abnormal, reason_code=CreditReason.UNREACHABLE, removed=True) == RepairRefusal.ALREADY_REMOVED


def test_the_decision_is_due_within_five_working_days():
    # Friday 2026-06-05 + 5 working days, with no holiday in between: Friday 2026-06-12.
    assert REPAIR_DECISION_WORKING_DAYS == 5
    calendar = WorkCalendar(known_years=frozenset({2026}))
    assert add_working_days(datetime.date(2026, 6, 5), REPAIR_DECISION_WORKING_DAYS, calendar).due == (
        datetime.date(2026, 6, 12)
    )


def test_only_grounds_with_nothing_to_correct_lapse_after_six_months():
    assert NOTHING_TO_CORRECT == (CreditReason.SMALL_PENALTY,)
    assert abnormal_lapses_on(CreditReason.SMALL_PENALTY, datetime.date(2026, 1, 31), months=6) == (
        datetime.date(2026, 7, 31)
    )
    assert abnormal_lapses_on(CreditReason.UNREACHABLE, datetime.date(2026, 1, 31), months=6) is None


def test_manual_grounds_and_their_lists_and_basis():
    assert {LIST_OF_REASON[code] for code in MANUAL_GROUNDS} == {CreditList.ABNORMAL, CreditList.DISHONEST}
    assert LIST_OF_REASON[CreditReason.UNREACHABLE] == CreditList.ABNORMAL
    assert LIST_OF_REASON[CreditReason.FALSE_CHANGE_REGISTRATION] == CreditList.DISHONEST
    assert CreditReason.ANNUAL_REPORT_MISSING not in MANUAL_GROUNDS  # the annual-report deadline lists it
    assert legal_basis(CreditReason.COURT_DEFAULTER).startswith("《社会组织信用信息管理办法》")
    assert "失信被执行人" in legal_basis(CreditReason.COURT_DEFAULTER)
