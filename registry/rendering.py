"""Render certificates to PDF with WeasyPrint, fast: one font configuration and stylesheet per process.

Pango keeps loaded fonts per process; with Debian's libharfbuzz-subset0 WeasyPrint subsets the Noto
CJK font with HarfBuzz, which keeps a warm render well under 100 ms.
"""

import math
from functools import lru_cache
from html import escape

import segno
from django.conf import settings
from django.template.loader import render_to_string
from prometheus_client import Histogram
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from registry.signing import SealBox

TITLES = {
    "1": "社会团体法人登记证书",
    "2": "民办非企业单位（法人）登记证书",
    "3": "基金会法人登记证书",
    "grade": "社会组织评估等级证书",
}


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """The process-wide font configuration, created once."""
    return FontConfiguration()


@lru_cache(maxsize=1)
def stylesheet() -> CSS:
    """The certificate stylesheet, parsed once."""
    path = settings.BASE_DIR / "templates" / "certificates" / "certificate.css"
    return CSS(filename=str(path), font_config=font_config())


def qr_data_uri(url: str) -> str:
    """A vector QR code of `url` as an SVG data URI."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000")


def seal_svg(authority: str, *, size: int = 160) -> str:
    """A vector placeholder for the authority's seal: a red ring, a star and the name around the top."""
    c, r = size / 2, size / 2 - 4
    star = []
    for i in range(10):
        radius = r * (0.32 if i % 2 == 0 else 0.13)
        angle = math.radians(-90 + i * 36)
        star.append(f"{c + radius * math.cos(angle):.1f},{c + radius * math.sin(angle):.1f}")
    chars = list(authority)
    span = min(240.0, 22.0 * len(chars))
    letters = []
    for i, ch in enumerate(chars):
        angle = -90 - span / 2 + (span * (i + 0.5) / len(chars))
        x = c + (r - 20) * math.cos(math.radians(angle))
        y = c + (r - 20) * math.sin(math.radians(angle))
        letters.append(
            f'<text x="{x:.1f}" y="{y:.1f}" transform="rotate({angle + 90:.1f} {x:.1f} {y:.1f})" '
            f'text-anchor="middle" dominant-baseline="central">{escape(ch)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
        f'<circle cx="{c}" cy="{c}" r="{r}" fill="none" stroke="#c62828" stroke-width="4"/>'
        f'<polygon points="{" ".join(star)}" fill="#c62828"/>'
        f'<g fill="#c62828" font-size="15" font-family="AR PL UMing CN">{"".join(letters)}</g>'
        f'<text x="{c}" y="{c + r * 0.62:.1f}" fill="#c62828" font-size="11" text-anchor="middle" '
        f'font-family="AR PL UMing CN">证书专用章（示意）</text></svg>'
    )


# Punctuation that may not start a line (CJK line breaking keeps it with the character before it anyway).
_CLOSING_PUNCTUATION = "。，、；：！？）」』》〉】”’.,;:!?)"


def without_orphan(text: str, *, keep: int = 2) -> tuple[str, str]:
    """Split off the last `keep` characters (and closing punctuation) to be set unbroken: no one-character line."""
    body = text.rstrip(_CLOSING_PUNCTUATION)
    cut = max(len(body) - keep, 0)
    return text[:cut], text[cut:]


def certificate_html(context: dict) -> str:
    """Return the certificate's HTML from its template."""
    template = "certificates/grade.html" if context["kind"] == "grade" else "certificates/registration.html"
    return render_to_string(template, context)


RENDER_SECONDS = Histogram(
    "registry_certificate_render_seconds",
    "Time to render one certificate to PDF",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def render_pdf(context: dict) -> bytes:
    """Render one certificate to PDF bytes; the same context always gives the same bytes."""
    return render_certificate_pdf(context)[0]


def render_certificate_pdf(context: dict) -> tuple[bytes, SealBox | None]:
    """Render one certificate to PDF bytes, and say where its seal is printed (for the electronic seal)."""
    with RENDER_SECONDS.time():
        html = HTML(string=certificate_html(context), base_url=str(settings.BASE_DIR))
        document = html.render(stylesheets=[stylesheet()], font_config=font_config())
        return document.write_pdf(uncompressed_pdf=False), seal_box(document)


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


# WeasyPrint lays out in CSS pixels; PDF user space is in points (0.75 pt a pixel), origin at the bottom left.
_POINTS_PER_PIXEL = 0.75


def seal_box(document) -> SealBox | None:
    """The rectangle of the first inline SVG (the seal; QR codes are images) of a rendered document."""
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            if (getattr(box, "element_tag", None) or "").endswith("}svg"):
                x, y = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                return SealBox(
                    page=number,
                    x1=x * _POINTS_PER_PIXEL,
                    y1=(page.height - y - height) * _POINTS_PER_PIXEL,
                    x2=(x + width) * _POINTS_PER_PIXEL,
                    y2=(page.height - y) * _POINTS_PER_PIXEL,
                )
    return None


def certificate_title(kind: str, org_type: str) -> str:
    """The certificate's official title for its kind and the organization's type."""
    return TITLES["grade"] if kind == "grade" else TITLES[org_type]


def render_document_pdf(template: str, context: dict) -> bytes:
    """Render an A4 document (an application form, a notice) from its template to PDF bytes."""
    return render_sealed_document_pdf(template, context)[0]


def render_sealed_document_pdf(template: str, context: dict) -> tuple[bytes, SealBox | None]:
    """Render an A4 document with a seal (a written decision) to PDF bytes, and say where the seal is printed."""
    document = HTML(string=render_to_string(template, context), base_url=str(settings.BASE_DIR)).render(
        font_config=font_config()
    )
    return document.write_pdf(), seal_box(document)
