"""Public lookup of an application's progress by its file number and the query code on its receipt."""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from registry.ratelimit import client_address, seconds_to_wait
from registry.selectors import application_for_progress


class ProgressForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("申请编号"), max_length=30, help_text=gettext_lazy("如：310112-2026-000123")
    )
    code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=8,
        help_text=gettext_lazy("见受理回执"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def application_progress(request):
    """Stage and dates only: no names, ID numbers, officers or reasons, since anyone holding a receipt may look.

    The query code comes by POST, so it never appears in an address, a log or a browser's history; a link
    (the receipt's QR code) may fill in the file number only.
    """
    if request.method != "POST":
        form = ProgressForm(initial={"number": request.GET.get("number", "")[:30]})
        return render(request, "registry/progress.html", {"form": form, "application": None})
    form = ProgressForm(request.POST)
    application, status = None, 200
    wait = seconds_to_wait(
        scope="progress",
        address=client_address(request),
        limit=settings.REGISTRY["PROGRESS_LOOKUPS_PER_HOUR"],
        window_seconds=3600,
    )
    if wait:
        form.add_error(None, _("查询过于频繁，请%(minutes)d分钟后再试。") % {"minutes": wait // 60 + 1})
        status = 429
    elif form.is_valid():
        application = application_for_progress(
            reference=form.cleaned_data["number"], query_code=form.cleaned_data["code"]
        )
        if application is None:
            # The same answer for an unknown number and a wrong code: numbers cannot be probed.
            form.add_error(None, _("申请编号或查询码不正确。"))
            status = 404
    return render(request, "registry/progress.html", {"form": form, "application": application}, status=status)
