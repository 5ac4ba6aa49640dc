"""The organization page states the validity of the certificate the organization holds."""

import datetime

import pytest
from django.core.management import call_command

from registry.models import Certificate, CertificateCopy, CertificateKind, CertificateStatus, Organization
from registry.services.certificates import issue_registration_certificates

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_valid_certificates_date_not_an_older_record(client, make_org, settings, tmp_path):
    settings.CERTIFICATE_ROOT = tmp_path
    org = make_org(certificate_valid_until=datetime.date(2025, 5, 17))
    (original, _duplicate) = issue_registration_certificates(organization=org, issued_on=datetime.date(2026, 11, 24))
    page = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert original.valid_until == datetime.date(2031, 11, 23)
    assert "证书有效期至</th><td>2031年11月23日" in page
    assert "2025年5月17日" not in page


def test_an_imported_entry_without_a_certificate_keeps_its_recorded_date(client, make_org):
    org = make_org(certificate_valid_until=datetime.date(2028, 3, 1))
    assert "证书有效期至</th><td>2028年3月1日" in client.get(f"/organizations/{org.uscc}/").content.decode()


def test_demo_certificates_and_the_register_agree(settings, tmp_path, capsys):
    settings.CERTIFICATE_ROOT = tmp_path
    call_command("seed_demo", orgs=60, seed=2)
    valid = Certificate.objects.filter(
        kind=CertificateKind.REGISTRATION, copy=CertificateCopy.ORIGINAL, status=CertificateStatus.VALID
    )
    assert valid.exists()
    for certificate in valid:
        organization = Organization.objects.get(pk=certificate.organization_id)
        assert organization.certificate_valid_until == certificate.valid_until
