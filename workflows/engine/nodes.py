"""Flow nodes for officers' tasks: scoped to one role at the process's jurisdiction, and safe under races."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from viewflow.workflow import flow
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.flow import utils
from viewflow.workflow.flow.views import AssignTaskView
from viewflow.workflow.status import STATUS

from registry.choices import OfficerRole
from registry.services.policy import role_permission
from workflows.engine.access import process_jurisdiction

logger = logging.getLogger(__name__)


def _conflict_safe(node, wrapped):
    """Turn "someone else got there first" into a message and a way back, not a bare 403."""

    def view(request, *args, **kwargs):
        try:
            return wrapped(request, *args, **kwargs)
        except (PermissionDenied, FlowLockFailed, OperationalError) as exc:
            # OperationalError: the database refused a concurrent write (SQLite "database is locked",
            # a PostgreSQL lock timeout or deadlock); the step's transaction has been rolled back.
            task = node.flow_class.task_class.objects.filter(pk=kwargs.get("task_pk")).first()
            if task is None or not request.user.is_authenticated:
                raise
            if request.method in ("GET", "HEAD") and task.status == STATUS.DONE and node.can_view(request.user, task):
                # A reload or a bookmark of a step already done: say so plainly, with the way to the process.
                return _task_done(request, node, task)
            taken = task.status in (STATUS.DONE, STATUS.CANCELED) or (
                task.owner_id is not None and task.owner_id != request.user.pk
            )
            if isinstance(exc, (FlowLockFailed, OperationalError)):
                messages.warning(request, _("该任务正在由其他工作人员办理，请稍后刷新再试。"))
            elif taken and node.can_view(request.user, task):
                messages.warning(request, _("该任务已由其他工作人员认领或办结，您的操作未生效。"))
            else:
                raise
            logger.info("task %s: %s lost a race (%s)", task.pk, request.user, exc)
            return redirect("work:index")

    view.__name__ = getattr(wrapped, "__name__", "view")
    return view


def _task_done(request, node, task):
    return render(
        request,
        "workflows/task_done.html",
        {
            "task": task,
            "task_url": node.reverse("detail", args=[task.process_id, task.pk]),
            "process_url": node.flow_class.instance.reverse("process_detail", args=[task.process_id]),
        },
    )


class ClaimTaskView(AssignTaskView):
    """Claim the task and go straight to working on it."""

    def get_success_url(self):
        task = self.request.activation.task
        return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


class OfficerTask(flow.View):
    """A human step done by an officer of `role` at the jurisdiction of the process."""

    assign_view_class = ClaimTaskView

    def __init__(self, view, *, role: str, due: str, **kwargs):
        super().__init__(view, **kwargs)
        self.role = OfficerRole(role)
        # Lookup from the process to the date this step is due, e.g. "application__decision_due_on".
        self.due = due
        self.Permission(role_permission(role), obj=process_jurisdiction)

    def due_on(self, subject):
        """This step's due date, read from the process's domain object (`subject`) through `due`."""
        return getattr(subject, self.due.split("__", 1)[1], None)

    def can_execute(self, user, task):
        # The owner must still hold the role here: a transferred officer cannot finish old tasks.
        return super().can_execute(user, task) and self.can_hold(user, task)

    def can_hold(self, user, task) -> bool:
        """Whether `user` may work this task at all (role at the task's jurisdiction)."""
        if user is None or not user.is_authenticated:
            return False
        return user.has_perm(task.owner_permission, obj=process_jurisdiction(task.process))

    def can_assign(self, user, task):
        return task.owner_id is None and self.can_hold(user, task)

    @property
    def view_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/execute/",
            _conflict_safe(self, utils.wrap_view(self, self.view)),
            name="execute",
        )

    @property
    def assign_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/assign/",
            _conflict_safe(self, utils.wrap_task_view(self, self.assign_view, permission=self.can_assign)),
            name="assign",
        )
