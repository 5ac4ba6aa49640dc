"""Reads of a registration process: the applicant's timeline of steps and the events they may see."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from registry.models import ApplicationEvent, RegistrationApplication
from workflows.engine.dues import Due, dues
from workflows.engine.nodes import OfficerTask


@dataclass
class TimelineStep:
    title: str
    holder: str
    started: datetime.datetime
    finished: datetime.datetime | None
    due: Due | None


# Routing nodes decide where a process goes next; they are no step anyone takes, so timelines leave them out.
GATEWAY_TASK_TYPES = ("SWITCH", "EXCLUSIVE_GATEWAY", "PARALLEL_GATEWAY", "JOIN", "END")


def application_timeline(application: RegistrationApplication) -> list[TimelineStep]:
    """Every step of the application's processes: what, which role holds it, when it began and is due."""

    tasks = list(
        Task.objects.filter(process__bureauprocess__application=application)
        .exclude(flow_task_type__in=GATEWAY_TASK_TYPES)
        .order_by("created", "pk")
    )
    stopped = application.clock_stopped_on is not None
    steps, dates = [], []
    for task in tasks:
        node = task.flow_task
        if isinstance(node, OfficerTask):
            holder = str(node.role.label)
            due_on = node.due_on(application)
        else:
            holder, due_on = _("申请人"), None
        steps.append(TimelineStep(str(node.task_title), holder, task.created, task.finished, None))
        dates.append(due_on)
    for step, due in zip(steps, dues(dates), strict=True):
        if due.on:
            due.stopped = stopped
            if step.finished is not None:
                due.days_left = None  # a finished step shows its deadline, not time left
            step.due = due
    return steps


def public_events(application: RegistrationApplication) -> QuerySet:
    """Decisions the applicant sees: what, when, the stated reason; never officers' names or internal notes."""
    return application.events.exclude(action=ApplicationEvent.Action.RATED).only(
        "at", "action", "reason", "items", "role"
    )
