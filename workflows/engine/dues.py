"""Deadlines in working days, counted on one calendar for a whole page of tasks."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from registry.rules.deadlines import working_days_between
from registry.selectors import work_calendar


@dataclass
class Due:
    """A deadline and the working days left until it (negative when overdue)."""

    on: datetime.date | None
    days_left: int | None
    stopped: bool = False

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and not self.stopped


def dues(dates: list[datetime.date | None], *, today: datetime.date | None = None) -> list[Due]:
    """Working days left for each date, counted on one calendar loaded once."""
    today = today or timezone.localdate()
    known = [d for d in dates if d]
    if not known:
        return [Due(None, None) for _ in dates]
    calendar = work_calendar(min([today, *known]).year, max([today, *known]).year)
    return [Due(d, working_days_between(today, d, calendar) if d else None) for d in dates]
