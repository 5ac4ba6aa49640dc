"""What an uploaded document may be: recognised by its content, never by its name."""

import io
import re
import sys
import warnings

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


def _image_pixels(content: bytes) -> int | None:
    """Width × height of an image, read from its header without decoding it; None when it cannot be opened."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked by the caller
            with Image.open(io.BytesIO(content)) as image:
                return image.width * image.height
    except Image.DecompressionBombError:
        return sys.maxsize  # so large that Pillow refuses to open it at all
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for broken images
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
# (a polyglot) passes a header check, so the whole file is searched, case-insensitively, also as UTF-16
# or UTF-32 text (every other byte a zero). In a PDF any tag that carries or loads script is refused.
# An image's compressed data is random-looking bytes where a short tag name turns up by chance, so in
# images only the long tag names and event-handler attributes (`<img src=x onerror=...>`) are searched.
_TAGS = rb"<\s*(script|html|body|iframe|svg|object|embed|meta|!doctype)\b"
_LONG_TAGS = rb"<\s*(script|iframe|object|embed|!doctype)\b"
_EVENT_HANDLER = rb"<[a-z][^<>]{0,500}?\son[a-z]{3,}\s*="
_MARKUP = re.compile(_TAGS + b"|" + _EVENT_HANDLER, re.IGNORECASE)
_IMAGE_MARKUP = re.compile(_LONG_TAGS + b"|" + _EVENT_HANDLER, re.IGNORECASE)


def _looks_like_markup(content: bytes, pattern: re.Pattern = _MARKUP) -> bool:
    return pattern.search(content) is not None or pattern.search(content.replace(b"\x00", b"")) is not None


def _pdf_is_whole(content: bytes) -> bool:
    """The PDF parses, with its page tree, and has at least one page."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        return len(reader.pages) > 0
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors for broken or hostile files
        return False


# What makes a PDF act when opened, rather than show pages (ISO 32000-1 §12.6 actions, §7.11.4 embedded
# files, §12.7.8 XFA): scripts, actions run on opening or on events, programs launched, forms submitted,
# files embedded. A plain link (/URI) or a jump to a page (/GoTo) is not active content.
ACTIVE_KEYS = frozenset({"/JavaScript", "/JS", "/AA", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/XFA"})
ACTIVE_KEYS |= {"/RichMedia", "/RichMediaContent"}
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/GoToE"})
ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/Filespec", "/FileAttachment", "/RichMedia", "/Sound", "/Movie"})
# A scanned document has a few objects per page; a file with more than this is refused rather than walked.
MAX_PDF_OBJECTS = 200_000


def pdf_active_content(content: bytes) -> str | None:
    """Name the first active element of a PDF (a script, an automatic action, a launch, an embedded file), or None.

    The file is parsed, and every object reachable from its trailer is visited, so a key hidden in a
    compressed object stream or written with escapes (`/J#53`) is found as the reader of the file sees it.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(content), strict=False)
    seen: set[tuple[int, int]] = set()
    pending = [reader.trailer]
    visited = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return "/Objects"
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in ACTIVE_KEYS:
                    return name
                resolved = value.get_object()
                if name == "/OpenAction" and isinstance(resolved, DictionaryObject):
                    return name  # an action run on opening (a destination array only shows a page)
                if name == "/S" and resolved in ACTIVE_ACTIONS:
                    return str(resolved)
                if name in ("/Type", "/Subtype") and resolved in ACTIVE_TYPES:
                    return str(resolved)
                pending.append(value)  # a stream's dictionary is walked; its data is content, not structure
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    return None


def _pdf_is_active(content: bytes) -> bool:
    try:
        return pdf_active_content(content) is not None
    except Exception:  # noqa: BLE001 - a file pypdf cannot walk is not known to be safe
        return True


def upload_errors(content: bytes, *, max_bytes: int, max_pixels: int | None = None) -> tuple[str | None, list[str]]:
    """Check an upload; return its real content type and the reasons to refuse it.

    Refused: empty or oversized files, anything but PDF, JPEG or PNG (by content), broken files, files
    carrying web markup (in any of the three types, also in UTF-16), PDFs with active content, and images
    of more than `max_pixels` pixels (a small file can decode to gigabytes).
    """
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
    if content_type in (JPEG, PNG) and _looks_like_markup(content, _IMAGE_MARKUP):
        return None, [_("图片文件中含有网页代码，不予接收。请重新拍摄或扫描后上传。")]
    if content_type == PDF and _pdf_is_active(content):
        return None, [
            _("PDF 文件中含有脚本、自动执行的动作或嵌入的文件，不予接收。请用办公软件重新导出或打印为 PDF 后上传。")
        ]
    if content_type in (JPEG, PNG):
        pixels = _image_pixels(content)
        if pixels is not None and max_pixels is not None and pixels > max_pixels:
            return None, [
                _("图片像素过多（超过 %(limit)d 万像素），请缩小尺寸或降低分辨率后上传。")
                % {"limit": max_pixels // 10_000}
            ]
        if pixels is None or not _image_is_whole(content):
            return None, [_("图片文件已损坏，无法打开，请重新拍摄或扫描后上传。")]
    return content_type, []
