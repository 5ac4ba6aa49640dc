"""What the change and deregistration forms show the applicant and the officers."""

import datetime
import uuid
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.models import ApplicationStatus, OrganizationOfficer, PrincipalOfficer, RegistrationApplication
from registry.services.application_checks import required_documents
from tests.factories import UserFactory
from tests.workflows.conftest import open_task, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(make_org, applicant):
    organization = make_org(name="上海市闵行区书法协会")
    assign_perm("registry.manage_organization", applicant, organization)
    return organization


def start(client, applicant, organization, what="change"):
    client.force_login(applicant)
    token = uuid.uuid4()
    data = {"create_token": token}
    if what == "deregister":  # the representative is asked to confirm before a deregistration is opened
        asked = client.post(f"/portal/organizations/{organization.pk}/{what}/", data)
        assert asked.status_code == 200 and not RegistrationApplication.objects.filter(create_token=token).exists()
        data["confirmed"] = "yes"
    response = client.post(f"/portal/organizations/{organization.pk}/{what}/", data)
    assert response.status_code == 302
    return RegistrationApplication.objects.get(create_token=token)


def name_check(client, application, name):
    page = client.get(f"/portal/applications/{application.pk}/edit/particulars/").content.decode()
    url = page.split('data-name-check-url="')[1].split('"')[0].replace("&amp;", "&")
    return client.get(f"{url}&{urlencode({'name': name})}").json()


def test_the_organizations_own_name_is_not_taken(client, applicant, registered, make_org):
    application = start(client, applicant, registered)
    assert name_check(client, application, registered.name) == {"ok": True, "errors": []}
    make_org(name="上海市闵行区书画协会")
    assert not name_check(client, application, "上海市闵行区书画协会")["ok"]


def test_another_users_organization_is_not_excluded_from_the_name_check(client, applicant, registered):
    application = start(client, applicant, registered)
    stranger = Client()
    stranger.force_login(UserFactory())
    url = f"/portal/applications/name-check/?org_type={application.org_type}&jurisdiction={application.jurisdiction_id}"
    answer = stranger.get(url, {"name": registered.name, "organization": registered.pk}).json()
    assert not answer["ok"]


def test_change_starts_from_the_officers_on_record(client, applicant, registered):
    OrganizationOfficer.objects.create(
        organization=registered, position="会长", name="王明", id_number="110101199003074477", full_time=True
    )
    application = start(client, applicant, registered)
    assert [(o.position, o.name, o.id_number, o.full_time) for o in application.officers.all()] == [
        ("会长", "王明", "110101199003074477", True)
    ]
    page = client.get(f"/portal/applications/{application.pk}/edit/people/").content.decode()
    assert 'value="王明"' in page


def test_change_takes_the_officers_of_the_approved_registration_when_the_register_has_none(
    client, applicant, registered
):
    registration = RegistrationApplication.objects.create(
        applicant=applicant,
        create_token=uuid.uuid4(),
        kind="registration",
        org_type=registered.org_type,
        jurisdiction=registered.jurisdiction,
        organization=registered,
        status=ApplicationStatus.COMPLETED,
        decided_at=timezone.now(),
    )
    PrincipalOfficer.objects.create(
        application=registration, position="秘书长", name="李华", id_number="110101199003074477"
    )
    application = start(client, applicant, registered)
    assert [(o.position, o.name) for o in application.officers.all()] == [("秘书长", "李华")]


def test_deregistration_carries_no_officers(client, applicant, registered):
    OrganizationOfficer.objects.create(
        organization=registered, position="会长", name="王明", id_number="110101199003074477"
    )
    application = start(client, applicant, registered, "deregister")
    assert not application.officers.exists()


def test_the_current_name_is_not_called_a_proposed_name(client, applicant, registered):
    application = start(client, applicant, registered)
    particulars = client.get(f"/portal/applications/{application.pk}/edit/particulars/").content.decode()
    confirm = client.get(f"/portal/applications/{application.pk}/edit/confirm/").content.decode()
    assert "拟定名称" not in particulars and "拟定名称" not in confirm
    assert "现登记名称" in particulars


def test_deregistration_date_has_its_own_help_text(client, applicant, registered):
    application = start(client, applicant, registered, "deregister")
    page = client.get(f"/portal/applications/{application.pk}/edit/particulars/").content.decode()
    assert "作出解散决定的日期" in page and "解散（终止）决定" in page
    assert "变更事项" not in page


def test_officers_review_a_deregistration_with_its_dissolution_date_and_liquidation(
    client, applicant, bureau, registered
):
    application = start(client, applicant, registered, "deregister")
    client.post(
        f"/portal/applications/{application.pk}/edit/particulars/",
        {
            "decision_date": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
            "liquidation_summary": "债权债务已清理完毕，剩余财产捐赠给同类公益组织。",
            "contact_phone": "021-64000000",
        },
    )
    application.refresh_from_db()
    for requirement in required_documents(application):
        client.post(
            f"/portal/applications/{application.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload(f"{requirement.code}.pdf", pdf_bytes(requirement.code))},
        )
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    client.force_login(bureau["window"])
    task = open_task(application)
    args = [task.process_id, task.pk]
    assert client.post(task.flow_task.reverse("assign", args=args)).status_code == 302
    page = client.get(task.flow_task.reverse("execute", args=args)).content.decode()
    day = application.decision_date
    assert f"{day.year}年{day.month}月{day.day}日" in page
    assert "剩余财产捐赠给同类公益组织" in page
