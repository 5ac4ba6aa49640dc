"""Officers' penalty pages outside the flow's steps: filing a case, extending its time limit, evidence, statistics.

They check the wall between bureaus themselves (an officer of another bureau gets 404).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook

from registry.choices import OfficerRole
from registry.models import Organization, PenaltyCase, PenaltyEvidence
from registry.rules.penalties import CaseSource
from registry.services import penalty_cases
from registry.spreadsheets import spreadsheet_export
from registry.views.downloads import uploaded_file_response
from workflows.engine.access import visible_jurisdictions
from workflows.flows.penalty.selectors import penalty_statistics


class OpenCaseForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=18)
    facts = forms.CharField(label=gettext_lazy("涉嫌违法的事实"), widget=forms.Textarea(attrs={"rows": 4}))
    source_reference = forms.CharField(label=gettext_lazy("线索来源说明或编号"), required=False, max_length=60)


class OpenCaseView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """An inspector files a case found in daily supervision (source: officer) for the section head's approval."""

    template_name = "workflows/penalty/new.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", OpenCaseForm())
        return context

    def post(self, request, *args, **kwargs):
        form = OpenCaseForm(request.POST)
        if form.is_valid():
            jurisdictions = visible_jurisdictions(request.user, roles=[OfficerRole.INSPECTOR], below=False)
            organization = Organization.objects.filter(
                uscc=form.cleaned_data["uscc"].strip().upper(), jurisdiction__in=jurisdictions
            ).first()
            if organization is None:
                form.add_error("uscc", _("在您担任执法人员的登记管理机关中未找到该组织。"))
            else:
                try:
                    case = penalty_cases.open_case(
                        organization=organization,
                        source=CaseSource.OFFICER,
                        source_reference=form.cleaned_data["source_reference"],
                        facts=form.cleaned_data["facts"],
                        by=request.user,
                    )
                except (ValidationError, PermissionDenied) as exc:
                    for error in getattr(exc, "messages", [str(exc)]):
                        form.add_error(None, error)
                else:
                    messages.success(request, _("已立案 %(ref)s，报科长审批。") % {"ref": case.reference})
                    return redirect("work:penalty_statistics")
        return self.render_to_response(self.get_context_data(form=form))


class ExtendView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST: the section head extends the period to decide a complex case (行政处罚法 第六十条)."""

    http_method_names = ["post"]
    permission_required = "registry.view_organization"
    viewset = None

    def post(self, request, pk):
        jurisdictions = visible_jurisdictions(request.user, roles=[OfficerRole.APPROVER], below=False)
        case = get_object_or_404(PenaltyCase.objects.filter(organization__jurisdiction__in=jurisdictions), pk=pk)
        days = request.POST.get("days", "")
        try:
            penalty_cases.case_extend(
                case=case,
                by=request.user,
                days=int(days) if days.isdigit() else 0,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("已延长办案期限：%(ref)s。") % {"ref": case.reference})
        back = request.POST.get("back", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)
        return redirect("work:penalty_statistics")


class EvidenceDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A piece of evidence, for the officers of the case's bureau (and the bureaus above it)."""

    permission_required = "registry.view_organization"
    viewset = None

    def get(self, request, pk):
        evidence = get_object_or_404(
            PenaltyEvidence.objects.filter(
                case__organization__jurisdiction__in=visible_jurisdictions(request.user)
            ).select_related("case"),
            pk=pk,
        )
        path = penalty_cases.evidence_path(evidence.stored_name)
        if not path.exists():
            raise Http404
        return uploaded_file_response(path, content_type=evidence.content_type, filename=evidence.original_name)


class PenaltyStatisticsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Cases by kind, stage and bureau, and the overdue steps, for my bureau (a city bureau: all below it)."""

    template_name = "workflows/penalty/statistics.html"
    permission_required = "registry.view_organization"
    viewset = None

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(penalty_statistics(request.user))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stats"] = penalty_statistics(self.request.user)
        return context

    def excel(self, stats):
        with spreadsheet_export(report="penalty_statistics", by=self.request.user) as export:
            return self._excel(export, stats)

    def _excel(self, export, stats):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(_("按阶段"))
        export.append_row(
            sheet,
            [str(_("登记管理机关"))] + [str(label) for _key, label in stats["stages"]] + [str(_("合计"))],
            counted=False,
        )
        for row in stats["by_stage"]:
            export.append_row(sheet, [row["name"], *row["counts"], row["total"]])
        sheet = workbook.create_sheet(str(_("按处罚种类")))
        export.append_row(
            sheet,
            [str(_("登记管理机关"))] + [str(label) for _key, label in stats["kinds"]] + [str(_("罚没金额（元）"))],
            counted=False,
        )
        for row in stats["by_kind"]:
            export.append_row(sheet, [row["name"], *row["counts"], float(row["amount"])])
        sheet = workbook.create_sheet(str(_("逾期环节")))
        headers = [_("案件编号"), _("当事人"), _("登记管理机关"), _("办理阶段"), _("环节期限"), _("逾期天数")]
        export.append_row(sheet, [str(header) for header in headers], counted=False)
        for case in stats["overdue"]:
            export.append_row(
                sheet,
                [
                    case.reference,
                    case.organization.name,
                    case.organization.jurisdiction.name,
                    str(case.get_stage_display()),
                    case.step_due_on,
                    case.overdue_days,
                ],
            )
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="penalty-cases.xlsx"'
        workbook.save(response)
        return response
