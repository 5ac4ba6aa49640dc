"""The street office's or town's pages: its filings (and no other street's), the decision on a submitted filing,
the groups that have not reported on last year, and cancellation by the officer."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.models import CommunityGroupStatus
from registry.selectors.community import officer_subdistricts, street_groups
from registry.services import community as services
from registry.services.community import member_list_path, reports_missing
from registry.views.downloads import uploaded_file_response
from workflows.engine.dues import dues
from workflows.flows.community_filing.forms import DecisionForm
from workflows.flows.community_filing.services import community_filing_decide


def _street_officer(request):
    if not officer_subdistricts(request.user).exists():
        raise PermissionDenied(_("您不是街道（乡镇）的工作人员。"))


def _group(request, pk):
    _street_officer(request)
    return get_object_or_404(street_groups(request.user).select_related("subdistrict__district", "hub"), pk=pk)


@login_required
def groups(request):
    """The street's filings: waiting first (with working days left), then the others."""
    _street_officer(request)
    mine = street_groups(request.user).select_related("subdistrict")
    status = request.GET.get("status", "")
    if status in CommunityGroupStatus.values:
        mine = mine.filter(status=status)
    waiting = list(mine.filter(status=CommunityGroupStatus.SUBMITTED).order_by("due_on", "pk"))
    others = mine.exclude(status=CommunityGroupStatus.SUBMITTED).order_by("-filed_on", "name")
    context = {
        "waiting": list(zip(waiting, dues([group.due_on for group in waiting]), strict=True)),
        "others": others,
        "subdistricts": officer_subdistricts(request.user),
        "statuses": CommunityGroupStatus.choices[1:],
        "status": status,
    }
    return render(request, "workflows/community/officer_list.html", context)


@login_required
def group(request, pk):
    group = _group(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            community_filing_decide(group=group, by=request.user, decision=data["decision"], reasons=data["reasons"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "reasons" in exc.error_dict:
                form.add_error("reasons", exc.error_dict["reasons"])
            else:
                form.add_error(None, exc.messages)
        else:
            group.refresh_from_db()
            if group.status == CommunityGroupStatus.FILED:
                messages.success(
                    request,
                    _("已备案：%(name)s，备案编号 %(number)s。") % {"name": group.name, "number": group.filing_number},
                )
            else:
                messages.success(request, _("已退回修改：%(name)s。") % {"name": group.name})
            return redirect("community_officer_groups")
    context = {
        "group": group,
        "form": form,
        "due": dues([group.due_on])[0] if group.status == CommunityGroupStatus.SUBMITTED else None,
        "events": group.events.select_related("by"),
        "reports": group.reports.all(),
    }
    return render(request, "workflows/community/officer_group.html", context)


@login_required
@require_POST
def group_cancel(request, pk):
    group = _group(request, pk)
    if request.POST.get("confirmed") != "yes":
        messages.error(request, _("请勾选确认后再注销备案。"))
        return redirect("community_officer_group", pk=group.pk)
    try:
        services.community_group_cancel(group=group, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已注销备案：%(name)s。") % {"name": group.name})
    return redirect("community_officer_group", pk=group.pk)


@login_required
def member_list(request, pk):
    group = _group(request, pk)
    path = member_list_path(group)
    if path is None or not path.exists():
        raise Http404
    content_type = mimetypes.guess_type(group.member_list_stored)[0] or "application/octet-stream"
    return uploaded_file_response(path, content_type=content_type, filename=group.member_list_name)


@login_required
def reports(request):
    """The street's filed groups that have not reported on a year (last year by default)."""
    _street_officer(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    year = min(max(year, 2000), today.year - 1)
    groups = street_groups(request.user)
    context = {
        "year": year,
        "years": list(range(today.year - 1, today.year - 6, -1)),
        "missing": reports_missing(groups, year=year).select_related("subdistrict"),
        "received": groups.filter(reports__year=year).distinct().select_related("subdistrict").order_by("name"),
    }
    return render(request, "workflows/community/officer_reports.html", context)
