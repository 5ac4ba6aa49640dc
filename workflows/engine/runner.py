"""Driving a flow from code: complete an officer's task, resume a waiting step, cancel a process."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.models import BureauProcess


def officer_task_complete(*, task: Task, by, decide, link: str = "application") -> None:
    """Claim (if free) and complete an officer's task outside a browser, e.g. from a command or a benchmark.

    `decide(subject)` calls the registry service of the step on the process's domain object (its
    `link`: application, evaluation...); the same permission checks as the task views apply, and the
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
        decide(getattr(BureauProcess.objects.get(pk=task.process_id), link))
        activation.execute()


def cancel_process(process) -> None:
    """Viewflow's own cancel: under the flow's lock, every open task cancelled, the process marked cancelled."""
    process.flow_class.instance.cancel(process)


def resume_waiting(link: str, subject, *nodes) -> None:
    """Run the open task, at one of `nodes`, of the process whose `link` (application, annual_report...) is `subject`.

    `subject` may be the object or its primary key.
    """
    task = Task.objects.select_related("process").get(
        **{f"process__bureauprocess__{link}": subject}, flow_task__in=list(nodes), status=STATUS.NEW
    )
    task.flow_task.run(task)
