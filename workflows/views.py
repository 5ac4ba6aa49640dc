"""The officers' workspace: my inbox and queue across flows, with deadlines in working days."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView
from viewflow.workflow.status import STATUS

from registry.choices import OfficerRole
from registry.models import CalendarYear, Certificate, IndexTask, OfficerAssignment
from registry.services.dormancy import dormancy_case_dismiss
from workflows.selectors import dormancy_candidates, dues, inspection_progress, officer_tasks
from workflows.services import dormancy_case_start

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
            process = task.process.bureauprocess
            application, case, report = process.application, process.dormancy_case, process.annual_report
            evaluation, penalty_case = process.evaluation, process.penalty_case
            due.stopped = application is not None and application.clock_stopped_on is not None
            task.due = due
            if application is not None:
                task.reference, task.subject, task.kind = (
                    application.reference,
                    application.name,
                    application.get_kind_display(),
                )
            elif case is not None:
                task.reference, task.subject, task.kind = case.reference, case.organization.name, _("清理整顿")
            elif penalty_case is not None:
                task.reference, task.subject = penalty_case.reference, penalty_case.organization.name
                task.kind = _("行政处罚")
            elif evaluation is not None:
                task.reference, task.subject = evaluation.reference, evaluation.organization.name
                task.kind = evaluation.round.title
            else:
                task.reference, task.subject = report.reference, report.organization.name
                task.kind = _("%(year)d年度年检") % {"year": report.year}
            task.mine = task.owner_id == user.pk
            args = [task.process_id, task.pk]
            task.execute_url = task.flow_task.reverse("execute", args=args)
            task.assign_url = task.flow_task.reverse("assign", args=args)
            task.unassign_url = task.flow_task.reverse("unassign", args=args)
            task.detail_url = task.flow_task.reverse("detail", args=args)
        context.update(page=page, rows=rows, show=show, STATUS=STATUS)
        # Deadlines opened now run into next year: warn while its holiday schedule is not loaded.
        next_year = timezone.localdate().year + 1
        context["calendar_missing_year"] = None if CalendarYear.objects.filter(year=next_year).exists() else next_year
        # Side effects that failed and wait for a retry: staff should know search or certificates lag.
        context["index_failures"] = IndexTask.objects.filter(attempts__gt=0).count()
        context["render_failures"] = Certificate.objects.filter(file_sha256="").exclude(render_error="").count()
        return context


class DormancyCandidatesView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The sweep's candidates in my jurisdictions: open a case with its public notice, or dismiss it."""

    template_name = "workflows/dormancy/candidates.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(dormancy_candidates(self.request.user), PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(page=page, notice_days=settings.REGISTRY["DORMANCY_NOTICE_DAYS"])
        return context

    def post(self, request, *args, **kwargs):
        case_id = request.POST.get("case", "")
        if not case_id.isdigit():
            raise Http404
        case = get_object_or_404(dormancy_candidates(request.user), pk=int(case_id))
        try:
            if request.POST.get("action") == "dismiss":
                dormancy_case_dismiss(case=case, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("已排除：%(name)s。") % {"name": case.organization.name})
            else:
                dormancy_case_start(case=case, by=request.user)
                messages.success(request, _("已立案并公示：%(name)s。") % {"name": case.organization.name})
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        return redirect(request.path)


PROGRESS_COLUMNS = [
    ("due", _lazy("应检")),
    ("submitted", _lazy("已报送")),
    ("reviewed", _lazy("已审核")),
    ("passed", _lazy("合格")),
    ("basic", _lazy("基本合格")),
    ("failed", _lazy("不合格")),
    ("missing", _lazy("逾期未报")),
]


class InspectionProgressView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Annual inspection progress per jurisdiction of the officer: numbers, a bar chart, and an Excel export."""

    template_name = "workflows/annual/progress.html"
    permission_required = "registry.view_organization"
    viewset = None

    def year(self) -> int:
        try:
            return int(self.request.GET.get("year", ""))
        except ValueError:
            return timezone.localdate().year - 1

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(inspection_progress(request.user, self.year()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year(), rows=inspection_progress(self.request.user, self.year()), columns=PROGRESS_COLUMNS
        )
        return context

    def excel(self, rows):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self.year())
        sheet.append(
            [str(_("登记管理机关")), str(_("行政区划代码"))] + [str(label) for _key, label in PROGRESS_COLUMNS]
        )
        for row in rows:
            sheet.append([row["name"], row["code"]] + [row[key] for key, _label in PROGRESS_COLUMNS])
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="annual-inspection-{self.year()}.xlsx"'
        workbook.save(response)
        return response
