"""Working-day deadlines on the official calendar, including make-up days and unknown years."""

import datetime

import pytest

from registry.models import CalendarDay, CalendarYear
from registry.rules.deadlines import WorkCalendar, add_working_days, working_days_between
from registry.selectors import deadline_after, working_days_left

D = datetime.date


def test_plain_week_skips_weekend():
    calendar = WorkCalendar(known_years=frozenset({2025}))
    # Friday + 1 working day is the next Monday.
    assert add_working_days(D(2025, 3, 7), 1, calendar).due == D(2025, 3, 10)


def test_start_day_is_not_counted():
    calendar = WorkCalendar(known_years=frozenset({2025}))
    assert add_working_days(D(2025, 3, 10), 0, calendar).due == D(2025, 3, 10)
    assert add_working_days(D(2025, 3, 10), 1, calendar).due == D(2025, 3, 11)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 3, 10), -1, WorkCalendar())


@pytest.mark.django_db
def test_spring_festival_2026_with_make_up_saturdays():
    # Holidays 15–23 February 2026; Saturday 14 February and Saturday 28 February are working days.
    assert deadline_after(D(2026, 2, 13), 1).due == D(2026, 2, 14)
    assert deadline_after(D(2026, 2, 13), 2).due == D(2026, 2, 24)
    assert deadline_after(D(2026, 2, 13), 5).due == D(2026, 2, 27)
    assert deadline_after(D(2026, 2, 13), 6).due == D(2026, 2, 28)


@pytest.mark.django_db
def test_national_day_2026_with_make_up_days():
    # Holidays 1–7 October 2026; Sunday 20 September and Saturday 10 October are working days.
    assert deadline_after(D(2026, 9, 30), 1).due == D(2026, 10, 8)
    assert deadline_after(D(2026, 9, 30), 3).due == D(2026, 10, 10)
    assert deadline_after(D(2026, 9, 18), 1).due == D(2026, 9, 20)


@pytest.mark.django_db
def test_registration_deadline_of_20_working_days_over_national_day():
    deadline = deadline_after(D(2026, 9, 21), 20)
    # 22–24 Sep count 3; 25 Sep (Mid-Autumn) and 1–7 Oct are off; Saturday 10 Oct is a make-up working day.
    assert deadline.due == D(2026, 10, 26)
    assert not deadline.is_provisional


@pytest.mark.django_db
def test_datetime_start_uses_beijing_date():
    late_evening_utc = datetime.datetime(2026, 2, 12, 17, 0, tzinfo=datetime.UTC)  # 01:00 on the 13th in Beijing
    assert deadline_after(late_evening_utc, 1).due == D(2026, 2, 14)


@pytest.mark.django_db
def test_year_without_schedule_counts_weekends_only_and_says_so():
    deadline = deadline_after(D(2026, 12, 21), 20)
    assert deadline.is_provisional
    assert deadline.unknown_years == (2027,)
    # 1 January 2027 is not known as a holiday, so it counts as a working day.
    assert deadline.due == D(2027, 1, 18)


@pytest.mark.django_db
def test_staff_loaded_schedule_is_used():
    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    deadline = deadline_after(D(2026, 12, 31), 1)
    assert deadline.due == D(2027, 1, 4)
    assert not deadline.is_provisional


@pytest.mark.django_db
def test_working_days_left_is_negative_when_overdue():
    assert working_days_left(D(2026, 2, 27), today=D(2026, 2, 13)) == 5
    assert working_days_left(D(2026, 2, 13), today=D(2026, 2, 27)) == -5


def test_working_days_between_on_plain_calendar():
    calendar = WorkCalendar()
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 14), calendar) == 5


def test_add_years_keeps_the_day_and_handles_29_february():
    from registry.rules.deadlines import add_years

    assert add_years(D(2026, 11, 24), 5) == D(2031, 11, 24)
    assert add_years(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
