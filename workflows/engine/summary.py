"""What the officers' process lists and pages show of a process: file number, organization, step, holder, deadline."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from registry.templatetags.people import person_name
from workflows.engine.dues import Due, dues
from workflows.engine.nodes import OfficerTask

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.ERROR)


@dataclass
class ProcessSummary:
    reference: str
    organization: str
    kind: str
    step: str
    holder: str
    due: Due


def _step_and_holder(process, task) -> tuple[str, str]:
    if process.status == PROCESS.DONE:
        return _("已办结"), ""
    if process.status == PROCESS.CANCELED:
        return _("已取消"), ""
    if task is None:
        return "—", ""
    node = task.flow_task
    title = str(node.task_title or node.name)
    if isinstance(node, OfficerTask):
        if task.owner_id:
            return title, person_name(task.owner)
        return title, _("待认领（%(role)s）") % {"role": node.role.label}
    return title, _("申请人或组织办理中")


def process_summaries(processes) -> list[ProcessSummary]:
    """One summary per process (its subject loaded, as each proxy's `inbox_related` says), in the same order."""
    processes = list(processes)
    open_tasks = {}
    tasks = (
        Task.objects.filter(process__in=[p.pk for p in processes], finished__isnull=True, status__in=OPEN)
        .exclude(flow_task_type__in=("START", "END"))
        .select_related("owner")
        .order_by("created")
    )
    for task in tasks:
        open_tasks.setdefault(task.process_id, task)
    due_dates = []
    for process in processes:
        task = open_tasks.get(process.pk)
        node = task.flow_task if task is not None else None
        due_dates.append(node.due_on(process.subject) if isinstance(node, OfficerTask) else None)
    summaries = []
    for process, due in zip(processes, dues(due_dates), strict=True):
        line = process.inbox_line()
        due.stopped = process.clock_stopped
        step, holder = _step_and_holder(process, open_tasks.get(process.pk))
        summaries.append(ProcessSummary(line.reference, line.subject, line.kind, step, holder, due))
    return summaries
