"""What an uploaded document may be: recognised by its content, never by its name."""

import io
import re

from django.utils.translation import gettext as _
from pypdf import PdfReader

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
ALLOWED_TYPES = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}


def sniff_content_type(content: bytes) -> str | None:
    """Return the type the bytes really are (PDF, JPEG or PNG), or None."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _image_is_whole(content: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for broken images
        return False


# Markup a browser would run if the file were ever shown as a page: a "%PDF-" header followed by HTML
# (a polyglot) passes a header check, so the whole file is searched, case-insensitively.
_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed|meta|!doctype)\b", re.IGNORECASE)


def _looks_like_markup(content: bytes) -> bool:
    return _MARKUP.search(content) is not None


def _pdf_is_whole(content: bytes) -> bool:
    """The PDF parses, with its page tree, and has at least one page."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        return len(reader.pages) > 0
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors for broken or hostile files
        return False


def upload_errors(content: bytes, *, max_bytes: int) -> tuple[str | None, list[str]]:
    """Check an upload; return its real content type and the reasons to refuse it."""
    if not content:
        return None, [_("文件是空的。")]
    if len(content) > max_bytes:
        return None, [
            _("文件过大（%(size).1f MB），单个文件不得超过 %(limit).0f MB。")
            % {"size": len(content) / 1_048_576, "limit": max_bytes / 1_048_576}
        ]
    content_type = sniff_content_type(content)
    if content_type is None:
        return None, [_("只接受 PDF、JPEG 或 PNG 文件；该文件的内容不是这三种格式之一（与扩展名无关）。")]
    if content_type == PDF and (b"%%EOF" not in content[-2048:] or not _pdf_is_whole(content)):
        return None, [_("PDF 文件不完整或已损坏，请重新导出后上传。")]
    if content_type == PDF and _looks_like_markup(content):
        return None, [_("PDF 文件中含有网页代码，不予接收。请用办公软件重新导出为 PDF 后上传。")]
    if content_type in (JPEG, PNG) and not _image_is_whole(content):
        return None, [_("图片文件已损坏，无法打开，请重新拍摄或扫描后上传。")]
    return content_type, []
