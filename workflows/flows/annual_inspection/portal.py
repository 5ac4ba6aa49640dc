"""The organization's annual report pages: fill in, upload the audit report, submit, report rectification."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from registry.models import AnnualReport, Organization, ReportStatus
from registry.selectors.branches import active_branch_count
from registry.services import annual as services
from workflows.flows.annual_inspection.services import annual_rectification_submit, annual_report_submit


class ReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = list(services.REPORT_FIELDS)
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 5}),
            "officer_changes": forms.Textarea(attrs={"rows": 2}),
            "party_community_reported_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "party_committee_reported_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The register's count of active branches and offices, beside the figure the organization reports.
        registered = active_branch_count(self.instance.organization)
        self.fields["branch_count"].help_text = _("登记簿记载本组织存续的分支机构、代表机构：%(count)d 个") % {
            "count": registered
        }
        if self.instance.branch_count is None and not self.is_bound:
            self.initial["branch_count"] = registered


def _represented(user):
    return get_objects_for_user(user, "registry.manage_organization", klass=Organization, accept_global_perms=False)


def _own_report(request, pk) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("organization__jurisdiction"), pk=pk)
    if not request.user.has_perm("registry.manage_organization", report.organization):
        raise Http404
    return report


@login_required
def annual_list(request):
    reports = AnnualReport.objects.filter(organization__in=_represented(request.user)).select_related("organization")
    return render(request, "workflows/portal/annual_list.html", {"reports": reports})


def report_summary(report: AnnualReport) -> list[tuple[str, str]]:
    """The report's contents as (label, value) lines, as the representative confirms them and reads them later."""
    lines = []
    for name in services.REPORT_FIELDS:
        field = AnnualReport._meta.get_field(name)
        value = getattr(report, name)
        if isinstance(value, bool):
            value = _("是") if value else _("否")
        elif field.choices and value:
            value = getattr(report, f"get_{name}_display")()
        lines.append((str(field.verbose_name), "—" if value in (None, "") else str(value)))
    lines.append((_("年度财务审计报告"), report.audit_original_name or _("未上传")))
    return lines


@login_required
def annual_report(request, pk):
    report = _own_report(request, pk)
    form = ReportForm(instance=report)
    confirming = False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "upload", "review"):
                # The audit report is chosen in the same form as the figures, so uploading it first never
                # throws away what was typed: valid figures are saved with it, invalid ones shown again.
                form = ReportForm(request.POST, instance=report)
                audit = request.FILES.get("audit")
                preliminary = request.FILES.get("preliminary")
                if audit:
                    services.report_attach_audit(report=report, uploaded=audit, by=request.user)
                    messages.success(request, _("已上传审计报告。"))
                if preliminary:
                    services.report_attach_preliminary_opinion(report=report, uploaded=preliminary, by=request.user)
                    messages.success(request, _("已上传业务主管单位初审意见。"))
                if action == "upload" and not (audit or preliminary):
                    messages.error(request, _("请选择要上传的审计报告（PDF 文件）。"))
                if action == "upload" and not set(services.REPORT_FIELDS) & set(request.POST):
                    return redirect("portal_annual_report", pk=pk)  # the file alone, e.g. from a script
                if not form.is_valid():
                    messages.error(request, _("报告内容有误，尚未保存，请按提示修改。"))
                elif action != "review":
                    services.report_save(report=report, by=request.user, **form.cleaned_data)
                    messages.success(request, _("已保存草稿。"))
                    return redirect("portal_annual_report", pk=pk)
                else:
                    # 报送 first saves what is on the screen, then asks to confirm the list of what will be sent.
                    saved = services.report_save(report=report, by=request.user, **form.cleaned_data)
                    confirming = not services.report_problems(saved)
                    if not confirming:
                        messages.error(request, _("已保存草稿，但以下事项尚需完善，完善后才能报送。"))
            elif action == "submit":
                if report.status != ReportStatus.OPEN:
                    messages.info(request, _("该年度报告已报送，无需重复报送。"))
                    return redirect("portal_annual_report", pk=pk)
                figures = None
                if set(services.REPORT_FIELDS) & set(request.POST):  # the confirmed contents, sent again
                    form = ReportForm(request.POST, instance=report)
                    if not form.is_valid():
                        raise ValidationError(_("报告内容有误，尚未报送，请按提示修改。"))
                    figures = form.cleaned_data
                annual_report_submit(report=report, by=request.user, figures=figures)
                messages.success(request, _("已报送年度工作报告。"))
                return redirect("portal_annual_report", pk=pk)
            elif action == "rectify":
                annual_rectification_submit(report=report, by=request.user, text=request.POST.get("text", ""))
                messages.success(request, _("已报告整改情况。"))
                return redirect("portal_annual_report", pk=pk)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            if action not in ("save", "upload", "review", "submit"):
                return redirect("portal_annual_report", pk=pk)
    report.refresh_from_db()
    context = {
        "report": report,
        "form": form,
        "problems": services.report_problems(report),
        "preliminary_mode": services.preliminary_mode_of(report),
        "confirming": confirming,
        "summary": report_summary(report),
    }
    return render(request, "workflows/portal/annual.html", context)
