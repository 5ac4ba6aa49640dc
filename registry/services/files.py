"""Uploaded files: checked by content and size, stored outside the web root under random names."""

import hashlib
import secrets
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.rules.uploads import ALLOWED_TYPES, upload_errors


def checked_upload(uploaded, *, allowed=tuple(ALLOWED_TYPES), wrong_type: str = "") -> tuple[bytes, str]:
    """Read an upload and return (content, real content type); refuse it with the reasons otherwise."""
    max_bytes = settings.REGISTRY["UPLOAD_MAX_MB"] * 1_048_576
    if uploaded.size > max_bytes:
        # Refused from its declared size, so an oversized upload is never read into memory.
        raise ValidationError(
            _("文件过大（%(size).1f MB），单个文件不得超过 %(limit).0f MB。")
            % {"size": uploaded.size / 1_048_576, "limit": max_bytes / 1_048_576}
        )
    content = uploaded.read()
    content_type, errors = upload_errors(
        content, max_bytes=max_bytes, max_pixels=settings.REGISTRY["UPLOAD_MAX_PIXELS"]
    )
    if not errors and content_type not in allowed:
        errors = [wrong_type]
    if errors:
        raise ValidationError(errors)
    return content, content_type


def new_stored_name(content_type: str) -> str:
    """A random file name that says nothing of the document, with the extension of its real type."""
    return secrets.token_hex(16) + ALLOWED_TYPES[content_type]


def private_path(folder: str, stored_name: str) -> Path:
    """Where a stored file lives under MEDIA_ROOT (outside the web root), fanned out by its first two characters."""
    return settings.MEDIA_ROOT / folder / stored_name[:2] / stored_name


def document_store(*, model, application, kind: str, uploaded, by, folder: str, lock):
    """Store an uploaded document of `application` as a new `model` row in place of any earlier one of that kind.

    The file is checked by its content (PDF, JPEG or PNG) before anything is written. `lock(application)` locks
    the application's row inside the transaction, refuses if it may no longer take documents, and returns it.
    The new file is written within the transaction and removed again if anything fails; the replaced file goes
    once the transaction has committed, so a failure never leaves a row without its file or a file without a row.
    """
    content, content_type = checked_upload(uploaded)
    document = model(
        kind=kind,
        stored_name=new_stored_name(content_type),
        original_name=(uploaded.name or "document")[-200:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    path = private_path(folder, document.stored_name)
    try:
        with transaction.atomic():
            current = lock(application)
            previous = list(model.objects.filter(application=current, kind=kind))
            document.application = current
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            for old in previous:
                old.delete()
                transaction.on_commit(lambda old=old: private_path(folder, old.stored_name).unlink(missing_ok=True))
            document.save()
    except BaseException:
        path.unlink(missing_ok=True)  # nothing saved: no row, and no file left behind
        raise
    return document


@contextmanager
def stored_uploads(uploads, *, folder: str):
    """Check every upload, then write them under `folder`; yields the fields of their rows (original_name,
    stored_name, content_type, sha256).

    Nothing is written when one is refused, and the files written are removed if the block fails.
    """
    checked = [(uploaded, *checked_upload(uploaded)) for uploaded in uploads if uploaded]
    records, paths = [], []
    try:
        for uploaded, content, content_type in checked:
            stored_name = new_stored_name(content_type)
            path = private_path(folder, stored_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            paths.append(path)
            records.append(
                {
                    "original_name": (uploaded.name or f"file{ALLOWED_TYPES[content_type]}")[-200:],
                    "stored_name": stored_name,
                    "content_type": content_type,
                    "sha256": hashlib.sha256(content).hexdigest(),
                }
            )
        yield records
    except BaseException:
        for path in paths:
            path.unlink(missing_ok=True)
        raise
