"""Certificates: rendering with Chinese text, QR verification, supersession, voiding, downloads."""

import datetime
import subprocess
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from registry.choices import Grade, HistoryAction, OfficerRole, OrgStatus, OrgType
from registry.models import Certificate, CertificateStatus
from registry.models.certificate import ImmutableCertificateError
from registry.services.certificates import (
    certificate_path,
    issue_grade_certificate,
    issue_registration_certificates,
    signed_token,
    void_certificates,
)
from registry.services.officers import officer_assign
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def certificate_root(settings, tmp_path):
    settings.CERTIFICATE_ROOT = tmp_path / "certificates"
    settings.PUBLIC_BASE_URL = "http://registry.test"


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    def run(organization, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            certificates = issue_registration_certificates(organization=organization, issued_on=ISSUED, **kwargs)
        for certificate in certificates:
            certificate.refresh_from_db()
        return certificates

    return run


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def decode_qr(pdf_path, tmp_path) -> str:
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf_path), str(prefix)], check=True)
    result = subprocess.run(["zbarimg", "--raw", "-q", f"{prefix}.png"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("org_type", "name", "title"),
    [
        (OrgType.SOCIAL_ASSOCIATION, "上海市闵行区青年志愿者协会", "社会团体法人登记证书"),
        (OrgType.SERVICE_AGENCY, "上海市闵行区阳光社区服务中心", "民办非企业单位（法人）登记证书"),
        (OrgType.FOUNDATION, "上海市闵行区教育发展基金会", "基金会法人登记证书"),
    ],
)
def test_each_type_renders_original_and_duplicate_with_chinese_text(make_org, issue, org_type, name, title):
    org = make_org(org_type=org_type, name=name, registered_funds=Decimal("2000000"))
    original, duplicate = issue(org)
    assert original.number == duplicate.number
    for certificate, mark in ((original, "正 本"), (duplicate, "副 本")):
        assert certificate.file_sha256
        text = pdf_text(certificate_path(certificate))
        flat = text.replace(" ", "")
        assert title in flat and mark.replace(" ", "") in flat
        assert name in flat and org.uscc in flat
        assert "自2026年11月24日至2031年11月23日" in flat
        assert "人民币2,000,000.00元" in flat
        assert "上海市闵行区民政局" in flat


@pytest.mark.parametrize(
    ("org_type", "name", "capital"),
    [
        # The association's certificate says 活动资金, as its application form and 社团条例 第十条 do.
        (OrgType.SOCIAL_ASSOCIATION, "上海市闵行区青年志愿者协会", "活动资金"),
        (OrgType.SERVICE_AGENCY, "上海市闵行区阳光社区服务中心", "开办资金"),
        (OrgType.FOUNDATION, "上海市闵行区教育发展基金会", "原始基金"),
    ],
)
def test_certificate_names_the_capital_by_type_and_direct_registration_not_as_competent_unit(
    make_org, issue, org_type, name, capital
):
    from pypdf import PdfReader

    original, _duplicate = issue(make_org(org_type=org_type, name=name, registered_funds=Decimal("2000000")))
    text = "".join(PdfReader(certificate_path(original)).pages[0].extract_text().split())
    assert f"{capital}人民币2,000,000.00元" in text
    other_labels = {"注册资金", "活动资金", "开办资金", "原始基金"} - {capital}
    assert not any(label in text for label in other_labels)
    assert "登记方式直接登记（公益慈善类）" in text and "业务主管单位" not in text


def test_original_is_a3_and_duplicate_a4_landscape(make_org, issue):
    original, duplicate = issue(make_org())
    sizes = []
    for certificate in (original, duplicate):
        info = subprocess.run(["pdfinfo", str(certificate_path(certificate))], capture_output=True, text=True).stdout
        sizes.append(next(line for line in info.splitlines() if line.startswith("Page size")))
    assert "1190.55 x 841.89 pts (A3)" in sizes[0]  # landscape: width first
    assert "841.89 x 595.276 pts (A4)" in sizes[1]


def test_qr_code_leads_to_a_page_that_says_genuine(make_org, issue, client, tmp_path):
    org = make_org(name="上海市闵行区书法协会")
    original, _ = issue(org)
    url = decode_qr(certificate_path(original), tmp_path)
    assert url.startswith("http://registry.test/verify/")
    body = client.get(urlparse(url).path).content.decode()
    assert "证书真实有效" in body and "上海市闵行区书法协会" in body and original.number in body


def test_tampered_or_unknown_token_is_refused(make_org, issue, client):
    original, _ = issue(make_org())
    token = signed_token(original)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, "0" * 32, original.token):  # the raw token without its signature is refused too
        response = client.get(f"/verify/{bad}/")
        assert response.status_code == 404
        assert "无法核验" in response.content.decode()


def test_revoked_organization_certificate_verifies_as_revoked(make_org, issue, client):
    from registry.services.register import organization_update

    org = make_org()
    original, _ = issue(org)
    organization_update(
        organization=org, by=None, reason="连续两年未参加年检", action=HistoryAction.REVOKED, status=OrgStatus.REVOKED
    )
    assert void_certificates(organization=org, reason="撤销登记") == 2
    body = client.get(f"/verify/{signed_token(original)}/").content.decode()
    assert "该组织已被撤销登记，此证书作废。" in body
    assert "证书真实有效" not in body


def test_reissue_supersedes_the_old_certificates(make_org, issue, client):
    org = make_org()
    old_original, old_duplicate = issue(org)
    new_original, _ = issue(org)
    old_original.refresh_from_db()
    old_duplicate.refresh_from_db()
    assert old_original.status == old_duplicate.status == CertificateStatus.SUPERSEDED
    assert old_original.superseded_by == new_original
    assert new_original.number != old_original.number
    assert "此证书已换发新证，旧证作废。" in client.get(f"/verify/{signed_token(old_original)}/").content.decode()
    assert "证书真实有效" in client.get(f"/verify/{signed_token(new_original)}/").content.decode()


def test_expired_certificate_is_shown_as_expired(make_org, client, django_capture_on_commit_callbacks):
    org = make_org()
    with django_capture_on_commit_callbacks(execute=True):
        original, _ = issue_registration_certificates(organization=org, issued_on=datetime.date(2015, 3, 1))
    assert "此证书已超过有效期。" in client.get(f"/verify/{signed_token(original)}/").content.decode()


def test_grade_certificate(make_org, django_capture_on_commit_callbacks, tmp_path, client):
    org = make_org(grade=Grade.A4, grade_expires_on=datetime.date(2031, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_grade_certificate(organization=org, issued_on=ISSUED)
    certificate.refresh_from_db()
    flat = pdf_text(certificate_path(certificate)).replace(" ", "")
    assert "社会组织评估等级证书" in flat and "AAAA" in flat and "4A级" in flat and org.uscc in flat
    url = decode_qr(certificate_path(certificate), tmp_path)
    assert "证书真实有效" in client.get(urlparse(url).path).content.decode()


def test_issued_certificate_cannot_be_rewritten(make_org, issue):
    original, _ = issue(make_org())
    original.snapshot = {**original.snapshot, "name": "伪造"}
    with pytest.raises(ImmutableCertificateError):
        original.save()
    original.refresh_from_db()
    original.file_sha256 = "0" * 64
    with pytest.raises(ImmutableCertificateError):
        original.save()
    with pytest.raises(ImmutableCertificateError):
        original.delete()


def test_only_registered_organizations_get_certificates(make_org):
    org = make_org(status=OrgStatus.DEREGISTERED)
    with pytest.raises(ValueError):
        issue_registration_certificates(organization=org)
    assert not Certificate.objects.exists()


def test_only_the_bureaus_window_issues_and_only_its_section_head_issues_a_grade_certificate(
    make_org, minhang, songjiang
):
    org = make_org(grade=Grade.A4, grade_expires_on=datetime.date(2030, 12, 31))
    outsider = UserFactory(username="sj_window", is_staff=True)
    officer_assign(user=outsider, jurisdiction=songjiang, role=OfficerRole.WINDOW)
    reviewer = UserFactory(username="mh_reviewer", is_staff=True)
    officer_assign(user=reviewer, jurisdiction=minhang, role=OfficerRole.REVIEWER)
    for user in (outsider, reviewer):
        with pytest.raises(PermissionDenied):
            issue_registration_certificates(organization=org, by=user)
        with pytest.raises(PermissionDenied):
            issue_grade_certificate(organization=org, by=user)
    assert not Certificate.objects.exists()
    window = UserFactory(username="mh_window", is_staff=True)
    officer_assign(user=window, jurisdiction=minhang, role=OfficerRole.WINDOW)
    assert len(issue_registration_certificates(organization=org, by=window)) == 2


def test_render_failure_keeps_the_record_and_is_retried(make_org, monkeypatch, django_capture_on_commit_callbacks):
    import registry.services.certificates as service

    org = make_org()

    def broken(context):
        raise OSError("disk full")

    monkeypatch.setattr(service, "render_certificate_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        original, duplicate = issue_registration_certificates(organization=org, issued_on=ISSUED)
    original.refresh_from_db()
    assert original.file_sha256 == "" and "disk full" in original.render_error
    monkeypatch.undo()
    call_command("render_certificates", pending=True)
    original.refresh_from_db()
    assert original.file_sha256 and original.render_error == ""


def test_rerender_all_matches_the_stored_hashes(make_org, issue, capsys):
    issue(make_org())
    call_command("render_certificates", all=True)
    assert "哈希一致" in capsys.readouterr().out


def test_download_is_for_the_organization_and_its_bureau_only(make_org, issue, client, songjiang, minhang):
    from guardian.shortcuts import assign_perm

    from registry.choices import OfficerRole

    org = make_org()
    original, _ = issue(org)
    url = f"/certificates/{original.pk}/download/"
    assert client.get(url).status_code == 302  # anonymous: to the login page

    # Not yours answers as does-not-exist: the same 404 for someone else's certificate and a missing one.
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get("/certificates/999999/download/").status_code == 404

    songjiang_officer = OfficerFactory(username="sj_officer", roles=[OfficerRole.WINDOW], roles__jurisdiction=songjiang)
    client.force_login(songjiang_officer)
    assert client.get(url).status_code == 404

    applicant = UserFactory(username="org_contact")
    assign_perm("registry.manage_organization", applicant, org)
    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    minhang_officer = OfficerFactory(username="mh_officer", roles=[OfficerRole.REVIEWER], roles__jurisdiction=minhang)
    client.force_login(minhang_officer)
    assert client.get(url).status_code == 200


def test_verification_page_in_english(make_org, issue, client):
    original, _ = issue(make_org())
    body = client.get(f"/en/verify/{signed_token(original)}/").content.decode()
    assert "Genuine and valid" in body and "Certificate number" in body


def test_public_record_links_to_certificate_verification(make_org, issue, client):
    org = make_org()
    original, _ = issue(org)
    body = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert f"/verify/{signed_token(original)}/" in body


def test_portal_lists_my_organizations_and_certificates(make_org, issue, client):
    from guardian.shortcuts import assign_perm

    mine, other = make_org(name="上海市闵行区书法协会"), make_org(name="上海市闵行区围棋协会")
    original, _ = issue(mine)
    issue(other)
    applicant = UserFactory(username="org_contact2")
    assign_perm("registry.manage_organization", applicant, mine)
    client.force_login(applicant)
    body = client.get("/portal/").content.decode()
    assert "上海市闵行区书法协会" in body and f"/certificates/{original.pk}/download/" in body
    assert "上海市闵行区围棋协会" not in body
