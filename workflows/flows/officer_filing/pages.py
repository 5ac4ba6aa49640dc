"""Officers' pages outside the step: the full ID numbers of a filing's people, on request, each showing logged."""

from types import SimpleNamespace

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from registry.models import OfficerFiling
from registry.selectors import Disclosed
from registry.services.disclosure import people_disclose


class FilingIdNumbersView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: show the full ID numbers of the people a filing names, to an officer of its bureau (logged)."""

    http_method_names = ["post"]
    permission_required = "registry.view_organization"
    viewset = None

    def post(self, request, pk):
        filing = get_object_or_404(OfficerFiling.objects.select_related("organization__jurisdiction"), pk=pk)
        organization = filing.organization
        people = [Disclosed(change.title, change.name, change.id_number) for change in filing.changes.all()]
        try:
            people_disclose(
                people=people, jurisdiction=organization.jurisdiction, case_reference=filing.reference, by=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        back = request.POST.get("back", "")
        if not (back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
            back = reverse("work:index")
        # The page the registration files use, naming this filing as their case.
        case = SimpleNamespace(
            name=organization.name, reference=filing.reference, jurisdiction=organization.jurisdiction
        )
        return render(request, "workflows/id_numbers.html", {"application": case, "people": people, "back": back})
