"""Full ID numbers on request for the bureau's officers, and the log of who saw them for the section head."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from registry.models import RegistrationApplication
from registry.selectors import disclosures_visible_to
from registry.services.disclosure import id_numbers_disclose
from workflows.flows.registration import RegistrationFlow
from workflows.models import BureauProcess

PER_PAGE = 50


class IdNumbersView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: show the application's full ID numbers (each showing logged); GET shows nothing to log."""

    http_method_names = ["post"]
    permission_required = "registry.view_organization"
    viewset = None

    def post(self, request, pk):
        application = get_object_or_404(RegistrationApplication.objects.select_related("jurisdiction"), pk=pk)
        people = id_numbers_disclose(application=application, by=request.user)
        return render(
            request,
            "workflows/id_numbers.html",
            {"application": application, "people": people, "back": self.back_url(request, application)},
        )

    @staticmethod
    def back_url(request, application) -> str:
        """The task page the officer came from, or else the application's latest process."""
        back = request.POST.get("back", "")
        if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return back
        process = BureauProcess.objects.filter(application=application).order_by("-pk").first()
        if process is None:
            return reverse("work:index")
        return RegistrationFlow.instance.reverse("process_detail", args=[process.pk])


class DisclosureLogView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Who saw whose full ID number, for the bureaus where the user is the section head."""

    template_name = "workflows/id_disclosures.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(disclosures_visible_to(self.request.user), PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return context
