"""Viewflow's per-flow pages, each list narrowed to the officer's own jurisdictions."""

from django.urls import path
from viewflow.utils import viewprop
from viewflow.workflow.flow.views import DashboardProcessListView, DashboardTaskListView
from viewflow.workflow.flow.viewset import FlowViewset

from workflows.engine.access import visible_processes


class JurisdictionProcessListView(DashboardProcessListView):
    """The flow's processes, only those of the officer's jurisdictions."""

    def get_queryset(self):
        return visible_processes(self.request.user, super().get_queryset()).order_by("-created")


class JurisdictionTaskListView(DashboardTaskListView):
    """The flow's tasks, only those of the officer's jurisdictions."""

    @viewprop
    def queryset(self):
        queryset = super().queryset
        user = self.request.user
        if user.is_superuser:
            return queryset
        return queryset.filter(process__in=visible_processes(user, self.flow_class.process_class.objects.all()))


class BureauFlowViewset(FlowViewset):
    """A flow in the officers' site; the start page is the (scoped) process list, not the global dashboard."""

    process_list_view_class = JurisdictionProcessListView
    task_list_view_class = JurisdictionTaskListView

    @property
    def index_path(self):
        return path("", self.process_list_view, name="index")
