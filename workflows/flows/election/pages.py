"""Officers' pages outside the steps: organizations overdue for an election (with reminders and rectification
orders), and the files an election filing carries."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from registry.models import Election, Organization
from registry.rules.elections import escalation_from
from registry.selectors import officer_jurisdictions, overdue_elections, supervision_jurisdictions
from registry.services.elections import election_file_path, election_rectification_order, election_remind
from registry.views.downloads import uploaded_file_response


class OverdueElectionsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Organizations in my bureaus whose term ended without an election: remind, then order rectification."""

    template_name = "workflows/election/overdue.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        grace = settings.REGISTRY["ELECTION_REMINDER_GRACE_DAYS"]
        rows = overdue_elections(jurisdictions=supervision_jurisdictions(self.request.user), today=today)
        context["rows"] = [
            (row, escalation_from(row.reminder.sent_on, grace_days=grace) if row.reminder else None) for row in rows
        ]
        context.update(today=today, grace_days=grace)
        return context

    def post(self, request, *args, **kwargs):
        organization = get_object_or_404(
            Organization.objects.filter(jurisdiction__in=supervision_jurisdictions(request.user)),
            pk=request.POST.get("organization") or 0,
        )
        try:
            if request.POST.get("action") == "rectify":
                rectification = election_rectification_order(organization=organization, by=request.user)
                messages.success(
                    request,
                    _("已责令%(name)s限期整改（%(reference)s）。")
                    % {"name": organization.name, "reference": rectification.reference},
                )
            else:
                election_remind(organization=organization, by=request.user, text=request.POST.get("text", ""))
                messages.success(request, _("已向%(name)s发出换届提醒。") % {"name": organization.name})
        except (ValidationError, PermissionDenied) as exc:
            for error in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                messages.error(request, error)
        return redirect("work:overdue_elections")


class ElectionFileView(LoginRequiredMixin, View):
    """An election filing's election record or audit report, for the officers of its bureau (others: not found)."""

    viewset = None

    def get(self, request, pk, kind):
        if kind not in ("minutes", "audit"):
            raise Http404
        election = get_object_or_404(
            Election.objects.filter(organization__jurisdiction__in=officer_jurisdictions(request.user)), pk=pk
        )
        stored = getattr(election, f"{kind}_stored_name")
        path = election_file_path(stored) if stored else None
        if path is None or not path.exists():
            raise Http404
        return uploaded_file_response(
            path, content_type="application/pdf", filename=getattr(election, f"{kind}_original_name")
        )
