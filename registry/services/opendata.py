"""Write the public register as open data files (CSV, XLSX, JSON Lines) and a manifest of what was written.

Each file is written to a temporary name and renamed into place, so a download never sees half a file.
Run nightly by `manage.py export_open_data` and on demand by a system administrator.
"""

import datetime
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from registry.opendata import COLUMNS, FORMATS, flat_value, record
from registry.selectors import public_organizations
from registry.spreadsheets import spreadsheet_export

BASENAME = "register"
MANIFEST = "manifest.json"


def open_data_folder() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def open_data_path(fmt: str) -> Path:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return open_data_folder() / f"{BASENAME}.{fmt}"


def open_data_manifest() -> dict | None:
    """When the files were last written, how many organizations they hold, and each file's size and hash."""
    try:
        return json.loads((open_data_folder() / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_data_export(*, by=None, progress: Callable[[int], None] | None = None) -> dict:
    """Regenerate the three files from the register; return the manifest."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以重新生成开放数据。"))
    folder = open_data_folder()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = {fmt: folder / f".{BASENAME}.{fmt}.tmp" for fmt in FORMATS}
    count = 0
    # The files are in Chinese whatever the language of the administrator who asked for them.
    with translation.override("zh-hans"), spreadsheet_export(report="open_data", by=by) as export:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("社会组织"))
        export.append_row(sheet, [str(column.label) for column in COLUMNS], counted=False)
        with (
            temporary["csv"].open("w", encoding="utf-8-sig", newline="") as csv_file,
            temporary["jsonl"].open("w", encoding="utf-8") as jsonl_file,
        ):
            writer = export.csv_writer(csv_file)
            writer.writerow([column.key for column in COLUMNS], counted=False)
            organizations = public_organizations().order_by("uscc").iterator(chunk_size=2000)
            for organization in organizations:
                values = record(organization)
                writer.writerow([flat_value(value) for value in values.values()])
                jsonl_file.write(json.dumps(values, ensure_ascii=False) + "\n")
                # The same rows as the CSV file's, counted there.
                export.append_row(sheet, [flat_value(value) for value in values.values()], counted=False)
                count += 1
                if progress and count % 1000 == 0:
                    progress(1000)
        workbook.save(temporary["xlsx"])
    files = {}
    for fmt, path in temporary.items():
        final = open_data_path(fmt)
        os.replace(path, final)
        files[fmt] = {"name": final.name, "bytes": final.stat().st_size, "sha256": _sha256(final)}
    manifest = {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "organizations": count,
        "files": files,
    }
    manifest_tmp = folder / f".{MANIFEST}.tmp"
    manifest_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(manifest_tmp, folder / MANIFEST)
    return manifest


def generated_at(manifest: dict | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(manifest["generated_at"]) if manifest else None
