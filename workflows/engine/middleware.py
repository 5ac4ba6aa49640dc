"""Checks every Viewflow URL that names a process before its view runs."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from viewflow.workflow.models import Task

from workflows.engine.access import can_see_process
from workflows.models import BureauProcess


class ProcessScopeMiddleware:
    """A URL with a process must name one that exists, that the officer may see, and a task of that process.

    Viewflow locks the process given in the URL, then loads the task by its own key: a task paired with
    another process would be worked under the wrong lock. Its chart and detail pages also take any
    process number. Checking here covers every node and page of every flow at once.
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
        if task_pk is not None and not Task.objects.filter(pk=task_pk, process_id=process_pk).exists():
            raise Http404
        if not can_see_process(request.user, process):
            raise PermissionDenied
        return None
