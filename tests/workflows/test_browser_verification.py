"""In a real browser: a visitor uploads a certificate's PDF on the verification page, at a phone's width."""

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from registry.services.certificates import certificate_path, issue_registration_certificates
from tests.factories import OrganizationFactory
from tests.registry.test_signing import flip_byte_in_largest_stream
from tests.workflows.test_browser_sweep import axe_findings, overflow_findings

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_uploads_a_certificate_and_a_tampered_copy_on_a_phone(browser, live_server, minhang):
    organization = OrganizationFactory(jurisdiction=minhang)
    original, _duplicate = issue_registration_certificates(organization=organization)  # rendered after commit
    original.refresh_from_db()
    genuine = certificate_path(original).read_bytes()

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True)
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/verify/")
    for content, expected in ((genuine, "电子签章有效"), (flip_byte_in_largest_stream(genuine), "文件已被改动")):
        page.get_by_label("PDF 文件").set_input_files(
            {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": content}
        )
        page.get_by_role("button", name="核验").click()
        page.get_by_text(expected).first.wait_for()
        assert overflow_findings(page) == []
        assert axe_findings(page) == []
    assert page.get_by_text(original.number).count() >= 1
