"""The officers' workspace pages that stand beside the Viewflow process views."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from registry.models import CalendarYear, OfficerAssignment


class OfficerHomeView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The workspace's front page: the bureaus and roles the officer works in."""

    template_name = "workflows/officer_home.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = OfficerAssignment.objects.filter(user=self.request.user).select_related("jurisdiction")
        # Deadlines opened now run into next year: warn while its holiday schedule is not loaded.
        next_year = timezone.localdate().year + 1
        context["calendar_missing_year"] = None if CalendarYear.objects.filter(year=next_year).exists() else next_year
        return context
