"""What an upload may be: PDFs without active content or web markup, images of a sensible size."""

import io

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from registry.rules.uploads import pdf_active_content, upload_errors
from tests.workflows.conftest import pdf_bytes, png_bytes

LIMIT = 20 * 1_048_576
PIXELS = 50_000_000
ACTIVE = "PDF 文件中含有脚本、自动执行的动作或嵌入的文件，不予接收。请用办公软件重新导出或打印为 PDF 后上传。"
MARKUP = "PDF 文件中含有网页代码，不予接收。请用办公软件重新导出为 PDF 后上传。"


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_with(**catalog) -> bytes:
    """A one-page PDF whose catalog carries the given entries (names without the slash)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for key, value in catalog.items():
        writer._root_object[NameObject("/" + key)] = value
    return _written(writer)


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject("/" + kind)})
    for key, value in entries.items():
        action[NameObject("/" + key)] = value
    return action


def _javascript_name_tree() -> DictionaryObject:
    script = _action("JavaScript", JS=TextStringObject("app.alert(1)"))
    names = ArrayObject([TextStringObject("init"), script])
    return DictionaryObject({NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})})


def _with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("setup.exe", b"MZ\x90\x00")
    return _written(writer)


def _with_link_annotation_action() -> bytes:
    """A page whose annotation runs a script when the mouse enters it (/AA additional actions)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]),
            NameObject("/AA"): DictionaryObject(
                {NameObject("/E"): _action("JavaScript", JS=TextStringObject("app.alert(1)"))}
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)


def _raw_pdf(catalog_extra: bytes) -> bytes:
    """A minimal PDF written byte by byte, so a name can be spelled with #-escapes as an attacker would."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


ACTIVE_PDFS = {
    "JavaScript on opening": lambda: _pdf_with(OpenAction=_action("JavaScript", JS=TextStringObject("app.alert(1)"))),
    "document-level JavaScript": lambda: _pdf_with(Names=_javascript_name_tree()),
    "a program launched on opening": lambda: _pdf_with(OpenAction=_action("Launch", F=TextStringObject("calc.exe"))),
    "an embedded file": _with_attachment,
    "a script on an annotation": _with_link_annotation_action,
    "an escaped /JS name": lambda: _raw_pdf(b"/OpenAction << /S /JavaScript /J#53 (app.alert(1)) >>"),
    "an escaped /Launch name": lambda: _raw_pdf(b"/OpenAction << /S /L#61unch /F (calc.exe) >>"),
    "a launch in an outline item": lambda: _raw_pdf(b"/Outlines << /First << /A << /S /Launch /F (cmd.exe) >> >> >>"),
}


@pytest.mark.parametrize("build", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_with_active_content_is_refused(build):
    content = build()
    assert pdf_active_content(content) is not None
    assert upload_errors(content, max_bytes=LIMIT) == (None, [ACTIVE])


def test_a_plain_pdf_and_one_that_opens_at_a_page_are_accepted():
    assert upload_errors(pdf_bytes("charter"), max_bytes=LIMIT) == ("application/pdf", [])
    opens_at_first_page = _raw_pdf(b"/OpenAction [3 0 R /Fit]")
    assert pdf_active_content(opens_at_first_page) is None
    assert upload_errors(opens_at_first_page, max_bytes=LIMIT) == ("application/pdf", [])


def _with_trailing_comment(payload: bytes) -> bytes:
    """A whole PDF followed by a comment line carrying `payload` and a repeated end of file."""
    pdf = pdf_bytes("charter")
    return pdf + b"%" + payload + b"\n" + pdf[pdf.rindex(b"startxref") :]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(document.cookie)</script>".encode("utf-16-le"),
        "<script>alert(document.cookie)</script>".encode("utf-16"),  # with a byte-order mark
        "<svg onload=alert(1)>".encode("utf-16-be"),
        b"<img src=x onerror=alert(document.cookie)>",
        b"<IMG SRC=x\nOnError=alert(1)>",
    ],
)
def test_web_markup_in_a_pdf_is_refused_also_in_utf16_and_as_an_event_handler(payload):
    content = _with_trailing_comment(payload)
    assert upload_errors(content, max_bytes=LIMIT) == (None, [MARKUP])


def test_a_harmless_comment_in_a_pdf_is_accepted():
    assert upload_errors(_with_trailing_comment(b"see <a href=x> 1 < 2"), max_bytes=LIMIT)[1] == []


def test_markup_hidden_in_an_image_is_refused():
    image = png_bytes() + b"<img src=x onerror=alert(document.cookie)>"
    assert upload_errors(image, max_bytes=LIMIT) == (
        None,
        ["图片文件中含有网页代码，不予接收。请重新拍摄或扫描后上传。"],
    )


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    huge = _png(12000, 8000)  # 96 million pixels in a file of a few kilobytes
    assert len(huge) < 100_000
    assert upload_errors(huge, max_bytes=LIMIT, max_pixels=PIXELS) == (
        None,
        ["图片像素过多（超过 5000 万像素），请缩小尺寸或降低分辨率后上传。"],
    )
    assert upload_errors(_png(7000, 7000), max_bytes=LIMIT, max_pixels=PIXELS) == ("image/png", [])
