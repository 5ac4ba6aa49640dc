"""Certificate renewal and replacement services: who may apply, what is issued, what is voided, and rollback."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from guardian.shortcuts import assign_perm

from registry.choices import HistoryAction, OfficerRole
from registry.models import Certificate, CertificateApplication, CertificateStatus, ServiceStatus
from registry.rules.annual import InspectionResult
from registry.services.annual import rectification_report, rectification_verify, report_review
from registry.services.certificate_applications import (
    certificate_application_issue,
    certificate_application_refuse,
    certificate_application_submit,
)
from registry.services.certificates import issue_registration_certificates
from tests.factories import AnnualReportFactory, OrganizationFactory, UserFactory
from tests.workflows.conftest import make_officer

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def organization(minhang, django_capture_on_commit_callbacks):
    organization = OrganizationFactory(jurisdiction=minhang)
    with django_capture_on_commit_callbacks(execute=False):
        issue_registration_certificates(organization=organization, issued_on=datetime.date(2022, 1, 10))
    return organization


@pytest.fixture
def representative(organization):
    user = UserFactory(username="rep")
    assign_perm("registry.manage_organization", user, organization)
    return user


@pytest.fixture
def window(minhang):
    return make_officer("mh_window", minhang, OfficerRole.WINDOW)


def held(organization):
    return {c.copy: c for c in Certificate.objects.filter(organization=organization, status=CertificateStatus.VALID)}


def test_renewal_in_the_window_issues_both_copies_with_a_new_validity(organization, representative, window):
    old = held(organization)
    assert old["original"].valid_until == datetime.date(2027, 1, 9)
    application = certificate_application_submit(
        organization=organization, by=representative, kind="renewal", today=datetime.date(2026, 11, 1)
    )
    assert application.due_on > datetime.date(2026, 11, 1) and application.status == ServiceStatus.SUBMITTED
    certificate_application_issue(application=application, by=window, today=TODAY)
    new = held(organization)
    assert new["original"].number != old["original"].number
    assert new["original"].valid_until == datetime.date(2031, 11, 23)
    for copy in ("original", "duplicate"):
        old[copy].refresh_from_db()
        assert old[copy].status == CertificateStatus.SUPERSEDED and old[copy].superseded_by_id is not None
    organization.refresh_from_db()
    assert organization.certificate_valid_until == datetime.date(2031, 11, 23)
    assert organization.history.filter(action=HistoryAction.CERTIFICATE_REISSUED).exists()


def test_renewal_before_the_window_is_refused_and_nothing_is_saved(organization, representative):
    with pytest.raises(ValidationError, match="可于2026年10月11日起申请换发"):
        certificate_application_submit(
            organization=organization, by=representative, kind="renewal", today=datetime.date(2026, 10, 10)
        )
    assert not CertificateApplication.objects.exists()


def test_renewal_on_application_is_refused_at_a_bureau_renewing_on_inspection(organization, representative, settings):
    settings.REGISTRY = {**settings.REGISTRY, "CERTIFICATE_RENEWAL_BY_BUREAU": "310112:inspection"}
    with pytest.raises(ValidationError, match="自动换发"):
        certificate_application_submit(
            organization=organization, by=representative, kind="renewal", today=datetime.date(2026, 12, 1)
        )


def test_only_the_representative_applies(organization):
    with pytest.raises(PermissionDenied):
        certificate_application_submit(organization=organization, by=UserFactory(), kind="renewal")


def test_replacement_of_a_lost_original_gets_a_new_number_and_the_same_validity(organization, representative, window):
    old = held(organization)
    application = certificate_application_submit(
        organization=organization,
        by=representative,
        kind="replacement",
        copy="original",
        cause="lost",
        loss_statement="本会不慎遗失登记证书正本，声明作废。",
    )
    certificate_application_issue(application=application, by=window, today=TODAY)
    new = held(organization)
    old["original"].refresh_from_db()
    assert old["original"].status == CertificateStatus.VOIDED
    assert old["original"].superseded_by == new["original"]
    assert "遗失" in old["original"].status_reason
    assert new["original"].number != old["original"].number
    assert new["original"].valid_until == old["original"].valid_until
    # The duplicate was not lost: it stays valid with its number.
    assert new["duplicate"] == old["duplicate"]


def test_a_damaged_certificate_must_be_returned(organization, representative):
    with pytest.raises(ValidationError, match="交回"):
        certificate_application_submit(
            organization=organization, by=representative, kind="replacement", copy="duplicate", cause="damaged"
        )


def test_another_bureaus_window_cannot_issue(organization, representative, songjiang):
    application = certificate_application_submit(
        organization=organization,
        by=representative,
        kind="replacement",
        copy="duplicate",
        cause="damaged",
        returned=True,
    )
    stranger = make_officer("sj_window", songjiang, OfficerRole.WINDOW)
    with pytest.raises(PermissionDenied):
        certificate_application_issue(application=application, by=stranger)
    application.refresh_from_db()
    assert application.status == ServiceStatus.SUBMITTED
    assert held(organization)["duplicate"].status == CertificateStatus.VALID


def test_issuing_rolls_back_when_the_certificate_is_no_longer_held(organization, representative, window):
    application = certificate_application_submit(
        organization=organization,
        by=representative,
        kind="replacement",
        copy="original",
        cause="damaged",
        returned=True,
    )
    Certificate.objects.filter(organization=organization).update(status=CertificateStatus.REVOKED)
    count = Certificate.objects.count()
    with pytest.raises(ValidationError):
        certificate_application_issue(application=application, by=window)
    application.refresh_from_db()
    assert application.status == ServiceStatus.SUBMITTED and Certificate.objects.count() == count


def test_refusal_needs_reasons(organization, representative, window):
    application = certificate_application_submit(
        organization=organization,
        by=representative,
        kind="replacement",
        copy="original",
        cause="damaged",
        returned=True,
    )
    with pytest.raises(ValidationError):
        certificate_application_refuse(application=application, by=window, reason="")
    refused = certificate_application_refuse(application=application, by=window, reason="证书并未损毁，无需换领。")
    assert refused.status == ServiceStatus.REFUSED


def _inspection(organization, minhang, year):
    report = AnnualReportFactory(organization=organization, year=year, status="submitted")
    return report, make_officer("mh_inspector", minhang, OfficerRole.INSPECTOR)


def test_passing_the_inspection_of_the_expiring_year_renews_automatically(organization, minhang, settings):
    settings.REGISTRY = {**settings.REGISTRY, "CERTIFICATE_RENEWAL_BY_BUREAU": "310112:inspection"}
    old = held(organization)
    report, inspector = _inspection(organization, minhang, 2026)  # the certificate expires in 2027
    report_review(report=report, by=inspector, result=InspectionResult.PASSED, reason="材料齐全。", today=TODAY)
    new = held(organization)
    assert new["original"].number != old["original"].number
    assert new["original"].issued_on == TODAY and new["original"].valid_until == datetime.date(2031, 11, 23)
    application = CertificateApplication.objects.get(organization=organization)
    assert application.automatic and application.annual_report == report and application.status == "done"


def test_an_inspection_of_an_earlier_year_does_not_renew(organization, minhang, settings):
    settings.REGISTRY = {**settings.REGISTRY, "CERTIFICATE_RENEWAL_BY_BUREAU": "310112:inspection"}
    old = held(organization)
    report, inspector = _inspection(organization, minhang, 2024)
    report_review(report=report, by=inspector, result=InspectionResult.PASSED, reason="材料齐全。", today=TODAY)
    assert held(organization) == old and not CertificateApplication.objects.exists()


def test_no_automatic_renewal_at_a_bureau_renewing_on_application(organization, minhang):
    old = held(organization)
    report, inspector = _inspection(organization, minhang, 2026)
    report_review(report=report, by=inspector, result=InspectionResult.PASSED, reason="材料齐全。", today=TODAY)
    assert held(organization) == old


def test_basic_pass_renews_after_the_rectification_is_verified(organization, minhang, representative, settings):
    settings.REGISTRY = {**settings.REGISTRY, "CERTIFICATE_RENEWAL_BY_BUREAU": "310112:inspection"}
    old = held(organization)
    report, inspector = _inspection(organization, minhang, 2026)
    report = report_review(
        report=report,
        by=inspector,
        result=InspectionResult.BASIC,
        reason="财务制度不健全。",
        requirements="建立财务制度。",
        today=TODAY,
    )
    assert held(organization) == old
    report = rectification_report(report=report, by=representative, text="已建立财务管理制度并经理事会通过。")
    rectification_verify(report=report, by=inspector, passed=True, note="已核查。")
    assert held(organization)["original"].number != old["original"].number
