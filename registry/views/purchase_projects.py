"""Public open data of the projects bought from organizations: the list, and the same rows as CSV, XLSX or JSON."""

import io
import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from registry.models import ProjectStatus, ServiceCategory
from registry.opendata import FORMATS, PROJECT_COLUMNS, flat_value
from registry.selectors.purchase_delivery import public_projects
from registry.spreadsheets import spreadsheet_export

EXPORT_FORMATS = {"csv": FORMATS["csv"], "xlsx": FORMATS["xlsx"], "json": "application/json; charset=utf-8"}


def _filtered(request):
    projects = public_projects().order_by("-awarded_on", "-id")
    filters = {}
    category = request.GET.get("category", "")
    if category in ServiceCategory.values:
        projects, filters["category"] = projects.filter(category=category), category
    status = request.GET.get("status", "")
    if status in ProjectStatus.values:
        projects, filters["status"] = projects.filter(status=status), status
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        projects, filters["year"] = projects.filter(awarded_on__year=int(year)), year
    return projects, filters


@require_safe
def purchase_projects(request):
    """Awarded projects with their purchaser, amount, period and evaluation results; ?format= csv, xlsx or json."""
    projects, filters = _filtered(request)
    fmt = request.GET.get("format", "")
    if fmt in EXPORT_FORMATS:
        return _export(request, projects, filters, fmt)
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/purchase_projects.html",
        {
            "page": page,
            "columns": PROJECT_COLUMNS,
            "categories": ServiceCategory.choices,
            "statuses": ProjectStatus.choices,
            "filters": filters,
            "query": "&".join(f"{key}={value}" for key, value in filters.items()),
        },
    )


def _export(request, projects, filters, fmt):
    by = request.user if request.user.is_authenticated else None
    # The files are in Chinese whatever the reader's language, as the register's open data is.
    with (
        translation.override("zh-hans"),
        spreadsheet_export(report="purchase_projects", by=by, filters=filters | {"format": fmt}) as export,
    ):
        records = [{c.key: c.value(p) for c in PROJECT_COLUMNS} for p in projects.iterator(chunk_size=500)]
        if fmt == "json":
            export.rows += len(records)
            body = json.dumps(records, ensure_ascii=False, indent=1).encode()
        elif fmt == "csv":
            buffer = io.StringIO()
            buffer.write("\ufeff")
            writer = export.csv_writer(buffer)
            writer.writerow([c.key for c in PROJECT_COLUMNS], counted=False)
            for record in records:
                writer.writerow([flat_value(value) for value in record.values()])
            body = buffer.getvalue().encode("utf-8")
        else:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(_("购买服务项目"))
            export.append_row(sheet, [str(c.label) for c in PROJECT_COLUMNS], counted=False)
            for record in records:
                export.append_row(sheet, [flat_value(value) for value in record.values()])
            buffer = io.BytesIO()
            workbook.save(buffer)
            body = buffer.getvalue()
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="purchase-projects.{fmt}"'
    return response
