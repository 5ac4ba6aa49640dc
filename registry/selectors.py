"""Reads of the register used by services, views and commands."""

import datetime

from django.db.models import QuerySet

from registry.choices import OfficerRole
from registry.deadlines import Deadline, WorkCalendar, add_working_days, working_days_between
from registry.models import CalendarDay, CalendarYear, Jurisdiction, OfficerAssignment, Organization
from registry.models.organization import ACTIVE_STATUSES


def work_calendar(first_year: int, last_year: int) -> WorkCalendar:
    """Load the holiday calendar for the given years from the database."""
    days = CalendarDay.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
    holidays, workdays = set(), set()
    for day, is_workday in days.values_list("date", "is_workday"):
        (workdays if is_workday else holidays).add(day)
    known = CalendarYear.objects.filter(year__gte=first_year, year__lte=last_year).values_list("year", flat=True)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(known))


def deadline_after(start: datetime.date | datetime.datetime, working_days: int) -> Deadline:
    """Return the deadline of a step started at `start` with `working_days` working days."""
    if isinstance(start, datetime.datetime):
        start = start.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
    # A generous window of years: 20 working days never span more than two calendar years.
    span = working_days // 200 + 2
    return add_working_days(start, working_days, work_calendar(start.year, start.year + span))


def working_days_left(due: datetime.date, *, today: datetime.date) -> int:
    """Working days from `today` to `due` (negative when overdue)."""
    return working_days_between(today, due, work_calendar(min(today, due).year, max(today, due).year))


def name_conflicts(*, name: str, org_type: str, jurisdiction: Jurisdiction, exclude_pk: int | None = None) -> QuerySet:
    """Living organizations of the same type in the same jurisdiction that already use `name`."""
    qs = Organization.objects.filter(
        jurisdiction=jurisdiction, org_type=org_type, name=name.strip(), status__in=ACTIVE_STATUSES
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def officer_jurisdictions(user, role: str | None = None) -> QuerySet:
    """Jurisdictions where `user` holds `role` (any role when None)."""
    assignments = OfficerAssignment.objects.filter(user=user)
    if role is not None:
        assignments = assignments.filter(role=OfficerRole(role))
    return Jurisdiction.objects.filter(pk__in=assignments.values("jurisdiction_id"))


def public_organizations() -> QuerySet:
    """Organizations the public may see: all that were ever registered, including revoked and deregistered."""
    return Organization.objects.exclude(uscc__isnull=True).select_related("jurisdiction")


def evaluation_part_totals(application) -> list[dict]:
    """Per part of the indicator table: maximum points, the self-assessment and the team's score."""
    from django.db.models import Sum

    from registry.evaluation import Part

    rows = {
        row["indicator__part"]: row
        for row in application.scores.values("indicator__part").annotate(
            maximum=Sum("indicator__max_points"), own=Sum("self_points"), team=Sum("team_points")
        )
    }
    return [
        {
            "part": part.label,
            "maximum": rows.get(part.value, {}).get("maximum") or 0,
            "self": rows.get(part.value, {}).get("own"),
            "team": rows.get(part.value, {}).get("team"),
        }
        for part in Part
    ]
