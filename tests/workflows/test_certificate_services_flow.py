"""Certificate renewal, replacement and archive requests, from the portal through the officer's step to the record."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfReader
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry import signing
from registry.choices import OfficerRole
from registry.models import ArchiveRequest, Certificate, CertificateApplication, CertificateStatus
from registry.services.certificates import issue_registration_certificates, signed_token
from tests.factories import OrganizationFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(minhang, applicant, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(jurisdiction=minhang)
    assign_perm("registry.manage_organization", applicant, organization)
    # Issued so that the renewal window (90 days before the validity ends) is open today.
    issued_on = timezone.localdate().replace(year=timezone.localdate().year - 5) + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        issue_registration_certificates(organization=organization, issued_on=issued_on)
    return organization


def pdf_text(content: bytes) -> str:
    """The text of a PDF, without the line breaks and spaces layout adds."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def task_of(**lookup):
    return Task.objects.get(flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED], **lookup)


def work(client, user, task, data):
    client.force_login(user)
    args = [task.process_id, task.pk]
    if task.status == STATUS.NEW:
        assert client.post(task.flow_task.reverse("assign", args=args)).status_code == 302
    return client.post(task.flow_task.reverse("execute", args=args), data)


def test_replacement_from_portal_to_officer_to_the_public_record(client, applicant, organization, minhang):
    client.force_login(applicant)
    old = Certificate.objects.get(organization=organization, copy="original")
    response = client.post(
        "/portal/certificates/apply/",
        {
            "organization": organization.pk,
            "kind": "replacement",
            "copy": "original",
            "cause": "lost",
            "loss_statement": "本会不慎遗失登记证书正本一份，声明作废。",
        },
    )
    assert response.status_code == 302
    application = CertificateApplication.objects.get(organization=organization)
    task = task_of(process__bureauprocess__certificate_application=application)
    window = make_officer("mh_window", minhang, OfficerRole.WINDOW)
    stranger = make_officer("mh_inspector", minhang, OfficerRole.INSPECTOR)
    client.force_login(stranger)
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 403
    assert work(client, window, task, {"decision": "issue"}).status_code == 302
    application.refresh_from_db()
    old.refresh_from_db()
    assert application.status == "done" and old.status == CertificateStatus.VOIDED
    # The old QR code says voided and names the replacement; the loss statement is public.
    page = client.get(f"/verify/{signed_token(old)}/").content.decode()
    assert "已声明作废" in page and application.issued_number in page
    public = client.get(f"/organizations/{organization.uscc}/").content.decode()
    assert "本会不慎遗失登记证书正本一份" in public
    client.force_login(applicant)
    pdf = client.get(f"/portal/certificates/{application.pk}/decision.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert signing.check_pdf(pdf.content).outcome == "intact"  # sealed by the bureau's key
    text = pdf_text(pdf.content)
    assert "证书换发（补领）决定书" in text and f"民社证字〔{application.decided_on.year}〕" in text
    assert application.issued_number in text and application.reference in text


def test_renewal_refused_with_reasons(client, applicant, organization, minhang):
    client.force_login(applicant)
    client.post("/portal/certificates/apply/", {"organization": organization.pk, "kind": "renewal"})
    application = CertificateApplication.objects.get(organization=organization)
    window = make_officer("mh_window", minhang, OfficerRole.WINDOW)
    task = task_of(process__bureauprocess__certificate_application=application)
    response = work(client, window, task, {"decision": "refuse", "reason": ""})
    assert response.status_code == 200 and "请写明不予办理的理由" in response.content.decode()
    work(client, window, task_of(pk=task.pk), {"decision": "refuse", "reason": "该组织正在接受行政处罚调查。"})
    application.refresh_from_db()
    assert application.status == "refused"
    assert Certificate.objects.filter(organization=organization, status="valid").count() == 2


def test_archive_request_from_the_public_form_to_the_download(client, organization, minhang):
    response = client.post(
        "/archive/",
        {
            "uscc": organization.uscc,
            "requester_kind": "court",
            "requester_name": "李法官",
            "requester_unit": "闵行区人民法院",
            "requester_phone": "02100000000",
            "case_reference": "（2026）沪0112民初88号",
            "grounds": "审理合同纠纷案件，需调取被告登记档案。",
            "proof": upload("order.pdf", pdf_bytes("order")),
        },
    )
    assert response.status_code == 302
    status_url = response["Location"]
    assert "已提交，待审核" in client.get(status_url).content.decode()
    archive = ArchiveRequest.objects.get()
    window = make_officer("mh_window", minhang, OfficerRole.WINDOW)
    task = task_of(process__bureauprocess__archive_request=archive)
    client.force_login(window)
    assert client.get(f"/workflow/work/archive/proofs/{archive.pk}/").status_code == 200
    certificate = Certificate.objects.filter(organization=organization).first()
    assert (
        work(client, window, task, {"decision": "grant", "documents": [f"certificate:{certificate.pk}"]}).status_code
        == 302
    )
    client.logout()
    page = client.get(status_url).content.decode()
    assert "同意查询" in page and "下载档案材料" in page
    archive.refresh_from_db()
    assert [item.source_id for item in archive.items.all()] == [certificate.pk]
    reply = client.get(status_url + "reply.pdf")
    assert reply.status_code == 200 and signing.check_pdf(reply.content).outcome == "intact"
    text = pdf_text(reply.content)
    assert "登记档案查询答复书" in text and "同意提供下列登记档案材料" in text and certificate.number in text


def test_the_proof_is_not_shown_to_another_bureau(client, organization, songjiang):
    archive = ArchiveRequest.objects.create(
        organization=organization,
        requester_kind="lawyer",
        requester_name="王律师",
        due_on=timezone.localdate(),
        proof_stored_name="ab" * 16 + ".pdf",
        proof_content_type="application/pdf",
        proof_original_name="x.pdf",
    )
    client.force_login(make_officer("sj_window", songjiang, OfficerRole.WINDOW))
    assert client.get(f"/workflow/work/archive/proofs/{archive.pk}/").status_code == 404


def test_the_organization_asks_for_its_own_file_from_the_portal(client, applicant, organization):
    client.force_login(applicant)
    assert client.post("/portal/archive/apply/", {"organization": organization.pk}).status_code == 302
    archive = ArchiveRequest.objects.get()
    assert archive.requester_kind == "organization" and archive.submitted_by == applicant
    assert archive.reference in client.get("/portal/archive/").content.decode()


def test_the_loss_statement_is_a_public_notice(client, applicant, organization, minhang):
    client.force_login(applicant)
    client.post(
        "/portal/certificates/apply/",
        {
            "organization": organization.pk,
            "kind": "replacement",
            "copy": "duplicate",
            "cause": "lost",
            "loss_statement": "本会不慎遗失登记证书副本一份，声明作废。",
        },
    )
    application = CertificateApplication.objects.get()
    notices = client.get("/notices/", {"kind": "certificate_loss"}).content.decode()
    assert "不慎遗失登记证书副本" not in notices  # published when the replacement is issued
    work(
        client,
        make_officer("mh_window", minhang, OfficerRole.WINDOW),
        task_of(process__bureauprocess__certificate_application=application),
        {"decision": "issue"},
    )
    notices = client.get("/notices/", {"kind": "certificate_loss"}).content.decode()
    assert "不慎遗失登记证书副本一份，声明作废" in notices and organization.name in notices


def test_the_public_form_refuses_too_many_requests_from_one_address(client, organization, settings):
    cache.clear()
    settings.REGISTRY = {**settings.REGISTRY, "ARCHIVE_REQUESTS_PER_DAY": 1}
    data = {"uscc": organization.uscc, "requester_kind": "authority", "requester_name": "赵科长"}
    assert client.post("/archive/", data).status_code == 200  # refused for what it lacks, counted all the same
    refused = client.post("/archive/", data)
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert not ArchiveRequest.objects.exists()
