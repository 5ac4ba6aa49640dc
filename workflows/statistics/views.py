"""The sector statistics page (issue 28): every chart of `registry.selectors.sector_statistics.PROVIDERS` for the
bureaus the officer may see, with a year and (for a city bureau) a bureau filter, and its Excel and CSV exports."""

import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from openpyxl import Workbook

from registry.models import Jurisdiction
from registry.selectors.sector_statistics import sector_charts, statistics_jurisdictions
from registry.spreadsheets import spreadsheet_export
from workflows.statistics.drawing import drawing

FIRST_YEAR = 2000
SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(index: int, title: str) -> str:
    """A worksheet name: numbered (so unique), without the characters Excel refuses, at most 31 characters."""
    return f"{index} {title}".translate(SHEET_FORBIDDEN)[:31]


def cell(value):
    return "" if value is None else value


class SectorStatisticsView(LoginRequiredMixin, TemplateView):
    """Charts of the register, its procedures and supervision for a year; Excel of every chart, CSV of one."""

    template_name = "workflows/statistics/sector.html"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        self.visible = list(statistics_jurisdictions(request.user).order_by("code"))
        if request.user.is_authenticated and not self.visible:
            raise PermissionDenied(_("只有登记管理机关的负责人和工作人员可以查看行业统计。"))
        return super().dispatch(request, *args, **kwargs)

    def choices(self):
        """The year and the bureaus asked for, each checked; a wrong value is reported and the default kept."""
        this_year = timezone.localdate().year
        problems = []
        year = this_year
        raw_year = self.request.GET.get("year", "").strip()
        if raw_year:
            if raw_year.isdigit() and FIRST_YEAR <= int(raw_year) <= this_year:
                year = int(raw_year)
            else:
                problems.append(
                    _("统计年度应为%(first)d至%(last)d年之间的年份，已显示%(year)d年。")
                    % {"first": FIRST_YEAR, "last": this_year, "year": this_year}
                )
        bureaus = self.visible
        chosen = None
        raw_bureau = self.request.GET.get("bureau", "").strip()
        if raw_bureau:
            chosen = next((b for b in bureaus if b.code == raw_bureau), None)
            if chosen is None:
                problems.append(_("所选登记管理机关不在您可查看的范围内，已显示全部。"))
        jurisdictions = Jurisdiction.objects.filter(pk__in=[chosen.pk] if chosen else [b.pk for b in bureaus])
        return year, bureaus, chosen, jurisdictions, problems

    def get(self, request, *args, **kwargs):
        year, bureaus, chosen, jurisdictions, problems = self.choices()
        fmt = request.GET.get("format", "")
        if fmt in ("xlsx", "csv") and not problems:
            charts = sector_charts(jurisdictions, year)
            filters = {"year": year, "bureau": chosen.code if chosen else ""}
            if fmt == "xlsx":
                return self.excel(charts, year, filters)
            chart = next((c for c in charts if c.key == request.GET.get("chart", "")), None)
            if chart is None:
                raise Http404
            return self.csv(chart, year, filters)
        for problem in problems:
            messages.error(request, problem)
        charts = sector_charts(jurisdictions, year)
        sections: list[dict] = []
        for chart in charts:
            if not sections or sections[-1]["title"] != chart.section:
                sections.append({"title": chart.section, "charts": []})
            sections[-1]["charts"].append(drawing(chart))
        context = self.get_context_data(
            year=year,
            years=list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            bureaus=bureaus,
            chosen=chosen,
            sections=sections,
            query=f"year={year}" + (f"&bureau={chosen.code}" if chosen else ""),
        )
        return self.render_to_response(context)

    def excel(self, charts, year, filters):
        with spreadsheet_export(report="sector_statistics", by=self.request.user, filters=filters) as export:
            workbook = Workbook()
            workbook.remove(workbook.active)
            for index, chart in enumerate(charts, start=1):
                sheet = workbook.create_sheet(sheet_title(index, chart.title))
                export.append_row(sheet, [f"{chart.section} · {chart.title}（{year}）"], counted=False)
                export.append_row(sheet, [str(column) for column in chart.columns], counted=False)
                for row in chart.rows:
                    export.append_row(sheet, [cell(value) for value in row])
                if chart.note:
                    export.append_row(sheet, [chart.note], counted=False)
            response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="sector-statistics-{year}.xlsx"'
            workbook.save(response)
            return response

    def csv(self, chart, year, filters):
        buffer = io.StringIO()
        with spreadsheet_export(
            report="sector_statistics", by=self.request.user, filters={**filters, "chart": chart.key}
        ) as export:
            writer = export.csv_writer(buffer)
            writer.writerow([str(column) for column in chart.columns], counted=False)
            for row in chart.rows:
                writer.writerow([cell(value) for value in row])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{chart.key}-{year}.csv"'
        return response
