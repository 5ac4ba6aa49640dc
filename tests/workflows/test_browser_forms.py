"""In a real browser (headless Chromium): an over-size file is refused in the form, and the receipt prints clean."""

import pytest
from django.test import Client

from registry.choices import OrgType
from registry.models import DocumentRequirement
from tests.workflows.conftest import PASSWORD, confirmed_applicant, fill_application, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(minhang):
    return confirmed_applicant(
        mobile="13700002222", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )


def test_an_over_size_file_is_refused_beside_its_item_before_it_is_sent(
    browser, live_server, person, minhang, settings
):
    settings.REGISTRY = {**settings.REGISTRY, "UPLOAD_MAX_MB": 1}
    application = fill_application(Client(), person, minhang, OrgType.SERVICE_AGENCY, skip_document="charter")
    charter = DocumentRequirement.objects.get(code="charter")
    path = f"/portal/applications/{application.pk}/edit/documents/"
    page = log_in(browser, live_server, "13700002222", PASSWORD, path)
    assert page.locator("text=单个文件不超过 1 MB").count() == 1
    row = page.locator(f"#requirement-{charter.pk}")
    row.locator("input[type=file]").set_input_files(
        {"name": "charter.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 1_200_000}
    )
    row.locator("button", has_text="上传").click()
    error = row.locator(f"#upload-errors-{charter.pk}")
    error.get_by_text("文件过大，单个文件不得超过 1 MB").wait_for()
    assert page.url.endswith(path)
    assert row.locator("input[type=file]").get_attribute("aria-invalid") == "true"
    assert not application.documents.filter(requirement=charter).exists()


def test_the_printed_receipt_shows_the_receipt_without_the_sites_navigation(browser, live_server, person, minhang):
    client = Client()
    application = fill_application(client, person, minhang, OrgType.SERVICE_AGENCY)
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    page = log_in(browser, live_server, "13700002222", PASSWORD, f"/portal/applications/{application.pk}/receipt/")
    assert page.locator("header").is_visible() and page.locator("button", has_text="打印回执").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.locator("button", has_text="打印回执").is_visible()
    assert not page.locator("a", has_text="返回申请").is_visible()
    assert page.locator("h1", has_text="网上申请回执").is_visible()
    assert page.get_by_text(application.reference).first.is_visible()


def test_the_password_boxes_look_like_the_other_boxes_of_the_sign_up_form(browser, live_server):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/signup/")

    def looks(name):
        return page.locator(f"input[name={name}]").evaluate(
            "e => { const s = getComputedStyle(e); return [s.fontSize, s.paddingTop, e.offsetHeight]; }"
        )

    assert looks("password") == looks("real_name") == looks("password_again")
