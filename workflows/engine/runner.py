"""Driving a flow from code: complete an officer's task, resume a waiting step, cancel a process."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.models import BureauProcess


def officer_task_complete(*, task: Task, by, decide) -> None:
    """Claim (if free) and complete an officer's task outside a browser, e.g. from a command or a benchmark.

    `decide(subject)` calls the registry service of the step on the process's domain object (the
    application, the evaluation...); the same permission checks as the task views apply, and the
    process row is locked while the step runs.
    """

    node = task.flow_task
    with node.flow_class.lock(task.process_id), transaction.atomic():
        task.refresh_from_db()
        activation = node.activation_class(task)
        if task.status == STATUS.NEW:
            if not node.can_assign(by, task):
                raise PermissionDenied(f"{by} cannot take task {task.pk}")
            activation.assign(by)
        if not node.can_execute(by, task):
            raise PermissionDenied(f"{by} cannot complete task {task.pk}")
        activation.start(None)
        decide(BureauProcess.objects.get(pk=task.process_id).subject)
        activation.execute()


def cancel_process(process) -> None:
    """Viewflow's own cancel: under the flow's lock, every open task cancelled, the process marked cancelled."""
    process.flow_class.instance.cancel(process)


def resume_waiting(subject, *nodes) -> None:
    """Run the open task, at one of `nodes` (of one flow), of the process whose domain object is `subject`.

    `subject` may be the object or its primary key.
    """
    link = nodes[0].flow_class.process_class.subject_field
    task = Task.objects.select_related("process").get(
        **{f"process__bureauprocess__{link}": subject}, flow_task__in=list(nodes), status=STATUS.NEW
    )
    task.flow_task.run(task)
