"""Uploading an application's documents: the limit is stated, and every refusal keeps the applicant in the form."""

import pytest

from registry.choices import OrgType
from registry.models import DocumentRequirement
from tests.workflows.conftest import fill_application, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, applicant, minhang):
    return fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY, skip_document="charter")


def documents_url(application):
    return f"/portal/applications/{application.pk}/edit/documents/"


def test_the_upload_page_states_the_size_limit(client, draft, settings):
    settings.REGISTRY = {**settings.REGISTRY, "UPLOAD_MAX_MB": 7}
    page = client.get(documents_url(draft)).content.decode()
    assert "单个文件不超过 7 MB" in page
    assert f'data-max-bytes="{7 * 1_048_576}"' in page


def test_a_refused_file_is_explained_beside_its_item_not_as_a_saved_notice(client, draft):
    charter = DocumentRequirement.objects.get(code="charter")
    client.get(documents_url(draft))  # the notices of the earlier steps, read
    response = client.post(
        documents_url(draft), {"requirement": charter.pk, "file": upload("charter.pdf", b"plain text")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    row = page.split(f'id="requirement-{charter.pk}"')[1].split("</tr>")[0]
    beside = row.split(f'id="upload-errors-{charter.pk}"')[1].split("</ul>")[0]
    assert "PDF" in beside and 'aria-invalid="true"' in row
    assert 'class="notice"' not in page
    assert not draft.documents.filter(requirement=charter).exists()


def test_an_upload_over_the_request_limit_returns_to_the_form_with_the_error(client, draft, settings):
    settings.REQUEST_MAX_MB = 1
    charter = DocumentRequirement.objects.get(code="charter")
    url = documents_url(draft)
    big = pdf_bytes() + b"0" * 1_200_000
    response = client.post(
        url, {"requirement": charter.pk, "file": upload("big.pdf", big)}, HTTP_REFERER=f"http://testserver{url}"
    )
    assert response.status_code == 303 and response["Location"] == f"http://testserver{url}"
    page = client.get(url).content.decode()
    assert '<div class="danger" role="alert">未上传：本次提交' in page and "超过 1 MB 的上限" in page
    assert 'type="file"' in page
    assert not draft.documents.filter(requirement=charter).exists()


def test_an_over_size_post_from_elsewhere_gets_the_refusal_page(client, draft, settings):
    settings.REQUEST_MAX_MB = 1
    charter = DocumentRequirement.objects.get(code="charter")
    big = pdf_bytes() + b"0" * 1_200_000
    response = client.post(
        documents_url(draft),
        {"requirement": charter.pk, "file": upload("big.pdf", big)},
        HTTP_REFERER="https://elsewhere.example/upload",
    )
    assert response.status_code == 413 and "提交内容过大" in response.content.decode()
