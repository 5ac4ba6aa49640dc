"""Viewflow's per-flow pages, each list narrowed to the officer's own jurisdictions and showing what a person
recognises: the file number, the organization, the current step, who holds it and its deadline."""

from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.utils import viewprop
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow.views import DashboardProcessListView, DashboardTaskListView, DetailProcessView
from viewflow.workflow.flow.views.filters import DashboardTaskListViewFilter
from viewflow.workflow.flow.viewset import FlowViewset

from registry.rules.display import local_date
from registry.templatetags.people import person_name
from workflows.engine.access import visible_processes
from workflows.engine.summary import process_summaries


def _due_cell(due) -> str:
    if due.on is None:
        return "—"
    text = local_date(due.on)
    if due.stopped:
        return format_html("{}<div>{}</div>", text, _("补正中，停止计时"))
    if due.overdue:
        return format_html('{}<div class="reg-overdue">{}</div>', text, _("已超期"))
    return text


def _column(label):
    def decorate(method):
        method.short_description = label
        return method

    return decorate


class SummaryColumns:
    """Columns read from each row's process summary (`row_process` names the row's process)."""

    def row_process(self, row):
        return row

    def summarise(self, rows):
        rows = list(rows)
        processes = [self.row_process(row) for row in rows]
        for row, summary in zip(rows, process_summaries(processes), strict=True):
            row.summary = summary
        return rows

    def get_page_data(self, page):
        return super().get_page_data(self.summarise(page))

    @_column(gettext_lazy("名称"))
    def organization(self, row):
        return format_html("{}<div class='muted'>{}</div>", row.summary.organization, row.summary.kind)

    @_column(gettext_lazy("期限"))
    def deadline(self, row):
        return _due_cell(row.summary.due)


class JurisdictionProcessListView(SummaryColumns, DashboardProcessListView):
    """The flow's processes, only those of the officer's jurisdictions."""

    columns = ("reference", "organization", "current_step", "holder", "deadline", "created")
    object_link_columns = ()

    def get_queryset(self):
        related = self.flow_class.process_class.inbox_related
        queryset = super().get_queryset().select_related("jurisdiction", *related)
        return visible_processes(self.request.user, queryset).order_by("-created")

    @_column(gettext_lazy("编号"))
    def reference(self, process):
        url = self.request.resolver_match.flow_viewset.reverse("process_detail", args=[process.pk])
        return format_html('<a href="{}">{}</a>', url, process.summary.reference)

    @_column(gettext_lazy("当前环节"))
    def current_step(self, process):
        return process.summary.step

    @_column(gettext_lazy("承办人"))
    def holder(self, process):
        return process.summary.holder or "—"


class TaskFilter(DashboardTaskListViewFilter):
    """The flow's steps by their Chinese titles, not their code names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nodes = {get_task_ref(node): node for node in self.queryset.values_list("flow_task", flat=True).distinct()}
        self.filters["flow_task"].field.choices = [
            (ref, str(node.task_title or node.name)) for ref, node in sorted(nodes.items())
        ]


class JurisdictionTaskListView(SummaryColumns, DashboardTaskListView):
    """The flow's tasks, only those of the officer's jurisdictions."""

    columns = ("task_reference", "organization", "step", "owner_name", "deadline", "created", "status")
    object_link_columns = ()
    filterset_class = TaskFilter

    def row_process(self, task):
        return task.bureau_process

    @viewprop
    def queryset(self):
        queryset = super().queryset.select_related("owner")
        user = self.request.user
        if user.is_superuser:
            return queryset
        return queryset.filter(process__in=visible_processes(user, self.flow_class.process_class.objects.all()))

    def summarise(self, rows):
        rows = list(rows)
        process_class = self.flow_class.process_class
        processes = process_class.objects.select_related("jurisdiction", *process_class.inbox_related).in_bulk(
            {task.process_id for task in rows}
        )
        for task in rows:
            task.bureau_process = processes[task.process_id]
        return super().summarise(rows)

    @_column(gettext_lazy("编号"))
    def task_reference(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, task.summary.reference)

    @_column(gettext_lazy("环节"))
    def step(self, task):
        return str(task.flow_task.task_title or task.flow_task.name)

    @_column(gettext_lazy("期限"))
    def deadline(self, task):
        return "—" if task.finished else _due_cell(task.summary.due)

    @_column(gettext_lazy("经办人"))
    def owner_name(self, task):
        return person_name(task.owner) or "—"


class ProcessPageView(DetailProcessView):
    """One process: what it is about, where it stands, and each step with who did it."""

    template_name = "workflows/process_detail.html"

    def get_queryset(self):
        related = self.flow_class.process_class.inbox_related
        return super().get_queryset().select_related("jurisdiction", *related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        context["task_list"] = context["task_list"].select_related("owner")
        context["can_cancel"] = process.status == "NEW" and self.flow_class.instance.has_manage_permission(
            self.request.user, obj=process
        )
        return context


class BureauFlowViewset(FlowViewset):
    """A flow in the officers' site; the start page is the (scoped) process list, not the global dashboard."""

    process_list_view_class = JurisdictionProcessListView
    task_list_view_class = JurisdictionTaskListView
    process_detail_view_class = ProcessPageView

    @property
    def index_path(self):
        return path("", self.process_list_view, name="index")
