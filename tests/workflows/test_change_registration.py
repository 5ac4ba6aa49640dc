"""Change registration (变更登记): applied for online, approved by officers; the register and certificate follow."""

import datetime
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import HistoryAction
from registry.models import ApplicationStatus, Certificate, CertificateStatus, RegistrationApplication
from registry.services.application_checks import application_problems, change_is_late, required_documents
from registry.services.certificates import issue_registration_certificates
from tests.workflows.conftest import act, open_task, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(make_org, applicant):
    organization = make_org(name="上海市闵行区书法协会")
    issue_registration_certificates(organization=organization)
    assign_perm("registry.manage_organization", applicant, organization)
    return organization


def start_change(client, applicant, organization):
    client.force_login(applicant)
    token = uuid.uuid4()
    response = client.post(f"/portal/organizations/{organization.pk}/change/", {"create_token": token})
    assert response.status_code == 302
    return RegistrationApplication.objects.get(create_token=token)


def fill_change(client, application, **changes):
    data = {
        "name": application.name,
        "domicile": application.domicile,
        "activity_area": application.activity_area,
        "business_scope": application.business_scope,
        "registered_funds": str(application.registered_funds),
        "competent_unit": application.competent_unit,
        "direct_category": application.direct_category,
        "contact_phone": "021-64000000",
        "decision_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        **changes,
    }
    response = client.post(f"/portal/applications/{application.pk}/edit/particulars/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    for requirement in required_documents(application):
        client.post(
            f"/portal/applications/{application.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload(f"{requirement.code}.pdf", pdf_bytes(requirement.code))},
        )


def test_change_of_name_reissues_the_certificate_and_keeps_history(
    client, applicant, bureau, registered, django_capture_on_commit_callbacks
):
    old_certificates = list(Certificate.objects.filter(organization=registered))
    application = start_change(client, applicant, registered)
    assert application.kind == "change" and application.name == registered.name
    fill_change(client, application, name="上海市闵行区书法家协会", domicile="上海市闵行区七宝镇新镇路1号")
    page = client.get(f"/portal/applications/{application.pk}/edit/confirm/").content.decode()
    assert "变更事项" in page and "上海市闵行区书法家协会" in page
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302

    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "变更事项符合规定"})
    act(client, bureau["approver"], application, {"decision": "approve"})
    with django_capture_on_commit_callbacks(execute=True):
        act(client, bureau["window"], application, {"confirm": "on"})

    application.refresh_from_db()
    registered.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert registered.name == "上海市闵行区书法家协会" and registered.domicile == "上海市闵行区七宝镇新镇路1号"
    change = registered.history.get(action=HistoryAction.CHANGED)
    assert change.changes["name"] == ["上海市闵行区书法协会", "上海市闵行区书法家协会"]
    for certificate in old_certificates:
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.SUPERSEDED
    current = Certificate.objects.filter(organization=registered, status=CertificateStatus.VALID)
    assert current.count() == 2 and all(c.snapshot["name"] == "上海市闵行区书法家协会" for c in current)


def test_change_with_nothing_changed_cannot_be_submitted(client, applicant, registered):
    application = start_change(client, applicant, registered)
    fill_change(client, application)
    response = client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}, follow=True)
    assert "没有任何变更事项" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_new_name_must_follow_the_rules_and_be_free(client, applicant, registered, make_org):
    make_org(name="上海市闵行区摄影协会")
    application = start_change(client, applicant, registered)
    fill_change(client, application, name="上海市闵行区摄影协会")
    body = client.post(
        f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}, follow=True
    ).content.decode()
    assert "已有同类型组织使用名称" in body


def test_only_the_organizations_own_applicant_can_apply(client, registered, make_org):
    from tests.workflows.conftest import confirmed_applicant

    stranger = confirmed_applicant(
        email="x@example.org", password="Apply-2026-pass", real_name="赵六", id_number="310112198506120035"
    )
    client.force_login(stranger)
    assert client.post(f"/portal/organizations/{registered.pk}/change/").status_code == 404
    assert not RegistrationApplication.objects.filter(organization=registered).exists()


def test_late_change_is_flagged_to_officers(client, applicant, bureau, registered):
    application = start_change(client, applicant, registered)
    fill_change(
        client,
        application,
        business_scope="书法创作、展览与培训",
        decision_date=(timezone.localdate() - datetime.timedelta(days=45)).isoformat(),
    )
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    task = open_task(application)
    client.force_login(bureau["window"])
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = client.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert "逾期申请" in page and "书法创作、展览与培训" in page


def test_change_is_due_within_30_days_of_the_competent_units_consent(client, applicant, bureau, make_org):
    # 社会团体登记管理条例 第十八条: 30 days from the competent unit's consent, not from the members' decision.
    organization = make_org(name="上海市闵行区摄影协会", competent_unit="上海市闵行区文化和旅游局", direct_category="")
    issue_registration_certificates(organization=organization)
    assign_perm("registry.manage_organization", applicant, organization)
    application = start_change(client, applicant, organization)
    days_ago = lambda n: (timezone.localdate() - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    fill_change(client, application, business_scope="摄影创作与展览", decision_date=days_ago(45))
    assert "请填写业务主管单位审查同意的日期。" in application_problems(application)
    fill_change(
        client, application, business_scope="摄影创作与展览", decision_date=days_ago(45), consent_date=days_ago(5)
    )
    assert application.consent_date and not change_is_late(application)
    fill_change(
        client, application, business_scope="摄影创作与展览", decision_date=days_ago(45), consent_date=days_ago(31)
    )
    assert change_is_late(application)


def test_foundation_change_has_no_time_limit():
    from registry.rules.conditions import change_window_start

    long_ago = datetime.date(2020, 1, 1)
    assert change_window_start(org_type="3", competent_unit="", decision_date=long_ago, consent_date=None) is None
    assert change_window_start(org_type="1", competent_unit="", decision_date=long_ago, consent_date=None) == long_ago


def test_voluntary_deregistration_keeps_the_organization_in_the_register(
    client, applicant, bureau, registered, django_capture_on_commit_callbacks, settings
):
    settings.SEARCH_BACKEND = "database"  # the index side is tested on the real node elsewhere
    client.force_login(applicant)
    token = uuid.uuid4()
    assert (
        client.post(
            f"/portal/organizations/{registered.pk}/deregister/", {"create_token": token, "confirmed": "yes"}
        ).status_code
        == 302
    )
    application = RegistrationApplication.objects.get(create_token=token)
    assert application.kind == "deregistration"
    steps = client.get(f"/portal/applications/{application.pk}/edit/particulars/").content.decode()
    assert "法定代表人和负责人" not in steps and "清算情况" in steps
    client.post(
        f"/portal/applications/{application.pk}/edit/particulars/",
        {
            "decision_date": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
            "liquidation_summary": "债权债务已清理完毕，剩余财产12,000元捐赠给上海市慈善基金会闵行区代表处。",
            "contact_phone": "021-64000000",
        },
    )
    application.refresh_from_db()
    codes = {r.code for r in required_documents(application)}
    assert {"dissolution_resolution", "liquidation_report", "certificates_returned"} <= codes
    for requirement in required_documents(application):
        client.post(
            f"/portal/applications/{application.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload(f"{requirement.code}.pdf", pdf_bytes(requirement.code))},
        )
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "清算完毕"})
    act(client, bureau["approver"], application, {"decision": "approve"})
    with django_capture_on_commit_callbacks(execute=True):
        act(client, bureau["window"], application, {"confirm": "on"})

    registered.refresh_from_db()
    assert registered.status == "deregistered" and registered.status_changed_on == timezone.localdate()
    assert not Certificate.objects.filter(organization=registered, status=CertificateStatus.VALID).exists()
    assert registered.history.filter(action=HistoryAction.DEREGISTERED).exists()
    page = client.get(f"/organizations/{registered.uscc}/").content.decode()
    assert "注销登记" in page  # still public, marked
    found = client.get("/organizations/", {"q": "书法"}).content.decode()
    assert registered.name in found


def test_establishment_and_changes_of_name_domicile_or_legal_representative_are_announced(
    client, applicant, bureau, registered, django_capture_on_commit_callbacks, make_org
):
    make_org(name="上海市闵行区新设围棋协会", founded_on=timezone.localdate())
    application = start_change(client, applicant, registered)
    fill_change(client, application, name="上海市闵行区书画协会", domicile="上海市闵行区七宝镇新镇路1号")
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "符合变更条件"})
    act(client, bureau["approver"], application, {"decision": "approve", "reason": ""})
    application.refresh_from_db()
    # 行政许可法 第四十四条: the certificate is due within 10 working days of approval.
    assert application.issue_due_on and (application.issue_due_on - timezone.localdate()).days >= 12
    with django_capture_on_commit_callbacks(execute=True):
        act(client, bureau["window"], application, {"confirm": "on"})
    notices = Client().get("/notices/").content.decode()
    assert "变更登记公告" in notices and "上海市闵行区书法协会 → 上海市闵行区书画协会" in notices
    assert "成立登记公告" in notices and "上海市闵行区新设围棋协会" in notices


def test_seal_and_bank_account_are_filed_after_registration(client, applicant, registered):
    client.force_login(applicant)
    client.post(
        f"/portal/organizations/{registered.pk}/filing/", {"kind": "bank_account", "details": "工商银行闵行支行 1001"}
    )
    client.post(f"/portal/organizations/{registered.pk}/filing/", {"kind": "seal", "details": ""})
    filings = list(registered.filings.values_list("kind", "details"))
    assert filings == [("bank_account", "工商银行闵行支行 1001")]
    assert "工商银行闵行支行 1001" in client.get("/portal/").content.decode()
