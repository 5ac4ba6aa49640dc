"""Uploaded files come back as downloads, never as pages; the image size cap is a setting every upload obeys."""

import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from registry.choices import OrgType
from registry.models import DocumentRequirement, PenaltyEvidence
from registry.services.complaints import complaint_submit
from registry.services.penalty_cases import evidence_path, open_case
from tests.workflows.conftest import fill_application, make_officer, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_every_uploaded_file_is_served_as_a_download(client, applicant, minhang, make_org):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    document = application.documents.get(requirement__code="charter")
    inspector = make_officer("mh_inspector_files", minhang, "inspector")
    organization = make_org(name="上海市闵行区青年志愿者协会")
    case = open_case(
        organization=organization, source="complaint", source_reference="TS-1", facts="超范围收费", by=inspector
    )
    evidence = (
        PenaltyEvidence.objects.create(  # evidence is added once the case is approved; stored as the service does
            case=case,
            description="举报材料",
            original_name="举报材料.pdf",
            stored_name="ab" * 16 + ".pdf",
            content_type="application/pdf",
            sha256="0" * 64,
            uploaded_by=inspector,
        )
    )
    evidence_path(evidence.stored_name).parent.mkdir(parents=True, exist_ok=True)
    evidence_path(evidence.stored_name).write_bytes(pdf_bytes())
    complaint, _code = complaint_submit(
        organization=organization,
        category="fees",
        description="强制会员缴纳赞助费，否则不予评优。",
        name="王小明",
        uploads=[upload("收据.png", png_bytes())],
    )
    officer = Client()
    officer.force_login(inspector)

    responses = {
        "application document": client.get(reverse("portal_document", args=[document.pk])),
        "penalty evidence": officer.get(reverse("work:penalty_evidence", args=[evidence.pk])),
        "complaint file": officer.get(reverse("work:supervision_file", args=[complaint.files.get().pk])),
    }
    for what, response in responses.items():
        assert response.status_code == 200, what
        assert response["Content-Disposition"].startswith("attachment;"), what
        assert response["X-Content-Type-Options"] == "nosniff", what
        assert "sandbox" in response["Content-Security-Policy"], what
    assert (
        "filename*=utf-8''%E4%B8%BE%E6%8A%A5%E6%9D%90%E6%96%99.pdf"
        in responses["penalty evidence"]["Content-Disposition"]
    )
    assert responses["complaint file"]["Content-Type"] == "image/png"


def test_an_upload_over_the_pixel_setting_is_refused_and_nothing_is_stored(client, applicant, minhang, settings):
    settings.REGISTRY = {**settings.REGISTRY, "UPLOAD_MAX_PIXELS": 10_000}
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY, skip_document="domicile_proof")
    requirement = DocumentRequirement.objects.get(code="domicile_proof")
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, format="PNG")
    response = client.post(
        f"/portal/applications/{application.pk}/edit/documents/",
        {"requirement": requirement.pk, "file": upload("domicile.png", buffer.getvalue())},
        follow=True,
    )
    assert "图片像素过多（超过 1 万像素），请缩小尺寸或降低分辨率后上传。" in response.content.decode()
    assert not application.documents.filter(requirement=requirement).exists()


def test_no_other_view_serves_an_upload_with_a_response_of_its_own():
    """A page that reads a stored upload (its path helper) hands it to `uploaded_file_response`, never to
    FileResponse or an inline Content-Disposition of its own."""
    root = Path(__file__).resolve().parents[2]
    helpers = re.compile(r"\b(document_path|file_path|evidence_path|audit_path|private_path)\(")
    offenders = []
    for path in [*(root / "registry" / "views").rglob("*.py"), *(root / "workflows").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        inline_upload = any("inline;" in line and "original_name" in line for line in source.splitlines())
        if (helpers.search(source) and "FileResponse(" in source) or inline_upload:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
