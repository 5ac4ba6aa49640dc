"""The applicant's pages of a community group: file it, correct and resubmit it, report once a year, cancel
it, and move it up to registration."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.models import CommunityGroup, CommunityGroupStatus
from registry.rules.idcards import mask_id_number
from registry.services import community as services
from registry.services.community_registration import community_group_move_up
from workflows.flows.community_filing.forms import CancelForm, FilingForm, MoveUpForm, ReportForm
from workflows.flows.community_filing.services import community_filing_submit

FORM_FIELDS = FilingForm.Meta.fields


def minimum_members() -> int:
    return settings.REGISTRY["COMMUNITY_MIN_MEMBERS"]


def _own(request, pk) -> CommunityGroup:
    group = get_object_or_404(CommunityGroup.objects.select_related("subdistrict__district", "hub"), pk=pk)
    if group.applicant_id != request.user.pk:
        raise Http404  # other people's filings do not exist for this user
    return group


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@login_required
def group_list(request):
    groups = CommunityGroup.objects.filter(applicant=request.user).select_related("subdistrict__district")
    return render(request, "workflows/community/portal_list.html", {"groups": groups})


def _save(request, form, group):
    """Save the draft and, when asked, submit it; returns the group or None when the form shows errors."""
    fields = {name: form.cleaned_data.get(name) for name in FORM_FIELDS}
    try:
        group = services.community_group_save(
            by=request.user, group=group, member_list=form.cleaned_data.get("member_list"), **fields
        )
        if request.POST.get("action") == "submit":
            group = community_filing_submit(group=group, by=request.user)
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return None
    if group.status == CommunityGroupStatus.SUBMITTED:
        messages.success(
            request,
            _("已提交备案，%(street)s将在%(due)s前办理。")
            % {"street": group.subdistrict.name, "due": group.due_on.strftime("%Y-%m-%d")},
        )
    else:
        messages.success(request, _("草稿已保存。"))
    return group


@login_required
def group_new(request):
    form = FilingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        group = _save(request, form, None)
        if group is not None:
            return redirect("portal_community_group", pk=group.pk)
    return render(
        request, "workflows/community/portal_form.html", {"form": form, "group": None, "minimum": minimum_members()}
    )


@login_required
def group_detail(request, pk):
    group = _own(request, pk)
    editable = group.status in services.EDITABLE
    form = None
    if editable:
        form = FilingForm(request.POST or None, request.FILES or None, instance=group)
        if request.method == "POST" and form.is_valid():
            # The form changed its instance while validating: the service reads its own copy from the database.
            saved = _save(request, form, CommunityGroup.objects.get(pk=group.pk))
            if saved is not None:
                return redirect("portal_community_group", pk=saved.pk)
        if request.method == "POST":
            group.refresh_from_db()
        return render(
            request,
            "workflows/community/portal_form.html",
            {"form": form, "group": group, "minimum": minimum_members()},
        )
    if request.method == "POST":
        raise Http404
    context = {
        "group": group,
        "masked_id": mask_id_number(group.responsible_id_number),
        "events": group.events.select_related("by"),
        "reports": group.reports.all(),
        "report_years": services.report_years_open(group),
        "move_up_form": MoveUpForm(),
        "cancel_form": CancelForm(),
        "create_token": uuid.uuid4(),
    }
    return render(request, "workflows/community/portal_detail.html", context)


@login_required
def group_report(request, pk):
    group = _own(request, pk)
    years = services.report_years_open(group)
    if not years:
        messages.info(request, _("目前没有需要报送的年度活动报告。"))
        return redirect("portal_community_group", pk=group.pk)
    form = ReportForm(request.POST or None, years=years, initial={"member_count": group.member_count})
    if request.method == "POST" and form.is_valid():
        try:
            services.community_report_submit(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("%(year)s年度活动报告已报送。") % {"year": form.cleaned_data["year"]})
            return redirect("portal_community_group", pk=group.pk)
    return render(request, "workflows/community/portal_report.html", {"group": group, "form": form})


@login_required
@require_POST
def group_cancel(request, pk):
    group = _own(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选确认后再注销备案。"))
        return redirect("portal_community_group", pk=group.pk)
    try:
        services.community_group_cancel(group=group, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已注销备案。"))
    return redirect("portal_community_group", pk=group.pk)


@login_required
@require_POST
def group_move_up(request, pk):
    group = _own(request, pk)
    form = MoveUpForm(request.POST)
    try:
        token = uuid.UUID(request.POST.get("create_token", ""))
    except ValueError:
        token = uuid.uuid4()
    if not form.is_valid():
        messages.error(request, _("请选择拟登记的组织类型。"))
        return redirect("portal_community_group", pk=group.pk)
    try:
        application = community_group_move_up(
            group=group, by=request.user, org_type=form.cleaned_data["org_type"], create_token=token
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("portal_community_group", pk=group.pk)
    messages.success(request, _("已根据备案信息生成登记申请草稿，请核对、补充后提交。"))
    return redirect("portal_application_step", pk=application.pk, step="particulars")
