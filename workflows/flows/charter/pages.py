"""Officers' pages of charter approval outside the steps: extending the period to decide."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from registry.choices import OfficerRole
from registry.models import CharterApplication
from registry.services.charter_review import charter_extend
from workflows.engine.access import visible_jurisdictions


class ExtendView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: the section head records the head's approval to extend the period to decide (行政许可法 第四十二条)."""

    http_method_names = ["post"]
    permission_required = "registry.view_organization"
    viewset = None

    def post(self, request, pk):
        jurisdictions = visible_jurisdictions(request.user, roles=[OfficerRole.APPROVER, OfficerRole.HEAD], below=False)
        application = get_object_or_404(CharterApplication.objects.filter(jurisdiction__in=jurisdictions), pk=pk)
        try:
            charter_extend(application=application, by=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("已延长办理期限：%(ref)s。") % {"ref": application.reference})
        back = request.POST.get("back", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("work:index")
