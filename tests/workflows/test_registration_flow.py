"""Registration end to end through HTTP as the real roles: apply, correct, accept, review, approve, issue."""

import pytest
from django.core import mail
from viewflow.workflow.status import PROCESS

from registry.choices import HistoryAction, OrgStatus, OrgType
from registry.models import ApplicationStatus, Certificate, RegistrationApplication
from registry.rules.codes import uscc_errors
from registry.search.backends import SearchQuery, get_backend
from registry.services.certificates import certificate_path
from registry.services.search_queue import drain_index_queue
from tests.workflows.conftest import act, fill_application, open_task, pdf_bytes, upload
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db


def correct_and_accept(client, applicant, application, bureau):
    """The window asks for a corrected charter; the applicant replaces it and resubmits; the window accepts."""
    response = act(
        client,
        bureau["window"],
        application,
        {"decision": "corrections", "items": "章程第十条会费标准未经会员大会通过\n住所证明已过期", "reason": "请补正"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTING

    client.force_login(applicant)
    page = client.get(f"/portal/applications/{application.pk}/").content.decode()
    assert "章程第十条会费标准未经会员大会通过" in page and "住所证明已过期" in page  # both items, at once
    charter = application.documents.get(requirement__code="charter").requirement
    client.post(
        f"/portal/applications/{application.pk}/edit/documents/",
        {"requirement": charter.pk, "file": upload("charter-v2.pdf", pdf_bytes("v2"))},
    )
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.get(requirement=charter).original_name == "charter-v2.pdf"

    assert act(client, bureau["window"], application, {"decision": "accept", "note": "材料齐全"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.decision_due_on


def review_approve_issue(client, bureau, application, django_capture_on_commit_callbacks):
    assert (
        act(
            client,
            bureau["reviewer"],
            application,
            {"decision": "pass", "opinion": "符合登记条件", "site_visit_note": "住所与证明一致"},
        ).status_code
        == 302
    )
    assert act(client, bureau["approver"], application, {"decision": "approve", "reason": ""}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, bureau["window"], application, {"confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    return application.organization


def assert_registered(organization, application, es_index):
    assert organization.status == OrgStatus.NORMAL
    assert uscc_errors(organization.uscc) == [] and organization.uscc[1] == organization.org_type
    assert organization.uscc[2:8] == application.jurisdiction.code
    assert organization.name == application.name and organization.certificate_valid_until
    actions = list(organization.history.values_list("action", flat=True))
    assert HistoryAction.REGISTERED in actions and HistoryAction.CERTIFICATE_ISSUED in actions
    certificates = Certificate.objects.filter(organization=organization)
    assert sorted(certificates.values_list("copy", flat=True)) == ["duplicate", "original"]
    for certificate in certificates:
        assert certificate_path(certificate).read_bytes().startswith(b"%PDF")
    drain_index_queue(force=True)
    backend = get_backend()
    backend.refresh()
    found = backend.search(SearchQuery(text=organization.uscc))
    assert found.backend == "elasticsearch" and found.ids == [organization.pk]


@pytest.mark.parametrize("org_type", [OrgType.SOCIAL_ASSOCIATION, OrgType.SERVICE_AGENCY])
def test_one_step_registration_end_to_end(
    client, applicant, bureau, minhang, org_type, es_index, django_capture_on_commit_callbacks
):
    application = fill_application(client, applicant, minhang, org_type)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.kind == "registration"
    assert mail.outbox and application.reference in mail.outbox[-1].subject

    with django_capture_on_commit_callbacks(execute=True):
        correct_and_accept(client, applicant, application, bureau)
    organization = review_approve_issue(client, bureau, application, django_capture_on_commit_callbacks)
    assert_registered(organization, application, es_index)
    process = BureauProcess.objects.get(application=application)
    assert process.status == PROCESS.DONE and process.jurisdiction == minhang
    assert applicant.has_perm("registry.manage_organization", organization)
    subjects = [m.subject for m in mail.outbox]
    assert any("需要补正" in s for s in subjects) and any("已办结" in s for s in subjects)


def test_foundation_registers_only_with_the_province_level_bureau(
    client, applicant, city_bureau, minhang, shanghai, es_index, django_capture_on_commit_callbacks
):
    # 基金会管理条例 第六条: a district bureau refuses to open a foundation application at all.
    client.force_login(applicant)
    page = client.post(
        "/portal/applications/new/",
        {
            "org_type": OrgType.FOUNDATION,
            "jurisdiction": minhang.pk,
            "create_token": "6f1c1d2e-2fa1-11d2-883f-0016d3cca427",
        },
    )
    assert page.status_code == 200 and "本机关不能登记基金会" in page.content.decode()
    assert not RegistrationApplication.objects.filter(applicant=applicant).exists()

    application = fill_application(client, applicant, shanghai, OrgType.FOUNDATION)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
        assert act(client, city_bureau["window"], application, {"decision": "accept"}).status_code == 302
    organization = review_approve_issue(client, city_bureau, application, django_capture_on_commit_callbacks)
    assert_registered(organization, application, es_index)
    assert organization.uscc[2:8] == "310000"


def test_association_registers_in_one_step_by_default(client, applicant, minhang):
    # 社会团体登记管理条例 (2016 revision): no preparation approval; the member list goes with the application.
    application = fill_application(client, applicant, minhang, OrgType.SOCIAL_ASSOCIATION)
    assert application.kind == "registration" and application.preparation is None
    assert "member_list" in {r.code for r in _required(application)}
    page = client.get("/portal/applications/new/").content.decode()
    assert "均一次申请登记" in page and "先申请筹备" not in page


def test_association_prepares_then_establishes_where_the_bureau_keeps_preparation(
    client, applicant, bureau, minhang, es_index, django_capture_on_commit_callbacks, settings
):
    settings.REGISTRY = {**settings.REGISTRY, "ASSOCIATION_PREPARATION": True}
    client.force_login(applicant)
    assert "先申请筹备" in client.get("/portal/applications/new/").content.decode()
    preparation = fill_application(client, applicant, minhang, OrgType.SOCIAL_ASSOCIATION)
    assert preparation.kind == "preparation"
    assert client.post(f"/portal/applications/{preparation.pk}/submit/", {"declaration": "on"}).status_code == 302
    correct_and_accept(client, applicant, preparation, bureau)
    preparing = review_approve_issue(client, bureau, preparation, django_capture_on_commit_callbacks)
    assert preparing.status == OrgStatus.PREPARING and not preparing.uscc
    assert not Certificate.objects.filter(organization=preparing).exists()

    # The second, linked process: establishment after the founding meeting.
    client.force_login(applicant)
    response = client.post(
        f"/portal/applications/{preparation.pk}/establish/", {"create_token": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
    )
    establishment = RegistrationApplication.objects.get(preparation=preparation)
    assert response.status_code == 302 and establishment.kind == "establishment"
    assert establishment.name == preparation.name and establishment.officers.count() == 2
    meeting = next(r for r in _required(establishment) if r.code == "founding_meeting")
    for requirement in _required(establishment):
        client.post(
            f"/portal/applications/{establishment.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload(f"{requirement.code}.pdf", pdf_bytes(requirement.code))},
        )
    assert establishment.documents.filter(requirement=meeting).exists()
    assert client.post(f"/portal/applications/{establishment.pk}/submit/", {"declaration": "on"}).status_code == 302
    assert act(client, bureau["window"], establishment, {"decision": "accept"}).status_code == 302
    organization = review_approve_issue(client, bureau, establishment, django_capture_on_commit_callbacks)
    assert organization.pk == preparing.pk  # the same organization, now registered
    assert_registered(organization, establishment, es_index)
    assert BureauProcess.objects.filter(application__in=[preparation, establishment]).count() == 2


def _required(application):
    from registry.services.application_checks import required_documents

    return required_documents(application)


def test_applicant_rates_once(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "refuse", "reason": "不属于本机关登记管辖范围"})
    client.force_login(applicant)
    assert (
        client.post(f"/portal/applications/{application.pk}/rate/", {"score": "4", "comment": "回复及时"}).status_code
        == 302
    )
    client.post(f"/portal/applications/{application.pk}/rate/", {"score": "1"})
    application.refresh_from_db()
    assert application.rating.score == 4 and application.rating.comment == "回复及时"
    page = client.get(f"/portal/applications/{application.pk}/").content.decode()
    assert "每件申请只能评价一次" in page


def test_timeline_shows_role_and_deadline_not_officer_names(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept", "note": "内部：申请人曾有失信记录需关注"})
    client.force_login(applicant)
    page = client.get(f"/portal/applications/{application.pk}/").content.decode()
    application.refresh_from_db()
    assert "受理窗口" in page and "审查" in page
    assert "个工作日" in page and f"{application.decision_due_on.month}月{application.decision_due_on.day}日" in page
    assert "内部：申请人曾有失信记录需关注" not in page and "mh_window" not in page
    assert open_task(application).flow_task.name == "review"


def test_review_step_shows_people_contact_documents_and_the_capital_by_type(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    page = client.get(f"/portal/applications/{application.pk}/edit/confirm/").content.decode()
    assert "开办资金" in page and "注册资金" not in page
    assert "登记方式" in page and "直接登记（公益慈善类）" in page and "业务主管单位" not in page
    assert "秘书长" in page and "王芳" in page and "021-64120000" in page
    for document in application.documents.all():
        assert document.original_name in page and document.requirement.title in page
    assert 'name="declaration"' in page and "所填信息及所交材料真实有效" in page


def test_submit_without_the_declaration_is_refused_and_changes_nothing(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SOCIAL_ASSOCIATION)
    response = client.post(f"/portal/applications/{application.pk}/submit/", follow=True)
    assert "请阅读并勾选承诺书" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.declared_at is None
    assert not BureauProcess.objects.filter(application=application).exists()

    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.declared_at is not None
    assert len(application.query_code_digest) == 64
