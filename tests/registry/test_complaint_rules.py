"""Complaint rules without a database: deadlines, the query code and masking the complainant."""

import datetime

import pytest

from registry.rules.complaints import (
    MAX_EXTENSION_DAYS,
    ExtensionRefusal,
    acceptance_deadline,
    completion_deadline,
    extended_deadline,
    is_overdue,
    mask_email,
    mask_mobile,
    mask_name,
    query_code_digest,
    query_code_matches,
)
from registry.rules.deadlines import WorkCalendar

D = datetime.date


def test_acceptance_deadline_counts_working_days_over_a_holiday():
    # National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
    holidays = frozenset(D(2025, 10, day) for day in range(1, 9))
    calendar = WorkCalendar(holidays, frozenset({D(2025, 9, 28), D(2025, 10, 11)}), frozenset({2025}))
    deadline = acceptance_deadline(D(2025, 9, 26), 15, calendar)
    # 28, 29, 30 Sep; 9, 10, 11, 13, 14, 15, 16, 17, 20, 21, 22, 23 Oct
    assert deadline.due == D(2025, 10, 23) and not deadline.is_provisional


def test_acceptance_deadline_in_an_unknown_year_is_provisional():
    deadline = acceptance_deadline(D(2026, 12, 28), 15, WorkCalendar(known_years=frozenset({2026})))
    assert deadline.is_provisional and deadline.unknown_years == (2027,)


def test_completion_deadline_is_calendar_days_after_acceptance():
    assert completion_deadline(D(2026, 1, 10), 60) == D(2026, 3, 11)


def test_overdue_only_after_the_day_and_while_open():
    assert not is_overdue(D(2026, 3, 1), today=D(2026, 3, 1), done=False)
    assert is_overdue(D(2026, 3, 1), today=D(2026, 3, 2), done=False)
    assert not is_overdue(D(2026, 3, 1), today=D(2026, 3, 2), done=True)
    assert not is_overdue(None, today=D(2026, 3, 2), done=False)


def test_query_code_matches_only_its_own_complaint_and_ignores_case_and_spaces():
    digest = query_code_digest("TS20260301000001", "ABCD2345")
    assert digest != "ABCD2345"
    assert query_code_matches("TS20260301000001", "abcd 2345", digest)
    assert not query_code_matches("TS20260301000002", "ABCD2345", digest)
    assert not query_code_matches("TS20260301000001", "ABCD2346", digest)
    assert not query_code_matches("TS20260301000001", "ABCD2345", "")


def test_masks_keep_only_what_identifies_nobody():
    assert mask_name("张三丰") == "张**"
    assert mask_mobile("13800001234") == "138****1234"
    assert mask_email("zhangsan@example.cn") == "z***@example.cn"
    assert mask_name("") == ""


def test_acknowledgement_number_carries_the_local_date():
    from registry.models import Complaint

    evening_utc = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)  # 04:00 on 2 March in Shanghai
    assert Complaint(pk=42, received_at=evening_utc).number == "TS20260302000042"
    assert Complaint().number == ""


# 民发〔2016〕139号: a complex complaint's handling period may be extended once, by at most 30 days, and the
# complainant is told why.


def test_extension_rule_allows_one_extension_of_at_most_30_days():
    due = datetime.date(2026, 3, 1)
    assert MAX_EXTENSION_DAYS == 30
    assert extended_deadline(due, 30, already_extended=False) == datetime.date(2026, 3, 31)
    with pytest.raises(ExtensionRefusal):
        extended_deadline(due, 31, already_extended=False)
    with pytest.raises(ExtensionRefusal):
        extended_deadline(due, 0, already_extended=False)
    with pytest.raises(ExtensionRefusal):
        extended_deadline(due, 10, already_extended=True)
