"""Cleanup of a dormant organization: notice, response, closing or revocation, as the real roles over HTTP."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OrgStatus
from registry.models import Certificate, CertificateStatus, CreditEntry, DormancyCase, DormancyStatus, PenaltyCase
from registry.services.certificates import issue_registration_certificates
from registry.services.dormancy import sweep_dormant
from tests.factories import UserFactory
from tests.workflows.conftest import act, make_officer, open_task
from tests.workflows.pages import press
from workflows.flows.dormancy.services import cleanup_cases_end_with_deregistration
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db


def case_task(case):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return Task.objects.get(
        process__bureauprocess__dormancy_case=case, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def act_on_case(client, user, case, data):
    client.force_login(user)
    task = case_task(case)
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    return client.post(task.flow_task.reverse("execute", args=args), data)


@pytest.fixture
def dormant(make_org, applicant):
    organization = make_org(
        name="上海市闵行区沉睡读书会", founded_on=datetime.date(2015, 1, 1), last_annual_report_year=2022
    )
    issue_registration_certificates(organization=organization)
    assign_perm("registry.manage_organization", applicant, organization)
    sweep_dormant()
    return organization


@pytest.fixture
def inspectors(minhang, songjiang, bureau):
    return {
        "mh": make_officer("mh_inspector", minhang, "inspector"),
        "mh2": make_officer("mh_inspector2", minhang, "inspector"),
        "sj": make_officer("sj_inspector", songjiang, "inspector"),
        "approver": bureau["approver"],
        "reviewer": bureau["reviewer"],
        "head": make_officer("mh_head", minhang, "head"),
    }


def open_case(client, inspector, organization):
    case = DormancyCase.objects.get(organization=organization)
    client.force_login(inspector)
    url = "/workflow/work/dormancy/candidates/"
    candidates = client.get(url).content.decode()
    assert organization.name in candidates
    confirm = press(client, url, candidates, "立案并公示", form_has={"case": case.pk})
    assert confirm.status_code == 200 and "确认立案并公示" in confirm.content.decode()
    response = press(client, url, confirm.content.decode(), "确认立案并公示")
    assert response.status_code == 302
    case.refresh_from_db()
    return case


def test_organization_rectifies_within_the_notice_and_the_case_closes(client, applicant, dormant, inspectors):
    case = open_case(client, inspectors["mh"], dormant)
    assert case.status == DormancyStatus.NOTICE
    assert case.notice_ends_on == timezone.localdate() + datetime.timedelta(days=60)
    public = Client().get("/notices/").content.decode()
    assert dormant.name in public and "清理整顿公示" in public

    client.force_login(applicant)
    portal = client.get("/portal/").content.decode()
    assert "清理整顿公示" in portal
    client.post(f"/portal/dormancy/{case.pk}/respond/", {"response": "已补报2023至2025年度工作报告，恢复正常活动。"})
    case.refresh_from_db()
    assert case.response.startswith("已补报") and case.responded_on == timezone.localdate()

    response = act_on_case(client, inspectors["mh"], case, {"decision": "close", "reason": "已补报年度报告，整改到位"})
    assert response.status_code == 302
    case.refresh_from_db()
    dormant.refresh_from_db()
    assert case.status == DormancyStatus.CLOSED and dormant.status == OrgStatus.NORMAL


def penalty_task(penalty):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return Task.objects.get(
        process__bureauprocess__penalty_case=penalty, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def act_on_penalty(client, user, penalty, data):
    client.force_login(user)
    task = penalty_task(penalty)
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    return client.post(task.flow_task.reverse("execute", args=args), data)


def propose_revocation(client, inspectors, case):
    """The notice has run out unrectified: the inspector proposes revocation, which files a penalty case; the
    section head approves the filing and the investigators give the advance notice of revocation."""
    from tests.workflows.conftest import pdf_bytes, upload

    DormancyCase.objects.filter(pk=case.pk).update(notice_ends_on=timezone.localdate() - datetime.timedelta(days=1))
    response = act_on_case(client, inspectors["mh"], case, {"decision": "propose", "reason": "公示期满未整改，未回复"})
    assert response.status_code == 302
    penalty = PenaltyCase.objects.get(dormancy_case=case)
    assert penalty.source == "dormancy" and penalty.source_reference == case.reference
    assert act_on_penalty(client, inspectors["approver"], penalty, {"decision": "approve"}).status_code == 302
    notice = {
        "outcome": "propose",
        "evidence": [upload("notice.pdf", pdf_bytes())],
        "evidence_description": "清理整顿公示及送达记录",
        "second_investigator": inspectors["mh2"].pk,
        "findings": "连续两年未参加年检，公示期满未整改",
        "kinds": ["revocation"],
    }
    assert act_on_penalty(client, inspectors["mh"], penalty, notice).status_code == 302
    penalty.refresh_from_db()
    assert penalty.stage == "notified" and penalty.hearing_available and penalty.discussion_required
    return penalty


def serve_notice(client, inspectors, penalty, *, days_ago):
    """The advance notice, given `days_ago`, was served by post that day."""
    given = timezone.localdate() - datetime.timedelta(days=days_ago)
    PenaltyCase.objects.filter(pk=penalty.pk).update(notice_on=given)
    served = {"method": "post", "delivered_on": given.isoformat()}
    assert act_on_penalty(client, inspectors["mh"], penalty, served).status_code == 302


def discuss(client, inspectors, penalty):
    """The bureau's heads discuss the revocation together (行政处罚法 第五十七条第二款)."""
    discussion = {
        "held_on": timezone.localdate().isoformat(),
        "participants": "张局长\n李副局长\n王副局长",
        "conclusion": "同意撤销登记",
    }
    assert act_on_penalty(client, inspectors["head"], penalty, discussion).status_code == 302


DECISION = {"decision": "penalize", "kinds": ["revocation"], "legal_basis": "《社会团体登记管理条例》第三十条"}


def served_by_post():
    """Served by post today (read when the test runs)."""
    return {"delivered_on": timezone.localdate().isoformat(), "method": "post"}


def test_unrectified_organization_is_revoked_after_the_notice(client, dormant, inspectors):
    case = open_case(client, inspectors["mh"], dormant)
    early = act_on_case(client, inspectors["mh"], case, {"decision": "propose", "reason": "未回复"})
    assert early.status_code == 200 and "届满前不能提出撤销登记" in early.content.decode()

    assert (case.notice_ends_on - case.notice_starts_on).days == 60  # notice by publication
    penalty = propose_revocation(client, inspectors, case)
    case.refresh_from_db()
    assert case.status == DormancyStatus.REVOCATION_PROPOSED
    # The advance notice, served today, leaves the organization 5 working days to state its case.
    serve_notice(client, inspectors, penalty, days_ago=0)
    early = act_on_penalty(client, inspectors["mh"], penalty, {"opinion": "未陈述申辩"})
    assert early.status_code == 200 and "陈述、申辩和要求听证的期限至" in early.content.decode()
    PenaltyCase.objects.filter(pk=penalty.pk).update(
        statement_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert act_on_penalty(client, inspectors["mh"], penalty, {"opinion": "期满未陈述申辩"}).status_code == 302
    discuss(client, inspectors, penalty)
    decision = {**DECISION, "reason": "连续两年未参加年检，公示期满未整改"}
    assert act_on_penalty(client, inspectors["head"], penalty, decision).status_code == 302
    dormant.refresh_from_db()
    assert dormant.status == OrgStatus.NORMAL  # a decision takes effect when served
    assert act_on_penalty(client, inspectors["mh"], penalty, served_by_post()).status_code == 302

    dormant.refresh_from_db()
    case.refresh_from_db()
    assert dormant.status == OrgStatus.REVOKED and case.status == DormancyStatus.REVOKED
    assert not Certificate.objects.filter(organization=dormant, status=CertificateStatus.VALID).exists()
    assert CreditEntry.objects.filter(organization=dormant, credit_list="dishonest", reason_code="revoked").exists()
    assert dormant.on_dishonest_list
    public = Client()
    assert "撤销登记" in public.get(f"/organizations/{dormant.uscc}/").content.decode()
    notices = public.get("/notices/").content.decode()
    assert "撤销登记公告" in notices and dormant.name in notices and "第三十条" in notices
    assert case.delivered_on == timezone.localdate() and "申请行政复议" in case.decision


def test_revocation_waits_for_the_statement_and_a_requested_hearing(client, applicant, dormant, inspectors):
    # 行政处罚法: advance notice, the right to state a case and to a hearing, then the written decision.
    case = open_case(client, inspectors["mh"], dormant)
    penalty = propose_revocation(client, inspectors, case)
    client.force_login(applicant)
    assert "行政处罚事先告知" in client.get("/portal/").content.decode()
    client.post(
        f"/portal/penalties/{penalty.pk}/statement/",
        {"statement": "本会一直开展读书活动，附活动记录。", "hearing": "on"},
    )
    penalty.refresh_from_db()
    assert penalty.hearing_requested and penalty.statement_on == timezone.localdate()
    serve_notice(client, inspectors, penalty, days_ago=20)
    refused = act_on_penalty(client, inspectors["mh"], penalty, {"opinion": "陈述不成立"})
    assert refused.status_code == 200 and "请填写听证通知送达日期和听证日期" in refused.content.decode()
    dormant.refresh_from_db()
    assert dormant.status == OrgStatus.NORMAL
    heard = {
        "opinion": "陈述不成立",
        "hearing_notice_method": "in_person",
        "hearing_notified_on": (timezone.localdate() - datetime.timedelta(days=19)).isoformat(),
        "hearing_held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "hearing_chair": inspectors["approver"].pk,
        "hearing_record": "组织陈述活动记录，经核实不实。",
        "hearing_record_signed": "on",
    }
    assert act_on_penalty(client, inspectors["mh"], penalty, heard).status_code == 302
    # Heard on its major rights: a legal review first (行政处罚法 第五十八条(二)).
    review = {"opinion": "事实清楚，程序合法"}
    assert act_on_penalty(client, inspectors["reviewer"], penalty, review).status_code == 302
    discuss(client, inspectors, penalty)
    decision = {**DECISION, "reason": "依据《社会团体登记管理条例》第三十条撤销登记"}
    assert act_on_penalty(client, inspectors["head"], penalty, decision).status_code == 302
    assert act_on_penalty(client, inspectors["mh"], penalty, served_by_post()).status_code == 302
    dormant.refresh_from_db()
    assert dormant.status == OrgStatus.REVOKED


def test_the_head_declining_the_revocation_closes_the_cleanup_case(client, dormant, inspectors):
    case = open_case(client, inspectors["mh"], dormant)
    penalty = propose_revocation(client, inspectors, case)
    serve_notice(client, inspectors, penalty, days_ago=20)
    act_on_penalty(client, inspectors["mh"], penalty, {"opinion": "期满未陈述申辩"})
    discuss(client, inspectors, penalty)
    decline = {"decision": "none", "reason": "组织已恢复活动，不予撤销"}
    assert act_on_penalty(client, inspectors["head"], penalty, decline).status_code == 302
    case.refresh_from_db()
    dormant.refresh_from_db()
    assert case.status == DormancyStatus.CLOSED and dormant.status == OrgStatus.NORMAL


def test_no_activity_within_a_year_of_registration_is_a_ground_for_revocation(make_org):
    # 社会团体登记管理条例 第二十九条.
    from django.core.management import call_command

    from registry.models import AnnualReport

    today = timezone.localdate()
    idle = make_org(name="上海市闵行区闲置协会", founded_on=datetime.date(today.year - 1, 3, 1))
    young = make_org(name="上海市闵行区新生协会", founded_on=today - datetime.timedelta(days=200))
    call_command("open_annual_inspection", year=today.year - 1)
    AnnualReport.objects.filter(organization=idle).update(deadline=today - datetime.timedelta(days=1))
    counts = sweep_dormant(today=today)
    assert counts["inactive_first_year"] == 1
    assert DormancyCase.objects.get(organization=idle).reason_code == "inactive_first_year"
    assert not DormancyCase.objects.filter(organization=young).exists()


def test_other_bureaus_inspector_sees_and_does_nothing(client, dormant, inspectors):
    case = DormancyCase.objects.get(organization=dormant)
    client.force_login(inspectors["sj"])
    assert dormant.name not in client.get("/workflow/work/dormancy/candidates/").content.decode()
    assert client.post("/workflow/work/dormancy/candidates/", {"case": case.pk, "action": "open"}).status_code == 404
    case.refresh_from_db()
    assert case.status == DormancyStatus.CANDIDATE

    open_case(Client(), inspectors["mh"], dormant)
    task = case_task(case)
    outsider = Client()
    outsider.force_login(inspectors["sj"])
    assert outsider.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 403
    assert dormant.name not in outsider.get("/workflow/work/").content.decode()


def test_candidate_dismissed_with_reason(client, dormant, inspectors):
    case = DormancyCase.objects.get(organization=dormant)
    client.force_login(inspectors["mh"])
    client.post(
        "/workflow/work/dormancy/candidates/", {"case": case.pk, "action": "dismiss", "reason": "年报已线下提交"}
    )
    case.refresh_from_db()
    assert case.status == DormancyStatus.DISMISSED and case.decision == "年报已线下提交"


def test_registration_inbox_still_works_beside_cleanup_tasks(client, dormant, inspectors, applicant, minhang, bureau):
    from registry.choices import OrgType
    from tests.workflows.conftest import fill_application

    open_case(client, inspectors["mh"], dormant)
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    assert act(client, bureau["window"], application, {"decision": "accept"}).status_code == 302
    assert open_task(application).flow_task.name == "review"
    page = Client()
    page.force_login(inspectors["mh"])
    assert dormant.name in page.get("/workflow/work/").content.decode()


def test_organization_under_notice_deregisters_and_the_case_ends(
    client, applicant, dormant, inspectors, bureau, django_capture_on_commit_callbacks
):
    import uuid

    from registry.models import RegistrationApplication
    from registry.services.application_checks import required_documents
    from tests.workflows.conftest import pdf_bytes, upload
    from workflows.models import BureauProcess

    case = open_case(client, inspectors["mh"], dormant)
    client.force_login(applicant)
    token = uuid.uuid4()
    client.post(f"/portal/organizations/{dormant.pk}/deregister/", {"create_token": token, "confirmed": "yes"})
    application = RegistrationApplication.objects.get(create_token=token)
    client.post(
        f"/portal/applications/{application.pk}/edit/particulars/",
        {
            "decision_date": timezone.localdate().isoformat(),
            "liquidation_summary": "无债权债务，无剩余财产。经理事会决议解散。",
            "contact_phone": "021-64000000",
        },
    )
    application.refresh_from_db()
    for requirement in required_documents(application):
        client.post(
            f"/portal/applications/{application.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload("a.pdf", pdf_bytes())},
        )
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept"})
    act(client, bureau["reviewer"], application, {"decision": "pass", "opinion": "同意"})
    act(client, bureau["approver"], application, {"decision": "approve"})
    with django_capture_on_commit_callbacks(execute=True):
        act(client, bureau["window"], application, {"confirm": "on"})
    case.refresh_from_db()
    dormant.refresh_from_db()
    assert dormant.status == OrgStatus.DEREGISTERED and case.status == DormancyStatus.DEREGISTERED
    assert BureauProcess.objects.get(dormancy_case=case).finished is not None
    page = Client()
    page.force_login(inspectors["mh"])
    assert dormant.name not in page.get("/workflow/work/").content.decode()


def test_malformed_case_number_is_not_found(client, inspectors):
    client.force_login(inspectors["mh"])
    for value in ("abc", "", "1; DROP TABLE"):
        assert client.post("/workflow/work/dormancy/candidates/", {"case": value, "action": "open"}).status_code == 404


def test_only_the_bureaus_window_ends_cleanup_cases_on_deregistration(client, dormant, inspectors, bureau):
    case = open_case(client, inspectors["mh"], dormant)
    for user in (inspectors["mh"], bureau["sj_window"]):
        with pytest.raises(PermissionDenied):
            cleanup_cases_end_with_deregistration(organization=dormant, by=user)
    case.refresh_from_db()
    assert case.status == DormancyStatus.NOTICE
    assert BureauProcess.objects.get(dormancy_case=case).finished is None
    assert cleanup_cases_end_with_deregistration(organization=dormant, by=bureau["window"]) == 1
    case.refresh_from_db()
    assert case.status == DormancyStatus.DEREGISTERED


def test_answering_someone_elses_notice_looks_like_answering_no_notice(client, dormant, inspectors):
    """Not yours and does-not-exist answer alike (404), so case numbers cannot be probed; nothing is saved."""
    case = open_case(client, inspectors["mh"], dormant)
    client.force_login(UserFactory(username="other_org_contact"))
    data = {"response": "已补报2023至2025年度工作报告，恢复正常活动。"}
    assert client.post(f"/portal/dormancy/{case.pk}/respond/", data).status_code == 404
    assert client.post("/portal/dormancy/999999/respond/", data).status_code == 404
    case.refresh_from_db()
    assert case.response == "" and case.responded_on is None
