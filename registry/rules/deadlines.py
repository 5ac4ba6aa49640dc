"""Statutory deadlines counted in working days on the official Chinese calendar.

Weekends are off, official holidays are off and make-up working days (调休)
are on.  The calendar is data (`registry.models.CalendarDay`), seeded from
the `chinese-calendar` package for the years it knows and editable by staff;
a year whose schedule is not loaded counts weekends only and is reported so
officers can be warned.  As in administrative law, the day a step starts is
not counted: the first working day after it is day 1.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkCalendar:
    """The holidays, make-up workdays and the years whose schedule is known."""

    holidays: frozenset[datetime.date] = frozenset()
    workdays: frozenset[datetime.date] = frozenset()
    known_years: frozenset[int] = frozenset()

    def is_working_day(self, day: datetime.date) -> bool:
        """Return whether `day` is a working day."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class Deadline:
    """A due date and the years counted without a published holiday schedule."""

    due: datetime.date
    unknown_years: tuple[int, ...] = field(default=())

    @property
    def is_provisional(self) -> bool:
        """True when some counted year had no holiday schedule loaded."""
        return bool(self.unknown_years)


def add_working_days(start: datetime.date, days: int, calendar: WorkCalendar) -> Deadline:
    """Return the deadline of a step started on `start` that has `days` working days."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted, unknown = start, 0, set()
    while counted < days:
        day += datetime.timedelta(days=1)
        if day.year not in calendar.known_years:
            unknown.add(day.year)
        if calendar.is_working_day(day):
            counted += 1
    return Deadline(due=day, unknown_years=tuple(sorted(unknown)))


def working_days_between(start: datetime.date, end: datetime.date, calendar: WorkCalendar) -> int:
    """Count working days after `start` up to and including `end`; negative if `end` is earlier."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
