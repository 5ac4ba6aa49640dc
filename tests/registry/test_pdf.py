"""WeasyPrint renders Chinese with the installed CJK font (Pango, HarfBuzz subsetting)."""

import subprocess

from weasyprint import HTML


def test_chinese_pdf_has_real_text_and_embedded_cjk_font(tmp_path):
    html = (
        "<html><body style=\"font-family: 'Noto Serif CJK SC', serif\">"
        "<h1>社会团体法人登记证书</h1><p>上海市闵行区青年志愿者协会</p></body></html>"
    )
    pdf = tmp_path / "sample.pdf"
    HTML(string=html).write_pdf(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "社会团体法人登记证书" in text
    assert "上海市闵行区青年志愿者协会" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and "yes" in fonts  # a Noto CJK font, embedded (subset)
