"""Officers' pages of annual inspection outside the steps: a season's progress by bureau, a report's audit file."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook

from registry.models import AnnualReport
from registry.services.annual import audit_path
from registry.spreadsheets import spreadsheet_export
from registry.views.downloads import uploaded_file_response
from workflows.engine.access import visible_jurisdictions
from workflows.flows.annual_inspection.selectors import inspection_progress

PROGRESS_COLUMNS = [
    ("due", _lazy("应检")),
    ("submitted", _lazy("已报送")),
    ("reviewed", _lazy("已审核")),
    ("passed", _lazy("合格")),
    ("basic", _lazy("基本合格")),
    ("failed", _lazy("不合格")),
    ("missing", _lazy("逾期未报")),
]


class InspectionProgressView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Annual inspection progress per jurisdiction of the officer: numbers, a bar chart, and an Excel export."""

    template_name = "workflows/annual/progress.html"
    permission_required = "registry.view_organization"
    viewset = None

    def year(self) -> int:
        try:
            return int(self.request.GET.get("year", ""))
        except ValueError:
            return timezone.localdate().year - 1

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(inspection_progress(request.user, self.year()))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year(), rows=inspection_progress(self.request.user, self.year()), columns=PROGRESS_COLUMNS
        )
        return context

    def excel(self, rows):
        with spreadsheet_export(
            report="annual_inspection_progress", by=self.request.user, filters={"year": self.year()}
        ) as export:
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = str(self.year())
            headers = [str(_("登记管理机关")), str(_("行政区划代码"))] + [
                str(label) for _key, label in PROGRESS_COLUMNS
            ]
            export.append_row(sheet, headers, counted=False)
            for row in rows:
                export.append_row(sheet, [row["name"], row["code"]] + [row[key] for key, _label in PROGRESS_COLUMNS])
            response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="annual-inspection-{self.year()}.xlsx"'
            workbook.save(response)
        return response


class AuditReportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A report's audit file (PDF), for the officers of the organization's bureau (and the bureaus above it)."""

    permission_required = "registry.view_organization"
    viewset = None

    def get(self, request, pk):
        report = get_object_or_404(
            AnnualReport.objects.filter(organization__jurisdiction__in=visible_jurisdictions(request.user)), pk=pk
        )
        if not report.audit_stored_name or not audit_path(report.audit_stored_name).exists():
            raise Http404
        return uploaded_file_response(
            audit_path(report.audit_stored_name), content_type="application/pdf", filename=report.audit_original_name
        )
