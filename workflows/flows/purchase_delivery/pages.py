"""Officers' page of purchases across the purchasers of their districts: money, organizations, milestones on
time and evaluation results, with its Excel export."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from openpyxl import Workbook

from registry.selectors.purchase_oversight import purchase_oversight
from registry.spreadsheets import spreadsheet_export
from workflows.engine.access import visible_jurisdictions


class PurchaseOversightView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Purchases of the officer's districts (a city bureau: every district under it), for a year or all years."""

    template_name = "workflows/purchase_delivery/oversight.html"
    permission_required = "registry.view_organization"
    viewset = None

    def year(self) -> int | None:
        text = self.request.GET.get("year", "")
        if text == "all":
            return None
        return int(text) if text.isdigit() and len(text) == 4 else timezone.localdate().year

    def figures(self):
        return purchase_oversight(visible_jurisdictions(self.request.user), self.year())

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.excel(self.figures())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        context.update(figures=self.figures(), year=self.year(), years=range(this_year, this_year - 6, -1))
        return context

    def excel(self, figures):
        filters = {"year": figures.year if figures.year is not None else "all"}
        with spreadsheet_export(report="purchase_oversight", by=self.request.user, filters=filters) as export:
            workbook = Workbook(write_only=True)
            money, projects = str(_("金额（元）")), str(_("项目数"))
            sheets = [
                (_("按服务类别"), [_("服务类别"), projects, money], figures.by_category),
                (_("按购买主体"), [_("购买主体"), _("区县"), projects, money], figures.by_unit),
                (_("按区县"), [_("区县"), projects, money], figures.by_district),
                (_("按年度"), [_("年度"), projects, money], figures.by_year),
                (_("承接组织"), [_("承接组织"), projects, money], figures.organizations),
                (_("结项评估结果"), [_("评估结果"), projects], figures.final_results),
                (_("中期评估结果"), [_("评估结果"), projects], figures.midterm_results),
                (
                    _("里程碑按期完成"),
                    [_("已验收"), _("按期完成"), _("按期率（%）")],
                    [(figures.milestones_accepted, figures.milestones_on_time, figures.on_time_share)],
                ),
            ]
            for title, headers, rows in sheets:
                sheet = workbook.create_sheet(str(title))
                export.append_row(sheet, [str(header) for header in headers], counted=False)
                for row in rows:
                    export.append_row(sheet, [float(v) if hasattr(v, "quantize") else v for v in row])
            response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = 'attachment; filename="purchase-oversight.xlsx"'
            workbook.save(response)
        return response
