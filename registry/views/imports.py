"""The admin pages for importing an existing register: upload, check, confirm, and the Chinese problem report.

Only system administrators see them: an import crosses bureaus, so a bureau's officers may not run one.
The uploaded file and its report are kept under MEDIA_ROOT/imports (never served directly) so the
administrator can check first and confirm the same file afterwards.
"""

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registry.import_files import error_report_csv, error_report_xlsx, template_workbook
from registry.services.register_import import drain_imported, register_import

SHOWN_PROBLEMS = 200
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_administrator(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以导入登记数据。"))


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stored(token: str) -> tuple[Path, str]:
    if not _TOKEN.match(token or ""):
        raise Http404
    matches = [p for p in _folder().glob(f"{token}.*") if p.suffix in (".xlsx", ".csv")]
    if not matches:
        raise Http404
    return matches[0], (matches[0].with_suffix(".name").read_text(encoding="utf-8") or matches[0].name)


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def import_template(request):
    """The template workbook to fill in."""
    _require_administrator(request)
    return _attachment(template_workbook(), "register-import-template.xlsx", XLSX)


def import_register(request, admin_context: dict):
    """Upload a file and check it (dry run), or import it; confirm a checked file by its token."""
    _require_administrator(request)
    context = {**admin_context, "title": _("导入原有登记数据"), "shown": SHOWN_PROBLEMS}
    if request.method != "POST":
        return render(request, "admin/registry/import_register.html", context)
    skip_bad = bool(request.POST.get("skip_bad"))
    dry_run = request.POST.get("action") != "import"
    upload = request.FILES.get("file")
    if upload is not None:
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            messages.error(request, _("只能导入 .xlsx 或 .csv 文件。"))
            return redirect(request.path)
        token = secrets.token_hex(16)
        path = _folder() / f"{token}{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        path.with_suffix(".name").write_text(upload.name, encoding="utf-8")
        filename = upload.name
    else:
        token = request.POST.get("token", "")
        path, filename = _stored(token)
    result = register_import(
        data=path.read_bytes(), filename=filename, by=request.user, dry_run=dry_run, skip_bad=skip_bad
    )
    problems = result.problems + result.warnings + result.notices
    (_folder() / f"{token}-report.xlsx").write_bytes(error_report_xlsx(problems))
    (_folder() / f"{token}-report.csv").write_bytes(error_report_csv(problems))
    if result.written and result.organization_ids:
        drain_imported(result.organization_ids)
    context.update(
        {
            "result": result,
            "problems": result.problems[:SHOWN_PROBLEMS],
            "warnings": result.warnings[:SHOWN_PROBLEMS],
            "notices": result.notices[:SHOWN_PROBLEMS],
            "token": token,
            "filename": filename,
            "dry_run": dry_run,
            "skip_bad": skip_bad,
            "can_confirm": dry_run and (not result.problems or skip_bad) and not _file_level(result),
        }
    )
    return render(request, "admin/registry/import_register.html", context)


def _file_level(result) -> bool:
    return any(problem.row in (0, 1) and not problem.column for problem in result.problems)


def import_report(request, token: str, fmt: str):
    """The problem report of a checked or imported file, as .xlsx or .csv."""
    _require_administrator(request)
    if not _TOKEN.match(token) or fmt not in ("xlsx", "csv"):
        raise Http404
    path = _folder() / f"{token}-report.{fmt}"
    if not path.is_file():
        raise Http404
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    return _attachment(path.read_bytes(), f"import-problems.{fmt}", content_type)
