"""Officers' page of organizations that look dormant, where a cleanup case is opened or dismissed."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from registry.services.dormancy import dormancy_case_dismiss
from workflows.flows.dormancy.selectors import dormancy_candidates
from workflows.flows.dormancy.services import dormancy_case_start

PER_PAGE = 50


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
        action = request.POST.get("action")
        if action == "open" and request.POST.get("confirmed") != "yes":
            # Opening a case publishes a notice about the organization at once: say so, and ask first.
            days = settings.REGISTRY["DORMANCY_NOTICE_DAYS"]
            return render(
                request,
                "workflows/dormancy/confirm_open.html",
                {
                    "case": case,
                    "notice_days": days,
                    "notice_ends_on": timezone.localdate() + datetime.timedelta(days=days),
                },
            )
        try:
            if action == "dismiss":
                dormancy_case_dismiss(case=case, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("已排除：%(name)s。") % {"name": case.organization.name})
            else:
                dormancy_case_start(case=case, by=request.user)
                messages.success(request, _("已立案并公示：%(name)s。") % {"name": case.organization.name})
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        return redirect(request.path)
