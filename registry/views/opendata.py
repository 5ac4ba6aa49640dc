"""Open data of the public register: the data dictionary page, the files (streamed), regeneration on demand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from registry.opendata import COLUMNS, FORMATS
from registry.services.opendata import generated_at, open_data_export, open_data_manifest, open_data_path

FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel (XLSX)", "jsonl": "JSON Lines"}


@require_safe
def open_data(request):
    """What the files hold, column by column, and where to download them."""
    manifest = open_data_manifest()
    files = []
    for fmt in FORMATS:
        info = (manifest or {}).get("files", {}).get(fmt)
        if info:
            files.append({"fmt": fmt, "label": FORMAT_LABELS[fmt], **info})
    return render(
        request,
        "registry/open_data.html",
        {"columns": COLUMNS, "manifest": manifest, "generated_at": generated_at(manifest), "files": files},
    )


@require_safe
def open_data_file(request, fmt: str):
    """A file of the public register, streamed from disk in blocks (it may be hundreds of megabytes)."""
    if fmt not in FORMATS:
        raise Http404
    path = open_data_path(fmt)
    if not path.is_file():
        raise Http404(_("开放数据文件尚未生成。"))
    response = FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=FORMATS[fmt])
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_POST
def open_data_regenerate(request):
    """A system administrator regenerates the files now instead of waiting for the night."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以重新生成开放数据。"))
    manifest = open_data_export(by=request.user)
    messages.success(request, _("已重新生成开放数据：%(n)d 个组织。") % {"n": manifest["organizations"]})
    return redirect("open_data")
