"""Checks every Viewflow URL that names a process before its view runs."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from viewflow.workflow.models import Task

from workflows.engine.access import can_see_process
from workflows.models import BureauProcess


def _is_node_of(task, request) -> bool:
    """The URL names the task's own step (`.../<process>/<node>/<task>/...`, namespace `work:<flow>:<node>`).

    Viewflow checks the permission and shows the form of the node in the URL, not of the task: the review
    task opened under the acceptance step's URL would be claimed and worked as an acceptance.
    """
    match = request.resolver_match
    node = match.namespaces[-1] if match is not None and match.namespaces else None
    flow_task = task.flow_task
    return flow_task is not None and node == flow_task.name


class ProcessScopeMiddleware:
    """A URL with a process must name one that exists, that the officer may see, and a task of that process
    and of the step the URL names.

    Viewflow locks the process given in the URL, then loads the task by its own key: a task paired with
    another process would be worked under the wrong lock, and a task under another step's URL would be
    worked with that step's permission and form. Its chart and detail pages also take any process number.
    Checking here covers every node and page of every flow at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        process_pk = view_kwargs.get("process_pk")
        if process_pk is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        process = BureauProcess.objects.select_related("jurisdiction").filter(pk=process_pk).first()
        if process is None:
            raise Http404
        task_pk = view_kwargs.get("task_pk")
        if task_pk is not None:
            task = Task.objects.filter(pk=task_pk, process_id=process_pk).first()
            if task is None or not _is_node_of(task, request):
                raise Http404
        if not can_see_process(request.user, process):
            raise PermissionDenied
        return None
