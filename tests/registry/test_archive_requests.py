"""Archive requests (登记档案查询): who may ask, the officer's grant, and downloads through an expiring link."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import ArchiveDownload, ArchiveRequest, ArchiveStatus
from registry.services.archive_requests import (
    archive_download_token,
    archive_file_documents,
    archive_request_for_download,
    archive_request_grant,
    archive_request_refuse,
    archive_request_submit,
    proof_path,
)
from registry.services.certificates import issue_registration_certificates
from tests.factories import OrganizationFactory, UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(minhang, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(jurisdiction=minhang)
    with django_capture_on_commit_callbacks(execute=True):
        issue_registration_certificates(organization=organization)
    return organization


@pytest.fixture
def window(minhang):
    return make_officer("mh_window", minhang, OfficerRole.WINDOW)


def lawyer_request(organization, **overrides):
    fields = {
        "organization": organization,
        "requester_kind": "lawyer",
        "requester_name": "王律师",
        "requester_unit": "上海某律师事务所",
        "requester_phone": "13900001111",
        "case_reference": "（2026）沪0112民初123号",
        "grounds": "代理合同纠纷案件，需核实被告的登记情况。",
        "proof": upload("licence.pdf", pdf_bytes("licence")),
    }
    return archive_request_submit(**(fields | overrides))


def test_a_lawyer_without_proof_is_refused_and_nothing_is_saved(organization):
    with pytest.raises(ValidationError, match="证明文件"):
        lawyer_request(organization, proof=None)
    assert not ArchiveRequest.objects.exists()


def test_a_lawyers_request_keeps_the_proof_privately(organization):
    request = lawyer_request(organization)
    assert request.status == ArchiveStatus.SUBMITTED and request.due_on > timezone.localdate()
    assert proof_path(request.proof_stored_name).read_bytes().startswith(b"%PDF")


def test_only_the_representative_asks_for_the_organizations_own_file(organization):
    with pytest.raises(PermissionDenied):
        archive_request_submit(
            organization=organization, by=UserFactory(), requester_kind="organization", requester_name="张三"
        )
    user = UserFactory(username="rep")
    assign_perm("registry.manage_organization", user, organization)
    request = archive_request_submit(
        organization=organization, by=user, requester_kind="organization", requester_name="张三"
    )
    assert request.submitted_by == user


def test_grant_only_documents_of_the_organizations_own_file(organization, window, minhang):
    other = OrganizationFactory(jurisdiction=minhang)
    request = lawyer_request(organization)
    foreign = [d.key for d in archive_file_documents(other)]
    with pytest.raises(ValidationError):
        archive_request_grant(request=request, by=window, keys=["certificate:999999", *foreign])
    request.refresh_from_db()
    assert request.status == ArchiveStatus.SUBMITTED and not request.items.exists()


def test_another_bureau_cannot_decide(organization, songjiang):
    request = lawyer_request(organization)
    with pytest.raises(PermissionDenied):
        archive_request_refuse(
            request=request, by=make_officer("sj_window", songjiang, OfficerRole.WINDOW), reason="无依据"
        )


def test_a_granted_link_downloads_and_logs_until_it_expires(client, organization, window, settings):
    request = lawyer_request(organization)
    keys = [d.key for d in archive_file_documents(organization)]
    assert len(keys) == 2  # the 正本 and the 副本
    request = archive_request_grant(request=request, by=window, keys=keys)
    assert request.expires_at - request.decided_at == datetime.timedelta(days=7)
    token = archive_download_token(request)
    page = client.get(f"/archive/download/{token}/")
    assert page.status_code == 200
    item = request.items.first()
    response = client.get(f"/archive/download/{token}/{item.pk}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    bundle = client.get(f"/archive/download/{token}/all.zip")
    assert bundle.status_code == 200 and bundle["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert len(zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()) == 2
    assert ArchiveDownload.objects.filter(request=request).count() == 2

    later = request.expires_at + datetime.timedelta(seconds=1)
    assert archive_request_for_download(token, now=later) == (request, "expired")
    ArchiveRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = client.get(f"/archive/download/{token}/{item.pk}/")
    assert expired.status_code == 410 and "下载链接已过期" in expired.content.decode()
    assert "expired" in client.get(f"/en/archive/download/{token}/").content.decode().lower()
    assert ArchiveDownload.objects.filter(request=request).count() == 2


def test_a_forged_token_is_not_found(client, organization, window):
    request = archive_request_grant(
        request=lawyer_request(organization), by=window, keys=[archive_file_documents(organization)[0].key]
    )
    token = archive_download_token(request)
    assert client.get(f"/archive/download/{token[:-2]}xx/").status_code == 404
    assert archive_request_for_download("nonsense")[1] == "invalid"
