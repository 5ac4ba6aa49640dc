"""An expired certificate reads as expired everywhere: the verification page, the public page, the portal, the API."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from registry.models import CertificateStatus
from registry.services.certificates import issue_registration_certificates, signed_token
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(minhang, django_capture_on_commit_callbacks):
    """An organization whose certificates were issued in 2015 (valid until 2020) and never renewed."""
    organization = OrganizationFactory(jurisdiction=minhang, certificate_valid_until=datetime.date(2020, 3, 1))
    with django_capture_on_commit_callbacks(execute=False):
        certificates = issue_registration_certificates(organization=organization, issued_on=datetime.date(2015, 3, 2))
    return organization, certificates[0]


def test_the_stored_status_stays_valid_and_the_shown_status_is_expired(expired):
    _organization, certificate = expired
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert certificate.shown_status == "expired" and certificate.get_shown_status_display() == "已过期"


def test_verification_page_says_the_certificate_is_expired(client, expired):
    _organization, certificate = expired
    page = client.get(f"/verify/{signed_token(certificate)}/").content.decode()
    assert "此证书已超过有效期" in page and "证书真实有效" not in page


def test_a_current_certificate_verifies_as_valid(client, minhang, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(jurisdiction=minhang)
    with django_capture_on_commit_callbacks(execute=False):
        (certificate, _duplicate) = issue_registration_certificates(organization=organization)
    page = client.get(f"/verify/{signed_token(certificate)}/").content.decode()
    assert "证书真实有效" in page and "超过有效期" not in page


def test_public_page_and_portal_show_expired(client, expired):
    organization, _certificate = expired
    page = client.get(f"/organizations/{organization.uscc}/").content.decode()
    assert "已过期" in page
    user = UserFactory(username="rep")
    assign_perm("registry.manage_organization", user, organization)
    client.force_login(user)
    assert "已过期" in client.get("/portal/").content.decode()
    assert "已过期" in client.get("/portal/certificates/").content.decode()


def test_api_reports_the_certificate_expired(client, expired, settings):
    settings.SEARCH_BACKEND = "database"  # the organization is read from the register, not a stale index
    organization, _certificate = expired
    rows = client.get("/api/organizations/", {"q": organization.uscc}).json()
    row = next(r for r in rows["results"] if r["uscc"] == organization.uscc)
    assert row["certificate_expired"] is True


def test_the_admin_list_shows_expired(client, expired):
    _organization, certificate = expired
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/registry/certificate/").content.decode()
    assert certificate.number in page and "已过期" in page
