"""The officers' workspace: my inbox and queue across flows, with deadlines in working days."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView
from viewflow.workflow.status import STATUS

from registry.choices import OfficerRole
from registry.models import Certificate, IndexTask, OfficerAssignment
from registry.selectors import unpublished_years
from registry.selectors.purchase import units_for
from registry.selectors.purchase_delivery import purchaser_workload
from workflows.engine.dues import dues
from workflows.inbox.selectors import officer_tasks

PER_PAGE = 50


class OfficerHomeView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Tasks I hold and tasks of my roles in my jurisdictions waiting to be claimed; overdue ones first."""

    template_name = "workflows/officer_home.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["assignments"] = OfficerAssignment.objects.filter(user=user).select_related("jurisdiction")
        context["purchasing_units"] = units_for(user)
        if context["purchasing_units"]:
            context["purchaser_workload"] = purchaser_workload(user)
        # Section heads read who saw full ID numbers at their bureau.
        context["heads_bureau"] = user.is_superuser or any(
            a.role == OfficerRole.APPROVER for a in context["assignments"]
        )
        show = self.request.GET.get("show", "all")
        tasks = officer_tasks(user)
        if show == "mine":
            tasks = tasks.filter(owner=user)
        elif show == "queue":
            tasks = tasks.filter(status=STATUS.NEW)
        page = Paginator(tasks, PER_PAGE).get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        for task, due in zip(rows, dues([t.due_on for t in rows]), strict=True):
            process = task.coerced_process
            due.stopped = process.clock_stopped
            task.due = due
            line = process.inbox_line()
            task.reference, task.subject, task.kind = line.reference, line.subject, line.kind
            task.mine = task.owner_id == user.pk
            args = [task.process_id, task.pk]
            task.execute_url = task.flow_task.reverse("execute", args=args)
            task.assign_url = task.flow_task.reverse("assign", args=args)
            task.unassign_url = task.flow_task.reverse("unassign", args=args)
            task.detail_url = task.flow_task.reverse("detail", args=args)
        context.update(page=page, rows=rows, show=show, STATUS=STATUS)
        # Deadlines opened now run into next year, and those on this page may run further: warn about the first
        # year among them whose holiday schedule is not loaded (DOMAIN: count weekends only and warn officers).
        today = timezone.localdate()
        latest = max([today.replace(month=12, day=31), *(task.due.on for task in rows if task.due.on)])
        missing = unpublished_years(today, max(latest, today.replace(year=today.year + 1, month=1, day=1)))
        context["calendar_missing_year"] = missing[0] if missing else None
        # Side effects that failed and wait for a retry: staff should know search or certificates lag.
        context["index_failures"] = IndexTask.objects.filter(attempts__gt=0).count()
        context["render_failures"] = Certificate.objects.filter(file_sha256="").exclude(render_error="").count()
        return context
