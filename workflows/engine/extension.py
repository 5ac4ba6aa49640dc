"""The section head's form to extend an application's period to decide (行政许可法 第四十二条), for any process
whose service takes the application, the officer and the reason."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from registry.choices import OfficerRole
from workflows.engine.access import visible_jurisdictions


class ExtendDeadlineView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: record the head's approval to extend the period to decide; back to the page the form was on.

    Subclasses name the `model`, the lookup from it to its bureau (`jurisdiction_lookup`) and the service
    (`extend`, a staticmethod) that checks the rules and records the extension."""

    http_method_names = ["post"]
    permission_required = "registry.view_organization"
    viewset = None
    model = None
    jurisdiction_lookup = "jurisdiction"
    extend = None

    def post(self, request, pk):
        jurisdictions = visible_jurisdictions(request.user, roles=[OfficerRole.APPROVER, OfficerRole.HEAD], below=False)
        scope = {f"{self.jurisdiction_lookup}__in": jurisdictions}
        application = get_object_or_404(self.model.objects.filter(**scope), pk=pk)
        try:
            self.extend(application=application, by=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("已延长办理期限：%(ref)s。") % {"ref": application.reference})
        back = request.POST.get("back", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("work:index")
