"""The ways a registration ends without an organization, and the input refused on the way."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import OrgType
from registry.models import ApplicationDocument, ApplicationStatus, Organization, RegistrationApplication
from registry.services.application_drafts import application_start
from tests.workflows.conftest import act, fill_application, open_task, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_window_refuses_with_reason_and_process_ends(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    response = act(client, bureau["window"], application, {"decision": "refuse", "reason": ""})
    assert response.status_code == 200 and "请说明理由和法律依据" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # nothing changed

    act(
        client,
        bureau["window"],
        application,
        {"decision": "refuse", "reason": "活动地域跨区，应向市民政局申请"},
        claim=False,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert not open_task_exists(application)
    client.force_login(applicant)
    assert "活动地域跨区，应向市民政局申请" in client.get(f"/portal/applications/{application.pk}/").content.decode()


def open_task_exists(application):
    return Task.objects.filter(
        process__bureauprocess__application=application, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]
    ).exists()


def test_approver_rejects_with_legal_reason(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "开办资金来源不明"})
    act(
        client,
        bureau["approver"],
        application,
        {"decision": "reject", "reason": "依据《民办非企业单位登记管理暂行条例》第十一条，开办资金来源不合法"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED and application.organization is None
    assert not Organization.objects.filter(name=application.name).exists()
    assert application.events.filter(action="rejected", by=bureau["approver"]).exists()


def test_name_taken_while_waiting_is_caught_at_approval(client, applicant, bureau, minhang, make_org):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "符合条件"})
    make_org(name=application.name, org_type=OrgType.SERVICE_AGENCY)  # registered meanwhile by another route
    response = act(client, bureau["approver"], application, {"decision": "approve"})
    assert response.status_code == 200
    assert "已在本申请等待期间被其他组织登记" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert open_task(application).flow_task.name == "approve"


def test_incomplete_application_is_not_submitted_and_lists_everything(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SOCIAL_ASSOCIATION, skip_document="charter")
    application.individual_members = 10
    application.save()
    response = client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}, follow=True)
    body = response.content.decode()
    assert "缺少材料：章程草案" in body and "会员人数不足" in body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not application.processes.exists()


def test_double_submit_creates_one_process(client, applicant, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    second = client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}, follow=True)
    assert "无需重复提交" in second.content.decode()
    assert application.processes.count() == 1 and application.events.filter(action="submitted").count() == 1


def test_same_form_token_opens_one_draft(client, applicant, minhang):
    token = uuid.uuid4()
    client.force_login(applicant)
    data = {"org_type": OrgType.SERVICE_AGENCY, "jurisdiction": minhang.pk, "create_token": token}
    first = client.post("/portal/applications/new/", data)
    second = client.post("/portal/applications/new/", data)
    assert first["Location"] == second["Location"]
    assert RegistrationApplication.objects.filter(applicant=applicant).count() == 1


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("charter.pdf", b"MZ\x90\x00 this is an executable", "只接受 PDF、JPEG 或 PNG"),
        ("charter.pdf", b"%PDF-1.4 truncated without end", "PDF 文件不完整"),
        ("photo.png", b"\x89PNG\r\n\x1a\nbroken", "图片文件已损坏"),
        ("charter.pdf", b"", "所提交的是空文件"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_saved(client, applicant, minhang, settings, filename, content, message):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY, skip_document="charter")
    charter = [d.requirement for d in application.documents.all()][0].__class__.objects.get(code="charter")
    files_before = set((settings.MEDIA_ROOT / "applications").rglob("*"))
    response = client.post(
        f"/portal/applications/{application.pk}/edit/documents/",
        {"requirement": charter.pk, "file": upload(filename, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not ApplicationDocument.objects.filter(application=application, requirement=charter).exists()
    assert set((settings.MEDIA_ROOT / "applications").rglob("*")) == files_before


def test_oversized_upload_is_refused(client, applicant, minhang, settings):
    settings.REGISTRY = {**settings.REGISTRY, "UPLOAD_MAX_MB": 1}
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY, skip_document="charter")
    charter = application.documents.first().requirement.__class__.objects.get(code="charter")
    big = pdf_bytes() + b"0" * 1_100_000
    response = client.post(
        f"/portal/applications/{application.pk}/edit/documents/",
        {"requirement": charter.pk, "file": upload("big.pdf", big)},
        follow=True,
    )
    assert "单个文件不得超过 1 MB" in response.content.decode()
    assert not application.documents.filter(requirement=charter).exists()


def test_uploads_are_stored_under_random_names_outside_static(client, applicant, minhang, settings):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    document = application.documents.get(requirement__code="charter")
    assert "charter" not in document.stored_name and len(document.stored_name) == 36
    assert str(settings.MEDIA_ROOT) not in str(settings.STATIC_ROOT or "")
    response = client.get(f"/portal/documents/{document.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_establishment_without_a_local_preparation_stage_is_refused(applicant, minhang):
    preparation = RegistrationApplication.objects.create(
        applicant=applicant,
        kind="preparation",
        org_type=OrgType.SOCIAL_ASSOCIATION,
        jurisdiction=minhang,
        status=ApplicationStatus.COMPLETED,
        name="上海市闵行区围棋协会",
        decided_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="不设筹备阶段"):
        application_start(
            applicant=applicant, org_type="1", jurisdiction=minhang, create_token=uuid.uuid4(), preparation=preparation
        )


def test_establishment_after_the_preparation_window_is_refused(applicant, minhang, settings):
    settings.REGISTRY = {**settings.REGISTRY, "ASSOCIATION_PREPARATION": True}
    preparation = RegistrationApplication.objects.create(
        applicant=applicant,
        kind="preparation",
        org_type=OrgType.SOCIAL_ASSOCIATION,
        jurisdiction=minhang,
        status=ApplicationStatus.COMPLETED,
        name="上海市闵行区围棋协会",
        decided_at=timezone.now() - datetime.timedelta(days=200),
    )
    with pytest.raises(ValidationError, match="筹备期已于"):
        application_start(
            applicant=applicant, org_type="1", jurisdiction=minhang, create_token=uuid.uuid4(), preparation=preparation
        )


def test_sign_up_validates_identity(client, django_capture_on_commit_callbacks):
    response = client.post(
        "/accounts/signup/",
        {
            "mobile": "12345",
            "email": "",
            "real_name": "李",
            "id_number": "110105194912310021",
            "password": "Apply-2026-pass",
            "password_again": "Apply-2026-pass",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "手机号码应为11位数字" in body and "校验码" in body and "真实姓名" in body
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            "/accounts/signup/",
            {
                "mobile": "13900001111",
                "email": "a@example.org",
                "real_name": "李四",
                "id_number": "11010519491231002X",
                "password": "Apply-2026-pass",
                "password_again": "Apply-2026-pass",
            },
        )
    assert ok.status_code == 200 and "请确认注册" in ok.content.decode()
    refused = client.post("/accounts/login/", {"username": "13900001111", "password": "Apply-2026-pass"})
    assert refused.status_code == 200  # not confirmed yet: the login form again
    (message,) = mail.outbox
    link = re.search(r"/accounts/confirm/[^/\s]+/", message.body).group(0)
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and confirmed.url == "/portal/applications/"
    client.logout()
    logged_in = client.post("/accounts/login/", {"username": "13900001111", "password": "Apply-2026-pass"})
    assert logged_in.status_code == 302


def test_live_name_check_gives_the_reason(client, applicant, minhang, make_org):
    client.force_login(applicant)
    taken = make_org(name="上海市闵行区书法协会")
    base = f"/portal/applications/name-check/?org_type=1&jurisdiction={minhang.pk}&name="
    assert client.get(base + "上海市闵行区摄影协会").json() == {"ok": True, "errors": []}
    refused = client.get(base + taken.name).json()
    assert not refused["ok"] and "已有同类型组织使用名称" in refused["errors"][0]
    assert not client.get(base + "上海市闵行区国家摄影协会").json()["ok"]


def test_issuance_stands_when_rendering_and_indexing_fail_and_both_catch_up(
    client, applicant, bureau, minhang, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from registry.models import Certificate, IndexTask
    from registry.services import certificates

    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "符合条件"})
    act(client, bureau["approver"], application, {"decision": "approve"})

    def broken_render(certificate):
        raise OSError("font cache unavailable")

    monkeypatch.setattr(certificates, "render_certificate", broken_render)
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens here
    from registry.search import client as search_client

    search_client._health_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert act(client, bureau["window"], application, {"confirm": "on"}).status_code == 302

    application.refresh_from_db()
    organization = application.organization
    assert application.status == ApplicationStatus.COMPLETED and organization.uscc
    pending = Certificate.objects.filter(organization=organization)
    assert pending.count() == 2 and all("font cache unavailable" in c.render_error for c in pending)
    assert IndexTask.objects.filter(organization_id=organization.pk).exists()  # queued for the retry
    client.force_login(bureau["window"])
    inbox = client.get("/workflow/work/").content.decode()
    assert "份证书文件生成失败" in inbox and "搜索索引有" in inbox  # shown to staff

    monkeypatch.undo()
    assert certificates.render_pending()["done"] == 2
    assert all(c.is_rendered for c in Certificate.objects.filter(organization=organization))


def test_applicant_withdraws_during_review_and_the_task_leaves_the_inbox(client, applicant, bureau, minhang):
    from viewflow.workflow.status import PROCESS

    from workflows.inbox.selectors import officer_tasks
    from workflows.models import BureauProcess

    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    assert len(officer_tasks(bureau["reviewer"])) == 1
    client.force_login(applicant)
    response = client.post(
        f"/portal/applications/{application.pk}/withdraw/", {"reason": "发起人决定暂缓成立"}, follow=True
    )
    assert "申请已撤回" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert BureauProcess.objects.get(application=application).status == PROCESS.CANCELED
    assert len(officer_tasks(bureau["reviewer"])) == 0
    again = client.post(f"/portal/applications/{application.pk}/withdraw/", follow=True)
    assert "不能办理此事项" in again.content.decode()


def test_legal_representative_is_checked_across_the_register_by_id_number(
    client, applicant, minhang, songjiang, make_org
):
    # 社会团体登记管理条例 第十四条; 基金会管理条例 第二十三条 -- checked by ID number in every bureau.
    from registry.services.application_checks import application_problems

    make_org(name="上海市松江区围棋协会", jurisdiction=songjiang, legal_rep_id_number="11010519491231002X")
    association = fill_application(client, applicant, minhang, OrgType.SOCIAL_ASSOCIATION)
    assert any("不得同时担任两个社会团体的法定代表人" in p for p in application_problems(association))
    service_agency = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert not any("法定代表人" in p for p in application_problems(service_agency))


def test_a_foundations_legal_representative_represents_no_other_organization():
    from registry.rules.conditions import legal_rep_errors

    assert legal_rep_errors(org_type="3", other_org_types=["2"], name="张伟")
    assert legal_rep_errors(org_type="2", other_org_types=["3"], name="张伟")
    assert legal_rep_errors(org_type="2", other_org_types=["2", "1"], name="张伟") == []
    assert legal_rep_errors(org_type="1", other_org_types=["1"], name="张伟")


def test_refusal_names_the_statutory_ground_and_similar_organizations_are_shown(
    client, applicant, bureau, minhang, make_org
):
    # 民办非企业单位登记管理暂行条例 第十一条: a similar organization in the same area makes one unnecessary.
    make_org(name="上海市闵行区晨曦养老服务中心", org_type=OrgType.SERVICE_AGENCY)
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "辖区内已有同类机构"})
    client.force_login(bureau["approver"])
    task = open_task(application)
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = client.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert "上海市闵行区晨曦养老服务中心" in page
    client.post(
        task.flow_task.reverse("execute", args=[task.process_id, task.pk]),
        {"decision": "reject", "ground": "similar_exists", "reason": "莘庄镇已有晨曦养老服务中心，没有必要成立"},
    )
    application.refresh_from_db()
    event = application.events.get(action="rejected")
    assert application.status == ApplicationStatus.REJECTED
    assert event.reason.startswith(
        "依据《民办非企业单位登记管理暂行条例》第十一条，同一行政区域内已有业务范围相同或者相似的组织"
    )
