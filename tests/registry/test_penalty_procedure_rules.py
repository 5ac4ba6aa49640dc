"""The procedure of a penalty case as pure functions: service, working-day windows, hearing, legal review,
collective discussion (行政处罚法 2021; 民事诉讼法 2023 第九十五条)."""

import datetime

from registry.rules.deadlines import WorkCalendar
from registry.rules.penalty_procedure import (
    ServiceMethod,
    discussion_problems,
    hearing_problems,
    legal_review_problems,
    legal_review_required,
    participants_of,
    served_on,
    service_due,
    service_problems,
    statement_window,
    window_problems,
)

D = datetime.date
# The published 2026 schedule: Mid-autumn 25–27 September, National Day 1–7 October; make-up working days
# Sunday 20 September and Saturday 10 October.
CALENDAR = WorkCalendar(
    holidays=frozenset([D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27)] + [D(2026, 10, day) for day in range(1, 8)]),
    workdays=frozenset({D(2026, 9, 20), D(2026, 10, 10)}),
    known_years=frozenset({2026}),
)


def test_publication_is_served_thirty_days_after_it_and_never_sooner():
    # 民事诉讼法 (2023) 第九十五条: 公告送达，自发出公告之日起，经过三十日，即视为送达.
    assert served_on(ServiceMethod.PUBLICATION, D(2026, 3, 2), publication_days=30) == D(2026, 4, 1)
    assert served_on(ServiceMethod.PUBLICATION, D(2026, 3, 2), publication_days=60) == D(2026, 5, 1)
    assert served_on(ServiceMethod.PUBLICATION, D(2026, 3, 2), publication_days=10) == D(2026, 4, 1)  # floor
    for method in (ServiceMethod.IN_PERSON, ServiceMethod.POST, ServiceMethod.ELECTRONIC):
        assert served_on(method, D(2026, 3, 2), publication_days=30) == D(2026, 3, 2)


def test_service_is_recorded_between_the_documents_issue_and_today():
    issued, today = D(2026, 3, 2), D(2026, 3, 10)
    assert service_problems(ServiceMethod.POST, D(2026, 3, 5), issued_on=issued, today=today) == []
    assert service_problems(ServiceMethod.POST, D(2026, 3, 1), issued_on=issued, today=today)
    assert service_problems(ServiceMethod.POST, D(2026, 3, 11), issued_on=issued, today=today)
    assert service_problems("pigeon", D(2026, 3, 5), issued_on=issued, today=today) == ["请选择送达方式。"]


def test_statement_window_is_five_working_days_from_service():
    # 行政处罚法 第八十五条: the 5 days of 第四十四条/第六十四条 are working days. Served Thursday 24 Sept 2026:
    # Mid-autumn to Sunday, Mon 28, Tue 29, Wed 30 Sept, National Day to 7 Oct, Thu 8 and Fri 9 Oct.
    assert statement_window(D(2026, 9, 24), days=5, calendar=CALENDAR).due == D(2026, 10, 9)
    # Served Friday 9 Oct: the make-up Saturday counts.
    assert statement_window(D(2026, 10, 9), days=5, calendar=CALENDAR).due == D(2026, 10, 15)
    # An ordinary week: served Monday, ends the next Monday; a local rule may give longer, never less.
    assert statement_window(D(2026, 3, 2), days=5, calendar=CALENDAR).due == D(2026, 3, 9)
    assert statement_window(D(2026, 3, 2), days=3, calendar=CALENDAR).due == D(2026, 3, 9)
    assert statement_window(D(2026, 3, 2), days=7, calendar=CALENDAR).due == D(2026, 3, 11)


def test_decision_served_within_seven_working_days():
    # 行政处罚法 第六十一条 with 第八十五条.
    assert service_due(D(2026, 3, 2), calendar=CALENDAR).due == D(2026, 3, 11)


def test_no_decision_until_the_window_has_closed_or_before_the_notice_is_served():
    assert window_problems(today=D(2026, 3, 9), notice_served_on=D(2026, 3, 2), ends_on=D(2026, 3, 9), days=5) == [
        "陈述、申辩和要求听证的期限（自2026年3月2日送达起5个工作日）至2026年3月9日届满，届满前不得作出行政处罚决定。"
    ]
    assert window_problems(today=D(2026, 3, 10), notice_served_on=D(2026, 3, 2), ends_on=D(2026, 3, 9), days=5) == []
    assert window_problems(today=D(2026, 3, 10), notice_served_on=None, ends_on=None, days=5)


def test_hearing_notified_seven_working_days_ahead_chaired_by_a_non_investigator_and_signed():
    # 行政处罚法 第六十四条(二)(四)(八).
    good = {
        "notified_on": D(2026, 3, 2),
        "held_on": D(2026, 3, 11),
        "chair_id": 9,
        "investigator_ids": {1, 2},
        "record": "当事人到场陈述。",
        "signed": True,
        "today": D(2026, 3, 20),
        "calendar": CALENDAR,
    }
    assert hearing_problems(**good) == []
    assert hearing_problems(**{**good, "held_on": D(2026, 3, 10)}) == [
        "听证应在通知当事人7个工作日后举行：2026年3月2日通知的，最早2026年3月11日。"
    ]
    assert hearing_problems(**{**good, "chair_id": 2}) == ["听证主持人不得由本案调查人员担任。"]
    assert hearing_problems(**{**good, "signed": False}) == ["听证笔录须经当事人核对无误后签字或者盖章。"]
    assert hearing_problems(**{**good, "held_on": None})


def test_legal_review_where_article_58_asks_for_it_and_not_by_an_investigator():
    assert legal_review_required(heard=True, public_interest=False, complex_case=False)
    assert legal_review_required(heard=False, public_interest=True, complex_case=False)
    assert legal_review_required(heard=False, public_interest=False, complex_case=True)
    assert not legal_review_required(heard=False, public_interest=False, complex_case=False)
    assert legal_review_problems(reviewer_id=1, investigator_ids={1, 2}, opinion="事实清楚") == [
        "法制审核不得由本案调查人员进行。"
    ]
    assert legal_review_problems(reviewer_id=3, investigator_ids={1, 2}, opinion="事实清楚，程序合法") == []


def test_collective_discussion_records_enough_participants():
    names = participants_of("张局长\n李副局长\n\n张局长\n王副局长 ")
    assert names == ["张局长", "李副局长", "王副局长"]
    common = {"conclusion": "同意撤销登记", "held_on": D(2026, 3, 2), "today": D(2026, 3, 3)}
    assert discussion_problems(participants=names, min_participants=3, **common) == []
    assert discussion_problems(participants=names[:2], min_participants=3, **common) == [
        "集体讨论应由机关负责人集体进行：请逐行填写参加人员（至少3人）。"
    ]
    assert discussion_problems(participants=names, min_participants=3, **{**common, "held_on": D(2026, 3, 4)})
    assert discussion_problems(participants=names[:1], min_participants=1, **common)  # one head is no collective
