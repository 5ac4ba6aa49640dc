"""Officers' pages of daily supervision: spot-check campaigns (双随机一公开), complaints (投诉举报) and the
rectifications they ordered. Each page shows only the officer's own bureaus' records (supervision roles)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from registry.choices import Grade, OfficerRole, OrgStatus, OrgType
from registry.models import (
    CampaignStatus,
    CheckResult,
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    Rectification,
    RectificationStatus,
    SpotCheck,
    SpotCheckCampaign,
    SupervisionFile,
)
from registry.rules.annual import InspectionResult
from registry.rules.complaints import MAX_EXTENSION_DAYS, is_overdue, mask_email, mask_mobile, mask_name
from registry.rules.spotchecks import MIN_INSPECTORS_PER_CHECK
from registry.selectors import supervision_jurisdictions
from registry.services import complaints as complaint_services
from registry.services import spotchecks as spotcheck_services
from registry.services.policy import is_section_head
from registry.services.supervision import file_path, rectification_review
from registry.views.downloads import uploaded_file_response


def _refusals(exc) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


class SupervisionPage(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """An officer page: signed in, an officer (reads the register), records of their own bureaus only."""

    permission_required = "registry.view_organization"
    viewset = None

    def jurisdictions(self):
        return supervision_jurisdictions(self.request.user)


# --- Spot-check campaigns -----------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(label=gettext_lazy("登记管理机关"), queryset=None)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=120)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    org_type = forms.ChoiceField(label=gettext_lazy("组织类型"), required=False)
    org_status = forms.ChoiceField(label=gettext_lazy("登记状态"), required=False)
    grade = forms.ChoiceField(label=gettext_lazy("评估等级"), required=False)
    last_inspection_result = forms.ChoiceField(label=gettext_lazy("最近年检结论"), required=False)
    founded_before = forms.DateField(
        label=gettext_lazy("成立登记早于"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    sample_size = forms.IntegerField(label=gettext_lazy("抽取数量"), required=False, min_value=1)
    sample_percent = forms.IntegerField(
        label=gettext_lazy("或抽取比例（%）"), required=False, min_value=1, max_value=100
    )
    inspectors_per_check = forms.IntegerField(
        label=gettext_lazy("每户检查人员数"),
        min_value=MIN_INSPECTORS_PER_CHECK,
        max_value=5,
        initial=MIN_INSPECTORS_PER_CHECK,
        help_text=gettext_lazy("现场检查不得少于2人"),
    )
    periodic = forms.BooleanField(
        label=gettext_lazy("定期抽查"),
        required=False,
        help_text=gettext_lazy("定期抽查的抽取数量不少于本机关登记的社会组织总数的法定比例（区县3%、市4%、省5%）"),
    )
    # Shown only when the bureau has fewer inspectors than each check needs (see clean()).
    accept_shortage = forms.BooleanField(
        label=gettext_lazy("检查人员不足，仍然保存（抽取前须增派检查人员或调整每户检查人员数）"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, jurisdictions=None, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("不限"))]
        self.campaign = campaign
        if campaign is not None:
            del self.fields["jurisdiction"]  # a campaign stays with its bureau
        else:
            self.fields["jurisdiction"].queryset = jurisdictions
        self.fields["org_type"].choices = anything + list(OrgType.choices)
        self.fields["org_status"].choices = anything + list(OrgStatus.choices)
        self.fields["grade"].choices = anything + [("none", _("未评估"))] + [(g, g) for g in Grade.values]
        self.fields["last_inspection_result"].choices = anything + list(InspectionResult.choices)

    def clean(self):
        """Warn, before saving, of a campaign whose draw cannot be made with the bureau's inspectors."""
        cleaned = super().clean()
        jurisdiction = self.campaign.jurisdiction if self.campaign else cleaned.get("jurisdiction")
        per_check = cleaned.get("inspectors_per_check")
        if jurisdiction is None or not per_check:
            return cleaned
        shortfall = spotcheck_services.inspector_shortfall(jurisdiction=jurisdiction, per_check=per_check)
        if shortfall and not cleaned.get("accept_shortage"):
            self.fields["accept_shortage"].widget = forms.CheckboxInput()
            raise ValidationError(
                _(
                    "%(bureau)s目前只有 %(count)d 名检查人员（年检监管岗），少于每户检查人员数 %(per)d 名："
                    "按此设置无法抽取。请先增派检查人员，或调整每户检查人员数；如仍要保存，请勾选下方“仍然保存”。"
                )
                % {"bureau": jurisdiction.authority_display, "count": per_check - shortfall, "per": per_check}
            )
        cleaned.pop("accept_shortage", None)
        return cleaned


class CampaignListView(SupervisionPage):
    """The bureau's spot-check campaigns and a form to create one."""

    template_name = "workflows/supervision/campaigns.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        jurisdictions = self.jurisdictions()
        context["campaigns"] = (
            SpotCheckCampaign.objects.filter(jurisdiction__in=jurisdictions)
            .select_related("jurisdiction")
            .annotate(total=Count("checks"), recorded=Count("checks", filter=~Q(checks__result="")))
        )
        year = timezone.localdate().year
        context["form"] = form or CampaignForm(
            jurisdictions=jurisdictions,
            initial={
                "year": year,
                "name": _("%(year)d年度社会组织双随机抽查") % {"year": year},
                "org_status": "normal",
            },
        )
        return context

    def post(self, request, *args, **kwargs):
        form = CampaignForm(request.POST, jurisdictions=self.jurisdictions())
        if form.is_valid():
            try:
                campaign = spotcheck_services.campaign_create(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已创建抽查：%(name)s。") % {"name": campaign.name})
                return redirect("work:spot_check", pk=campaign.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CampaignDetailView(SupervisionPage):
    """One campaign: its filter, the recorded draw, the checks; draw, publish the plan, publish the results."""

    template_name = "workflows/supervision/campaign.html"

    def campaign(self) -> SpotCheckCampaign:
        return get_object_or_404(
            SpotCheckCampaign.objects.filter(jurisdiction__in=self.jurisdictions()).select_related("jurisdiction"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.campaign()
        context.update(
            campaign=campaign,
            checks=campaign.checks.select_related("organization").prefetch_related("inspectors"),
            CampaignStatus=CampaignStatus,
        )
        if campaign.is_editable:
            context["form"] = form or CampaignForm(
                campaign=campaign,
                initial={field: getattr(campaign, field) for field in spotcheck_services.CAMPAIGN_FIELDS},
            )
            context["shortfall"] = spotcheck_services.inspector_shortfall(
                jurisdiction=campaign.jurisdiction, per_check=campaign.inspectors_per_check
            )
        return context

    def post(self, request, *args, **kwargs):
        campaign = self.campaign()
        action = request.POST.get("action")
        if action == "edit":
            return self.edit(request, campaign)
        try:
            if action == "cancel":
                spotcheck_services.campaign_cancel(
                    campaign=campaign, by=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("已取消抽查：%(name)s。") % {"name": campaign.name})
            elif action == "draw":
                campaign = spotcheck_services.campaign_draw(
                    campaign=campaign, by=request.user, seed=request.POST.get("seed", "")
                )
                messages.success(
                    request,
                    _("已抽取 %(count)d 个组织（随机种子 %(seed)s）。")
                    % {"count": campaign.checks.count(), "seed": campaign.seed},
                )
            elif action == "publish_plan":
                spotcheck_services.campaign_publish_plan(campaign=campaign, by=request.user)
                messages.success(request, _("已公布抽查计划，抽取结果已锁定。"))
            elif action == "publish_results":
                spotcheck_services.campaign_publish_results(campaign=campaign, by=request.user)
                messages.success(request, _("已公布抽查结果。"))
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
        return redirect("work:spot_check", pk=campaign.pk)

    def edit(self, request, campaign):
        form = CampaignForm(request.POST, campaign=campaign)
        if form.is_valid():
            try:
                spotcheck_services.campaign_update(campaign=campaign, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                if not campaign.is_editable:  # the plan is public (or the campaign cancelled): no form to show
                    for error in _refusals(exc):
                        messages.error(request, error)
                    return redirect("work:spot_check", pk=campaign.pk)
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已保存抽查条件；原有的抽取结果（如有）已作废，请重新抽取。"))
                return redirect("work:spot_check", pk=campaign.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CheckResultForm(forms.Form):
    result = forms.ChoiceField(label=gettext_lazy("检查结果"), choices=CheckResult.choices, widget=forms.RadioSelect)
    checked_on = forms.DateField(
        label=gettext_lazy("检查日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    findings = forms.CharField(label=gettext_lazy("检查情况"), widget=forms.Textarea(attrs={"rows": 4}))
    rectification_requirements = forms.CharField(
        label=gettext_lazy("整改要求（责令整改时）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rectification_days = forms.IntegerField(
        label=gettext_lazy("整改期限（天）"), required=False, min_value=1, max_value=365
    )
    referral_facts = forms.CharField(
        label=gettext_lazy("涉嫌违法事实（移送立案时）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CheckResultView(SupervisionPage):
    """Record the result of one check, with findings and evidence files."""

    template_name = "workflows/supervision/check.html"

    def check(self) -> SpotCheck:
        return get_object_or_404(
            SpotCheck.objects.filter(campaign__jurisdiction__in=self.jurisdictions()).select_related(
                "campaign__jurisdiction", "organization"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        check = self.check()
        context.update(
            check=check,
            form=form or CheckResultForm(initial={"checked_on": timezone.localdate()}),
            rectifications=check.rectifications.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        check = self.check()
        form = CheckResultForm(request.POST)
        if form.is_valid():
            try:
                spotcheck_services.check_record(
                    check=check, by=request.user, uploads=request.FILES.getlist("files"), **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as exc:
                for error in _refusals(exc):
                    form.add_error(None, error)
            else:
                messages.success(request, _("已记录检查结果：%(name)s。") % {"name": check.organization.name})
                return redirect("work:spot_check", pk=check.campaign_id)
        return self.render_to_response(self.get_context_data(form=form))


# --- Complaints ---------------------------------------------------------------------------------------------


def sees_complainant(user, complaint: Complaint) -> bool:
    """The handler and the section head need the complainant's identity; other officers see it masked."""
    return complaint.assigned_to_id == user.pk or is_section_head(user, complaint.jurisdiction)


def complainant_shown(user, complaint: Complaint) -> dict:
    if complaint.anonymous and not complaint.has_contact:
        return {"name": _("匿名"), "mobile": "", "email": ""}
    if sees_complainant(user, complaint):
        name = complaint.complainant_name or _("匿名")
        return {"name": name, "mobile": complaint.complainant_mobile, "email": complaint.complainant_email}
    return {
        "name": mask_name(complaint.complainant_name) or _("匿名"),
        "mobile": mask_mobile(complaint.complainant_mobile),
        "email": mask_email(complaint.complainant_email),
    }


class ComplaintListView(SupervisionPage):
    """The bureau's complaint inbox: open ones first, overdue steps flagged."""

    template_name = "workflows/supervision/complaints.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "open")
        complaints = Complaint.objects.filter(jurisdiction__in=self.jurisdictions()).select_related(
            "organization", "assigned_to", "jurisdiction"
        )
        if show == "open":
            complaints = complaints.filter(status__in=[ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED])
        today = timezone.localdate()
        rows = []
        for complaint in complaints.order_by("accept_due", "id")[:500]:
            due = complaint.accept_due if complaint.status == ComplaintStatus.RECEIVED else complaint.finish_due
            done = complaint.status in (ComplaintStatus.NOT_ACCEPTED, ComplaintStatus.CONCLUDED)
            rows.append((complaint, due, is_overdue(due, today=today, done=done)))
        context.update(rows=rows, show=show)
        return context


class ComplaintDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("是否受理"),
        choices=[("1", gettext_lazy("受理")), ("0", gettext_lazy("不予受理"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("不予受理理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintExtendForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("延长天数"), min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintConcludeForm(forms.Form):
    findings = forms.CharField(label=gettext_lazy("调查核实情况"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label=gettext_lazy("处理结果"), choices=ComplaintOutcome.choices)
    rectification_requirements = forms.CharField(
        label=gettext_lazy("整改要求（责令整改时）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rectification_days = forms.IntegerField(
        label=gettext_lazy("整改期限（天）"), required=False, min_value=1, max_value=365
    )
    reply = forms.CharField(label=gettext_lazy("答复投诉举报人"), widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintDetailView(SupervisionPage):
    """One complaint: assign, decide whether to accept, conclude with findings and a reply."""

    template_name = "workflows/supervision/complaint.html"

    def complaint(self) -> Complaint:
        return get_object_or_404(
            Complaint.objects.filter(jurisdiction__in=self.jurisdictions()).select_related(
                "organization", "jurisdiction", "assigned_to"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, decide_form=None, conclude_form=None, extend_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint = self.complaint()
        user = self.request.user
        head = is_section_head(user, complaint.jurisdiction)
        handler = head or complaint.assigned_to_id == user.pk
        staff = get_user_model().objects.filter(
            assignments__jurisdiction=complaint.jurisdiction,
            assignments__role__in=[OfficerRole.INSPECTOR, OfficerRole.APPROVER],
        )
        context.update(
            complaint=complaint,
            complainant=complainant_shown(user, complaint),
            head=head,
            handler=handler,
            staff=staff.distinct().order_by("username") if head else [],
            decide_form=decide_form or ComplaintDecisionForm(),
            conclude_form=conclude_form or ComplaintConcludeForm(),
            extend_form=extend_form or ComplaintExtendForm(),
            ComplaintStatus=ComplaintStatus,
            files=complaint.files.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        complaint = self.complaint()
        action = request.POST.get("action")
        decide_form = conclude_form = extend_form = None
        try:
            if action == "assign":
                to = request.user
                if request.POST.get("to"):
                    to = get_object_or_404(get_user_model(), pk=request.POST["to"])
                complaint_services.complaint_assign(complaint=complaint, to=to, by=request.user)
                messages.success(request, _("已分派承办人：%(name)s。") % {"name": to.get_full_name() or to.username})
            elif action == "decide":
                decide_form = ComplaintDecisionForm(request.POST)
                if not decide_form.is_valid():
                    return self.render_to_response(self.get_context_data(decide_form=decide_form))
                complaint_services.complaint_decide(complaint=complaint, by=request.user, **decide_form.cleaned_data)
                messages.success(request, _("已作出是否受理的决定。"))
            elif action == "extend":
                extend_form = ComplaintExtendForm(request.POST)
                if not extend_form.is_valid():
                    return self.render_to_response(self.get_context_data(extend_form=extend_form))
                complaint_services.complaint_extend(complaint=complaint, by=request.user, **extend_form.cleaned_data)
                messages.success(request, _("已延长办理期限，并告知投诉举报人。"))
            elif action == "conclude":
                conclude_form = ComplaintConcludeForm(request.POST)
                if not conclude_form.is_valid():
                    return self.render_to_response(self.get_context_data(conclude_form=conclude_form))
                complaint_services.complaint_conclude(
                    complaint=complaint, by=request.user, **conclude_form.cleaned_data
                )
                messages.success(request, _("已办结并答复。"))
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
            forms_posted = {"decide_form": decide_form, "conclude_form": conclude_form, "extend_form": extend_form}
            for key, form in forms_posted.items():
                if form is not None:
                    return self.render_to_response(self.get_context_data(**{key: form}))
        return redirect("work:complaint", pk=complaint.pk)


# --- Rectifications and evidence files ----------------------------------------------------------------------


class RectificationListView(SupervisionPage):
    """Rectifications ordered in the officer's bureaus: replies to check first, overdue ones flagged."""

    template_name = "workflows/supervision/rectifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rectifications = (
            Rectification.objects.filter(organization__jurisdiction__in=self.jurisdictions())
            .exclude(status=RectificationStatus.ACCEPTED)
            .select_related("organization", "spot_check__campaign", "complaint")
            .order_by("status", "due_on")[:500]
        )
        waiting = (RectificationStatus.OPEN, RectificationStatus.REJECTED)
        context["rows"] = [
            (r, r.status in waiting and is_overdue(r.due_on, today=today, done=False)) for r in rectifications
        ]
        context["RectificationStatus"] = RectificationStatus
        return context

    def post(self, request, *args, **kwargs):
        rectification = get_object_or_404(
            Rectification.objects.filter(organization__jurisdiction__in=self.jurisdictions()),
            pk=request.POST.get("rectification") or 0,
        )
        try:
            rectification_review(
                rectification=rectification,
                accepted=request.POST.get("decision") == "accept",
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            for error in _refusals(exc):
                messages.error(request, error)
        else:
            messages.success(request, _("已记录核查意见。"))
        return redirect("work:rectifications")


class SupervisionFileView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """An evidence file of a check or a complaint, for the supervision officers of its bureau."""

    permission_required = "registry.view_organization"
    viewset = None

    def get(self, request, pk):
        jurisdictions = supervision_jurisdictions(request.user)
        supervision_file = get_object_or_404(
            SupervisionFile.objects.filter(
                Q(spot_check__campaign__jurisdiction__in=jurisdictions) | Q(complaint__jurisdiction__in=jurisdictions)
            ),
            pk=pk,
        )
        path = file_path(supervision_file.stored_name)
        if not path.exists():
            raise Http404
        return uploaded_file_response(
            path, content_type=supervision_file.content_type, filename=supervision_file.original_name
        )
