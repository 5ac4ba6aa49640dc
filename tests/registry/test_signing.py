"""Electronic seals: certificates signed by their bureau's key on a real SoftHSM2 token, checked on upload."""

import datetime
import hashlib
import io
import re
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from registry import signing
from registry.choices import OrgStatus
from registry.models import Certificate, CertificateStatus, SignatureState
from registry.rendering import render_certificate_pdf
from registry.services.certificates import (
    certificate_context,
    certificate_path,
    issue_registration_certificates,
    render_pending,
)

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def public_base_url(settings):
    settings.PUBLIC_BASE_URL = "http://registry.test"


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    def run(organization):
        with django_capture_on_commit_callbacks(execute=True):
            certificates = issue_registration_certificates(organization=organization, issued_on=ISSUED)
        for certificate in certificates:
            certificate.refresh_from_db()
        return certificates

    return run


@pytest.fixture
def signing_config(settings):
    """Change the signing settings for one test only (the dict is copied, the worker's token stays)."""
    settings.SIGNING = dict(settings.SIGNING)
    yield settings.SIGNING
    signing.forget_signers()


def stored(certificate) -> bytes:
    return certificate_path(certificate).read_bytes()


def upload(client, content: bytes, name="certificate.pdf"):
    return client.post(reverse("document_verify"), {"document": SimpleUploadedFile(name, content, "application/pdf")})


def flip_byte_in_largest_stream(pdf: bytes) -> bytes:
    """Change one byte inside the rendered revision: in the middle of its largest stream (the embedded font)."""
    streams = [(m.start(1), m.end(1)) for m in re.finditer(rb"[^d]stream\r?\n(.*?)endstream", pdf, re.DOTALL)]
    start, end = max(streams, key=lambda span: span[1] - span[0])
    middle = (start + end) // 2
    return pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1 :]


def replace_first_page(pdf: bytes) -> bytes:
    """Append an incremental update that gives the first page new content, as a forger editing the file would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page = writer.root["/Pages"]["/Kids"][0]
    forged = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 400 Td (FORGED) Tj ET")
    page["/Contents"] = writer.add_object(forged)
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_an_issued_certificate_is_signed_by_its_bureau_on_the_token(make_org, issue):
    original, duplicate = issue(make_org())
    for certificate in (original, duplicate):
        assert certificate.signature == SignatureState.SIGNED and certificate.signed_at is not None
        pdf = stored(certificate)
        assert hashlib.sha256(pdf).hexdigest() == certificate.file_sha256
        check = signing.check_pdf(pdf)
        assert check.outcome == "intact"
        assert check.signer == "上海市闵行区民政局"
        assert check.number == certificate.number
        assert check.timestamped is False  # no timestamp authority is configured


def test_the_signature_is_an_update_after_the_rendering_and_sits_on_the_printed_seal(make_org, issue):
    (original, _duplicate) = issue(make_org())
    rendered, box = render_certificate_pdf(certificate_context(original))
    pdf = stored(original)
    assert pdf.startswith(rendered) and len(pdf) > len(rendered)
    (embedded,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    rectangle = [float(v) for v in embedded.sig_field["/Rect"]]
    assert rectangle == pytest.approx([box.x1, box.y1, box.x2, box.y2], abs=0.01)
    assert box.x2 - box.x1 == pytest.approx(42 / 25.4 * 72, abs=0.5)  # the seal is printed 42 mm wide


def test_keys_are_kept_per_bureau_and_the_setup_runs_again_without_changes(signing_keys, minhang, songjiang):
    again = signing.setup_demo_keys(
        [(minhang.code, minhang.authority_name), (songjiang.code, songjiang.authority_name)]
    )
    assert again == {"ca_created": False, "token_created": False, "keys_created": 0, "certificates_issued": 0}
    pdf = render_certificate_pdf(certificate_context(Certificate(**_sample(songjiang))))[0]
    signed = signing.sign_pdf(pdf, jurisdiction_code=songjiang.code, box=None, reason="测试（编号：1）")
    assert signing.check_pdf(signed).signer == "上海市松江区民政局"


def _sample(jurisdiction) -> dict:
    return {
        "number": "3101172026000001",
        "kind": "registration",
        "copy": "duplicate",
        "issued_on": ISSUED,
        "valid_until": ISSUED,
        "token": "ab" * 16,
        "snapshot": {
            "uscc": "51310117MJ0000001X",
            "name": "上海市松江区测试协会",
            "org_type": "1",
            "domicile": "松江区",
            "legal_rep_name": "李四",
            "business_scope": "测试",
            "registration_basis": "直接登记",
            "activity_area": "松江区",
            "registered_funds_text": "30,000.00元",
            "authority_name": jurisdiction.authority_name,
            "jurisdiction_code": jurisdiction.code,
            "layout": 2,
        },
    }


def test_a_reissued_certificate_is_signed_anew_and_the_old_one_verifies_as_superseded(make_org, issue, client):
    org = make_org()
    old_original, _old_duplicate = issue(org)
    new_original, _new_duplicate = issue(org)
    old_original.refresh_from_db()
    assert old_original.status == CertificateStatus.SUPERSEDED
    assert new_original.signature == SignatureState.SIGNED and new_original.number != old_original.number
    assert signing.check_pdf(stored(new_original)).number == new_original.number
    old_page = upload(client, stored(old_original)).content.decode()
    assert "电子签章有效" in old_page and "此证书已换发新证，旧证作废。" in old_page
    new_page = upload(client, stored(new_original)).content.decode()
    assert "登记簿记载此证书有效。" in new_page


def test_uploading_the_genuine_file_shows_signer_time_and_register_state(make_org, issue, client):
    original, _duplicate = issue(make_org())
    response = upload(client, stored(original))
    page = response.content.decode()
    assert response.status_code == 200
    assert "电子签章有效，文件自签章后未被改动" in page
    assert "上海市闵行区民政局" in page and original.number in page
    assert "无时间戳：签章时间由签章系统自报" in page
    assert "登记簿记载此证书有效。" in page
    qr_page = client.get(reverse("certificate_verify", args=[_token(original)])).content.decode()
    assert "由上海市闵行区民政局签章" in qr_page and reverse("document_verify") in qr_page


def test_one_changed_byte_is_reported_as_altered(make_org, issue, client):
    original, _duplicate = issue(make_org())
    tampered = flip_byte_in_largest_stream(stored(original))
    assert signing.check_pdf(tampered).outcome == "altered"
    page = upload(client, tampered).content.decode()
    assert "文件已被改动" in page and "电子签章有效" not in page


def test_a_page_replaced_after_signing_is_reported_as_altered(make_org, issue, client):
    original, _duplicate = issue(make_org())
    forged = replace_first_page(stored(original))
    assert signing.check_pdf(forged).outcome == "altered"
    assert "文件已被改动" in upload(client, forged).content.decode()


def test_a_revoked_organizations_certificate_is_intact_but_void_in_the_register(make_org, issue, client):
    org = make_org()
    original, _duplicate = issue(org)
    type(org).objects.filter(pk=org.pk).update(status=OrgStatus.REVOKED)
    page = upload(client, stored(original)).content.decode()
    assert "电子签章有效" in page and "该组织已被撤销登记，此证书作废。" in page


def test_a_file_signed_by_another_key_is_not_trusted(make_org, issue, signing_config, settings, tmp_path, minhang):
    original, _duplicate = issue(make_org())
    rendered, box = render_certificate_pdf(certificate_context(original))
    register_ca = signing_config["CA_CERT"]
    # A forger's own CA and key, with the bureau's name in the certificate.
    settings.SIGNING_DIR = tmp_path
    signing_config.update(
        BACKEND="pkcs12", CA_CERT=tmp_path / "ca.pem", CERT_DIR=tmp_path / "certs", PKCS12_DIR=tmp_path / "p12"
    )
    signing.setup_demo_keys([(minhang.code, minhang.authority_name)])
    forged = signing.sign_pdf(rendered, jurisdiction_code=minhang.code, box=box, reason="登记证书（编号：x）")
    signing_config["CA_CERT"] = register_ca
    check = signing.check_pdf(forged)
    assert check.outcome == "untrusted" and check.signer == "上海市闵行区民政局"


def test_uploads_that_are_not_pdfs_are_refused_and_unsigned_pdfs_are_said_so(client, signing_config):
    refused = upload(client, b"\x89PNG\r\n\x1a\n" + b"0" * 100, name="x.png")
    assert refused.status_code == 400
    signing_config["BACKEND"] = "none"
    unsigned = render_certificate_pdf(certificate_context(Certificate(**_sample_minhang())))[0]
    page = upload(client, unsigned).content.decode()
    assert "该文件没有电子签章" in page


def _sample_minhang() -> dict:
    from registry.models import Jurisdiction

    return _sample(Jurisdiction.objects.get(code="310112"))


def test_a_token_that_is_unavailable_leaves_the_certificate_pending_and_the_retry_signs_it(
    make_org, issue, signing_config, client
):
    from guardian.shortcuts import assign_perm

    from tests.factories import UserFactory

    signing.forget_signers()
    signing_config["PKCS11_TOKEN_LABEL"] = "no-such-token"
    org = make_org()
    original, duplicate = issue(org)
    assert Certificate.objects.filter(organization=org).count() == 2  # nothing is lost
    assert original.signature == SignatureState.PENDING and original.file_sha256 == ""
    assert "PKCS#11" in original.render_error
    member = UserFactory()
    assign_perm("registry.manage_organization", member, org)
    client.force_login(member)
    download = client.get(reverse("certificate_download", args=[original.pk]))
    assert download.status_code == 503 and "签章待生成" in download.content.decode()
    assert "签章待生成" in client.get(reverse("portal")).content.decode()
    verify_page = client.get(reverse("certificate_verify", args=[_token(original)])).content.decode()
    assert "签章待生成" in verify_page

    signing_config["PKCS11_TOKEN_LABEL"] = "registry-signing"
    assert render_pending(certificate_ids=[original.pk, duplicate.pk]) == {"done": 2, "failed": 0}
    original.refresh_from_db()
    assert original.signature == SignatureState.SIGNED and original.render_error == ""
    assert signing.check_pdf(stored(original)).outcome == "intact"


def _token(certificate) -> str:
    from registry.services.certificates import signed_token

    return signed_token(certificate)


def test_the_pkcs12_backend_signs_with_a_file_per_bureau(make_org, issue, signing_config, settings, tmp_path):
    settings.SIGNING_DIR = tmp_path
    signing_config.update(
        BACKEND="pkcs12", CA_CERT=tmp_path / "ca.pem", CERT_DIR=tmp_path / "certs", PKCS12_DIR=tmp_path / "p12"
    )
    call_command("signing_setup")
    assert (tmp_path / "p12" / "310112.p12").exists()
    original, _duplicate = issue(make_org())
    assert original.signature == SignatureState.SIGNED
    check = signing.check_pdf(stored(original))
    assert check.outcome == "intact" and check.signer == "上海市闵行区民政局"


def test_with_signing_off_certificates_say_they_are_not_signed(make_org, issue, signing_config, client):
    signing_config["BACKEND"] = "none"
    original, _duplicate = issue(make_org())
    assert original.signature == SignatureState.UNSIGNED and original.signed_at is None
    assert signing.check_pdf(stored(original)).outcome == "unsigned"
    assert "NOT DIGITALLY SIGNED" in pdf_text(certificate_path(original))  # the document says so itself
    page = client.get(reverse("certificate_verify", args=[_token(original)])).content.decode()
    assert "证书文件未加电子签章" in page


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_certificate_rendered_before_seals_re_renders_byte_for_byte_and_is_not_signed(make_org, issue):
    original, _duplicate = issue(make_org())
    rendering = render_certificate_pdf(certificate_context(original))[0]
    certificate_path(original).write_bytes(rendering)
    digest = hashlib.sha256(rendering).hexdigest()
    Certificate.objects.filter(pk=original.pk).update(file_sha256=digest, signature="", signed_at=None)
    certificate_path(original).unlink()
    call_command("render_certificates", all=True)
    assert stored(original) == rendering
    original.refresh_from_db()
    assert original.file_sha256 == digest and original.signature == ""


def test_rerendering_checks_a_signed_file_without_changing_it(make_org, issue, capsys):
    original, _duplicate = issue(make_org())
    before = stored(original)
    call_command("render_certificates", all=True)
    assert "哈希一致" in capsys.readouterr().out
    assert stored(original) == before


def test_a_lost_signed_file_is_rendered_and_signed_anew(make_org, issue):
    original, _duplicate = issue(make_org())
    certificate_path(original).unlink()
    call_command("render_certificates", all=True)
    original.refresh_from_db()
    pdf = stored(original)
    assert hashlib.sha256(pdf).hexdigest() == original.file_sha256
    assert signing.check_pdf(pdf).outcome == "intact"


def test_with_a_timestamp_authority_the_signature_is_timestamped_and_the_page_says_so(
    make_org, issue, signing_config, settings, monkeypatch, client
):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper

    signing_config["TSA_URL"] = "http://tsa.example.test/tsa"
    assert isinstance(signing._timestamper(), HTTPTimeStamper)  # what production asks
    # A timestamp authority certified by the register's CA answers here instead of over the network.
    ca_key = serialization.load_pem_private_key((settings.SIGNING_DIR / "ca.key.pem").read_bytes(), password=None)
    ca_certificate = x509.load_pem_x509_certificate(signing_config["CA_CERT"].read_bytes())
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA signs with RSA
    now = datetime.datetime.now(datetime.UTC)
    tsa_certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "测试时间戳服务")]))
        .issuer_name(ca_certificate.subject)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_certificate.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    monkeypatch.setattr(signing, "_timestamper", lambda: stamper)
    original, _duplicate = issue(make_org())
    check = signing.check_pdf(stored(original))
    assert check.outcome == "intact" and check.timestamped is True
    page = upload(client, stored(original)).content.decode()
    assert "有可信时间戳" in page and "无时间戳" not in page


def test_a_timestamp_authority_that_does_not_answer_leaves_the_certificate_pending(make_org, issue, signing_config):
    signing_config["TSA_URL"] = "http://127.0.0.1:9/tsa"  # the discard port: nothing answers
    original, _duplicate = issue(make_org())
    assert original.signature == SignatureState.PENDING and original.file_sha256 == ""
    assert "TimestampRequestError" in original.render_error
    signing_config["TSA_URL"] = ""
    render_pending(certificate_ids=[original.pk])
    original.refresh_from_db()
    assert original.signature == SignatureState.SIGNED


def test_a_grade_certificate_is_signed_too(make_org, django_capture_on_commit_callbacks):
    from registry.choices import Grade
    from registry.services.certificates import issue_grade_certificate

    org = make_org(grade=Grade.A4, grade_expires_on=datetime.date(2031, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_grade_certificate(organization=org, issued_on=ISSUED)
    certificate.refresh_from_db()
    check = signing.check_pdf(stored(certificate))
    assert check.outcome == "intact" and check.number == certificate.number
    assert check.reason.startswith("社会组织评估等级证书（正本）")
