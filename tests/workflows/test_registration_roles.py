"""Each officer step of a registration is refused to a user without its role at the application's bureau."""

import pytest
from django.core.exceptions import PermissionDenied

from registry.choices import OfficerRole, OrgType
from registry.models import ApplicationStatus, Organization, OrganizationHistory, RegistrationApplication
from registry.services.application_review import (
    application_accept,
    application_approve,
    application_refuse,
    application_reject,
    application_review,
    corrections_request,
)
from registry.services.register import organization_register
from tests.workflows.conftest import fill_application

pytestmark = pytest.mark.django_db

REFUSED = "您没有在该登记管理机关办理此事项的权限。"


def submitted(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def unchanged(application, status, events):
    """The application is where it was, with no new step on its record."""
    fresh = RegistrationApplication.objects.get(pk=application.pk)
    assert fresh.status == status
    assert fresh.events.count() == events


@pytest.mark.parametrize("who", ["reviewer", "approver", "sj_window"])
def test_only_the_window_of_the_bureau_accepts_or_refuses(client, applicant, bureau, minhang, who):
    application = submitted(client, applicant, minhang)
    events = application.events.count()
    with pytest.raises(PermissionDenied, match=REFUSED):
        application_accept(application=application, by=bureau[who])
    with pytest.raises(PermissionDenied, match=REFUSED):
        application_refuse(application=application, by=bureau[who], reason="不属本机关管辖")
    unchanged(application, ApplicationStatus.SUBMITTED, events)


def test_corrections_are_requested_by_the_window_or_the_reviewer_only(client, applicant, bureau, minhang):
    application = submitted(client, applicant, minhang)
    events = application.events.count()
    for who in ("approver", "sj_window"):
        with pytest.raises(PermissionDenied, match=REFUSED):
            corrections_request(application=application, by=bureau[who], role=OfficerRole.WINDOW, items=["补交章程"])
    unchanged(application, ApplicationStatus.SUBMITTED, events)
    corrections_request(application=application, by=bureau["window"], role=OfficerRole.WINDOW, items=["补交章程"])
    unchanged(application, ApplicationStatus.CORRECTING, events + 1)


@pytest.mark.parametrize("who", ["window", "approver", "sj_window"])
def test_only_a_reviewer_of_the_bureau_reviews(client, applicant, bureau, minhang, who):
    application = submitted(client, applicant, minhang)
    application_accept(application=application, by=bureau["window"])
    events = application.events.count()
    with pytest.raises(PermissionDenied, match=REFUSED):
        application_review(application=application, by=bureau[who], opinion="符合条件")
    unchanged(application, ApplicationStatus.ACCEPTED, events)


@pytest.mark.parametrize("who", ["window", "reviewer", "sj_window"])
def test_only_the_section_head_of_the_bureau_approves_or_rejects(client, applicant, bureau, minhang, who):
    application = submitted(client, applicant, minhang)
    application_accept(application=application, by=bureau["window"])
    events = application.events.count()
    with pytest.raises(PermissionDenied, match=REFUSED):
        application_approve(application=application, by=bureau[who])
    with pytest.raises(PermissionDenied, match=REFUSED):
        application_reject(application=application, by=bureau[who], reason="资金来源不明")
    unchanged(application, ApplicationStatus.ACCEPTED, events)


@pytest.mark.parametrize("who", ["reviewer", "approver", "sj_window"])
def test_only_the_window_of_the_bureau_issues_and_the_register_is_untouched(client, applicant, bureau, minhang, who):
    application = submitted(client, applicant, minhang)
    application_accept(application=application, by=bureau["window"])
    application_approve(application=application, by=bureau["approver"])
    events = application.events.count()
    organizations, history = Organization.objects.count(), OrganizationHistory.objects.count()
    with pytest.raises(PermissionDenied, match=REFUSED):
        organization_register(application=application, by=bureau[who])
    unchanged(application, ApplicationStatus.APPROVED, events)
    assert (Organization.objects.count(), OrganizationHistory.objects.count()) == (organizations, history)
    organization = organization_register(application=application, by=bureau["window"])
    assert organization.jurisdiction == minhang
    unchanged(application, ApplicationStatus.COMPLETED, events + 1)


def test_each_step_is_recorded_under_the_role_the_process_gives_it(client, applicant, bureau, minhang):
    application = submitted(client, applicant, minhang)
    application_accept(application=application, by=bureau["window"])
    application_review(application=application, by=bureau["reviewer"], opinion="符合条件")
    application_approve(application=application, by=bureau["approver"])
    organization_register(application=application, by=bureau["window"])
    recorded = list(application.events.exclude(role="").order_by("pk").values_list("role", flat=True))
    assert recorded[-4:] == [OfficerRole.WINDOW, OfficerRole.REVIEWER, OfficerRole.APPROVER, OfficerRole.WINDOW]
