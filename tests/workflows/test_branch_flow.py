"""Branches and representative offices: the association applies from its portal; the bureau files the report
or, where it keeps approval, accepts, reviews and approves; the register, the public record and notices follow."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfReader
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry import signing
from registry.choices import OfficerRole, OrgType
from registry.models import (
    Branch,
    BranchApplication,
    BranchApplicationStatus,
    BranchStatus,
)
from registry.selectors import public_notices
from registry.selectors.register import deadline_after
from registry.services import branches as services
from tests.workflows.conftest import make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db

ASSOCIATION = "上海市闵行区青年志愿者协会"
BRANCH_NAME = ASSOCIATION + "应急救援专业委员会"
GOOD_ID = "110101199003070011"


@pytest.fixture
def association(make_org, applicant):
    organization = make_org(name=ASSOCIATION)
    assign_perm("registry.manage_organization", applicant, organization)
    return organization


@pytest.fixture
def officers(minhang, songjiang):
    return {
        "window": make_officer("mh_window", minhang, OfficerRole.WINDOW),
        "reviewer": make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER),
        "approver": make_officer("mh_approver", minhang, OfficerRole.APPROVER),
        "sj_window": make_officer("sj_window", songjiang, OfficerRole.WINDOW, OfficerRole.APPROVER),
    }


def portal(applicant) -> Client:
    client = Client()
    client.force_login(applicant)
    return client


def open_draft(client, organization, kind="set_up", branch=None) -> BranchApplication:
    data = {"organization": organization.pk, "kind": kind}
    if branch is not None:
        data["branch"] = branch.pk
    response = client.post("/portal/branches/", data)
    assert response.status_code == 302, response
    return BranchApplication.objects.filter(organization=organization).latest("id")


def particulars(**overrides) -> dict:
    data = {
        "branch_kind": "branch",
        "name": BRANCH_NAME,
        "head_name": "王芳",
        "head_id_number": GOOD_ID,
        "address": "上海市闵行区莘庄镇莘松路100号",
        "business_scope": "组织应急救援志愿服务和培训",
        "resolved_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "resolution": upload("resolution.pdf", pdf_bytes("resolution")),
        "head": upload("head.pdf", pdf_bytes("head")),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, application, data) -> None:
    url = f"/portal/branches/{application.pk}/"
    response = client.post(url, {**data, "action": "review"})
    assert response.status_code == 200 and "确认提交" in response.content.decode(), response.content.decode()[-3000:]
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 302


def open_task(application):
    return Task.objects.get(
        process__bureauprocess__branch_application=application,
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )


def act(user, application, data):
    client = Client()
    client.force_login(user)
    task = open_task(application)
    args = [task.process_id, task.pk]
    if task.status == STATUS.NEW:
        claim = client.post(task.flow_task.reverse("assign", args=args))
        if claim.status_code != 302:
            return claim
    return client.post(task.flow_task.reverse("execute", args=args), data)


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def test_filing_from_portal_to_the_register_and_the_public_record(applicant, association, officers):
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    application.refresh_from_db()
    assert application.status == BranchApplicationStatus.SUBMITTED and application.regime == "filing"
    assert application.decision_due_on > timezone.localdate()  # 10 working days by default
    assert open_task(application).flow_task.name == "file_branch"

    # Another bureau's window officer cannot take it; the association's own bureau files it.
    assert act(officers["sj_window"], application, {"filed": "1"}).status_code in (403, 404)
    response = act(officers["window"], application, {"filed": "1", "reason": ""})
    assert response.status_code == 302, response.content.decode()[-2000:]

    application.refresh_from_db()
    branch = Branch.objects.get(organization=association)
    assert application.status == BranchApplicationStatus.FILED and application.branch == branch
    assert (branch.name, branch.sub_kind, branch.status) == (BRANCH_NAME, "专业委员会", BranchStatus.ACTIVE)
    notice = client.get(f"/portal/branches/{application.pk}/decision.pdf")
    assert signing.check_pdf(notice.content).outcome == "intact"  # sealed by the bureau's key
    text = pdf_text(notice)
    assert "设立分支机构备案通知书" in text and "予以备案" in text and "闵行区民社分字" in text
    portal_page = client.get(f"/portal/branches/{application.pk}/").content.decode()
    assert "负责人身份证号码：—" in portal_page and GOOD_ID not in portal_page  # the history masks the ID number

    page = Client().get(f"/organizations/{association.uscc}/").content.decode()
    assert BRANCH_NAME in page and "分支机构、代表机构" in page
    assert GOOD_ID not in page and "王芳" not in page  # the head's ID number and name are not public


def test_returned_report_is_corrected_and_sent_again(applicant, association, officers):
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    response = act(officers["window"], application, {"filed": "0", "reason": "负责人情况表未签字。"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == BranchApplicationStatus.RETURNED and application.editable
    assert "负责人情况表未签字" in client.get(f"/portal/branches/{application.pk}/").content.decode()
    submit(client, application, particulars(resolution=None, head=upload("head-signed.pdf", pdf_bytes("signed"))))
    assert act(officers["window"], application, {"filed": "1"}).status_code == 302
    assert Branch.objects.filter(organization=association, status=BranchStatus.ACTIVE).count() == 1


def test_approval_regime_accept_review_approve_with_decision_and_notice(applicant, association, officers, minhang):
    minhang.branch_regime = "approval"
    minhang.save()
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars(branch_kind="office", name=ASSOCIATION + "松江联络处"))
    application.refresh_from_db()
    assert application.regime == "approval" and open_task(application).flow_task.name == "accept_branch"

    assert act(officers["window"], application, {"accepted": "1"}).status_code == 302
    assert act(officers["reviewer"], application, {"opinion": "名称、负责人符合规定。"}).status_code == 302
    # The section head must confirm a decision: without the box nothing is decided.
    response = act(officers["approver"], application, {"approved": "1", "reason": "符合规定。"})
    assert response.status_code == 200 and not Branch.objects.exists()
    response = act(officers["approver"], application, {"approved": "1", "reason": "符合规定。", "confirm": "on"})
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == BranchApplicationStatus.APPROVED
    assert Branch.objects.get(organization=association).kind == "office"
    text = pdf_text(client.get(f"/portal/branches/{application.pk}/decision.pdf"))
    assert "准予设立代表机构决定书" in text
    today = timezone.localdate()
    notices = public_notices(today=today, kind="branch", since=today, until=today)
    assert [n.organization for n in notices] == [association]


def test_approval_refused_states_reasons_and_remedies(applicant, association, officers, minhang):
    minhang.branch_regime = "approval"
    minhang.save()
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    act(officers["window"], application, {"accepted": "1"})
    act(officers["reviewer"], application, {"opinion": "与本会现有委员会业务重复。"})
    act(officers["approver"], application, {"approved": "0", "reason": "业务范围与现有机构重复", "confirm": "on"})
    application.refresh_from_db()
    assert application.status == BranchApplicationStatus.REJECTED and not Branch.objects.exists()
    text = pdf_text(client.get(f"/portal/branches/{application.pk}/decision.pdf"))
    assert "不予设立分支机构决定书" in text and "业务范围与现有机构重复" in text and "行政复议" in text


def test_a_service_agency_is_refused_with_the_reason(applicant, make_org):
    agency = make_org(name="上海市闵行区阳光养老服务中心", org_type=OrgType.SERVICE_AGENCY)
    assign_perm("registry.manage_organization", applicant, agency)
    client = portal(applicant)
    response = client.post("/portal/branches/", {"organization": agency.pk, "kind": "set_up"}, follow=True)
    assert "不得设立分支机构" in response.content.decode()
    assert not BranchApplication.objects.exists()


def test_a_branch_of_a_branch_cannot_be_submitted(applicant, association, officers):
    client = portal(applicant)
    first = open_draft(client, association)
    submit(client, first, particulars())
    act(officers["window"], first, {"filed": "1"})
    second = open_draft(client, association)
    url = f"/portal/branches/{second.pk}/"
    response = client.post(url, {**particulars(name=BRANCH_NAME + "大学生分会"), "action": "review"})
    assert "不得再设立分支机构" in response.content.decode()
    with pytest.raises(ValidationError):
        services.branch_application_submit(application=second, by=applicant)
    second.refresh_from_db()
    assert second.status == BranchApplicationStatus.DRAFT


def test_bad_input_changes_nothing(applicant, association):
    client = portal(applicant)
    application = open_draft(client, association)
    url = f"/portal/branches/{application.pk}/"
    response = client.post(url, {**particulars(head_id_number="110101199003070012"), "action": "save"})
    assert response.status_code == 200 and "校验码" in response.content.decode()
    application.refresh_from_db()
    assert application.name == "" and application.head_id_number == "" and not application.documents.exists()


def test_filing_rolls_back_when_the_register_refuses(applicant, association, officers):
    """Two reports of the same name: the second cannot be filed, and nothing of it is written."""
    client = portal(applicant)
    first, second = open_draft(client, association), None
    submit(client, first, particulars())
    second = open_draft(client, association)
    submit(client, second, particulars())
    assert act(officers["window"], first, {"filed": "1"}).status_code == 302
    response = act(officers["window"], second, {"filed": "1"})
    assert response.status_code == 200 and "同名" in response.content.decode()
    second.refresh_from_db()
    assert second.status == BranchApplicationStatus.SUBMITTED and second.branch is None
    assert Branch.objects.count() == 1


def test_change_then_close_keeps_the_history_and_marks_the_public_record(applicant, association, officers):
    client = portal(applicant)
    setup = open_draft(client, association)
    submit(client, setup, particulars())
    act(officers["window"], setup, {"filed": "1"})
    branch = Branch.objects.get()

    change = open_draft(client, association, kind="change", branch=branch)
    new_name = ASSOCIATION + "应急救援工作委员会"
    submit(
        client,
        change,
        {
            "name": new_name,
            "head_name": "王芳",
            "head_id_number": GOOD_ID,
            "address": branch.address,
            "business_scope": branch.business_scope,
            "resolved_on": timezone.localdate().isoformat(),
            "reason": "名称调整。",
            "resolution": upload("resolution.pdf", pdf_bytes()),
        },
    )
    act(officers["window"], change, {"filed": "1"})
    branch.refresh_from_db()
    change.refresh_from_db()
    assert (branch.name, branch.sub_kind) == (new_name, "工作委员会")
    assert change.changes == {"name": [BRANCH_NAME, new_name]}
    page = client.get(f"/portal/branches/{change.pk}/").content.decode()
    assert f"名称：{BRANCH_NAME} → {new_name}" in page

    close = open_draft(client, association, kind="close", branch=branch)
    submit(
        client,
        close,
        {
            "resolved_on": timezone.localdate().isoformat(),
            "reason": "任务完成。",
            "resolution": upload("r.pdf", pdf_bytes()),
        },
    )
    act(officers["window"], close, {"filed": "1"})
    branch.refresh_from_db()
    assert branch.status == BranchStatus.CLOSED and branch.closed_on == timezone.localdate()
    page = Client().get(f"/organizations/{association.uscc}/").content.decode()
    assert new_name in page and "已注销" in page


def test_services_hold_the_wall_between_bureaus(applicant, association, officers):
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    with pytest.raises(PermissionDenied):
        services.branch_filing_decide(application=application, by=officers["sj_window"], filed=True)
    with pytest.raises(PermissionDenied):
        services.branch_application_create(organization=association, by=officers["window"], kind="set_up")
    stranger = Client()
    stranger.force_login(officers["sj_window"])
    assert stranger.get(f"/portal/branches/{application.pk}/").status_code == 404
    document = application.documents.first()
    assert stranger.get(f"/portal/branches/documents/{document.pk}/").status_code == 404
    own = Client()
    own.force_login(officers["window"])
    response = own.get(f"/portal/branches/documents/{document.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_annual_report_shows_the_register_count(applicant, association, officers):
    from tests.factories import AnnualReportFactory

    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    act(officers["window"], application, {"filed": "1"})
    report = AnnualReportFactory(organization=association)
    page = client.get(f"/portal/annual/{report.pk}/").content.decode()
    assert "登记簿记载本组织存续的分支机构、代表机构：1 个" in page


def test_a_foundations_branch_goes_through_approval_in_60_days_whatever_the_setting(applicant, make_org, shanghai):
    """基金会管理条例 第十二条: the registering bureau decides within 60 days of receiving every document."""
    foundation = make_org(name="上海市春晖助学基金会", org_type=OrgType.FOUNDATION, jurisdiction=shanghai)
    assign_perm("registry.manage_organization", applicant, foundation)
    client = portal(applicant)
    application = open_draft(client, foundation)
    name = foundation.name + "乡村助学专项基金管理委员会"
    submit(client, application, particulars(name=name))
    application.refresh_from_db()
    assert application.regime == "approval" and shanghai.branch_regime == "filing"
    assert application.decision_due_on == timezone.localdate() + datetime.timedelta(days=60)
    assert open_task(application).flow_task.name == "accept_branch"


def test_notices_page_lists_approved_set_ups_but_not_filings(applicant, association, officers, minhang):
    client = portal(applicant)
    filed = open_draft(client, association)
    submit(client, filed, particulars())
    act(officers["window"], filed, {"filed": "1"})
    page = Client().get("/notices/?kind=branch").content.decode()
    assert BRANCH_NAME not in page  # a report filed is not announced
    minhang.branch_regime = "approval"
    minhang.save()
    approved = open_draft(client, association)
    office = ASSOCIATION + "松江联络处"
    submit(client, approved, particulars(branch_kind="office", name=office))
    act(officers["window"], approved, {"accepted": "1"})
    act(officers["reviewer"], approved, {"opinion": "符合规定。"})
    act(officers["approver"], approved, {"approved": "1", "reason": "符合规定。", "confirm": "on"})
    page = Client().get("/notices/?kind=branch").content.decode()
    assert office in page and "分支机构、代表机构设立、注销公告" in page


def test_a_set_up_form_sent_twice_opens_one_draft_which_can_be_deleted(
    applicant, association, django_capture_on_commit_callbacks
):
    client = portal(applicant)
    data = {"organization": association.pk, "kind": "set_up", "token": "6f1c1d3e-0c59-4a38-9a53-3d0b1f3f2a11"}
    first, second = client.post("/portal/branches/", data), client.post("/portal/branches/", data)
    assert first["Location"] == second["Location"] and BranchApplication.objects.count() == 1
    application = BranchApplication.objects.get()
    client.post(f"/portal/branches/{application.pk}/", particulars(action="save"))
    path = services.document_path(application.documents.first())
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portal/branches/{application.pk}/", {"action": "delete"})
    assert response.status_code == 302 and not BranchApplication.objects.exists()
    assert not path.exists()


def test_the_window_officers_inbox_names_the_report_and_its_deadline(applicant, association, officers):
    from workflows.inbox.selectors import officer_tasks

    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    application.refresh_from_db()
    [task] = officer_tasks(officers["window"])
    assert task.due_on == application.decision_due_on
    assert not officer_tasks(officers["sj_window"]).exists()
    inbox = Client()
    inbox.force_login(officers["window"])
    page = inbox.get("/workflow/work/").content.decode()
    assert application.reference in page and BRANCH_NAME in page


def test_a_report_of_an_association_deregistered_meanwhile_cannot_be_filed(applicant, association, officers):
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    association.status = "deregistered"
    association.save()
    response = act(officers["window"], application, {"filed": "1"})
    assert response.status_code == 200 and "不能设立、变更分支机构" in response.content.decode()
    application.refresh_from_db()
    assert application.status == BranchApplicationStatus.SUBMITTED and not Branch.objects.exists()


def extend_page(user, application, reason):
    client = Client()
    client.force_login(user)
    back = f"/portal/branches/{application.pk}/"
    return client.post(f"/workflow/work/branches/{application.pk}/extend/", {"reason": reason, "back": back})


def test_an_approval_is_extended_once_by_10_working_days_with_the_reason_shown(
    applicant, association, officers, minhang
):
    """行政许可法 第四十二条: the head may extend the 20 working days by 10, once, telling the applicant why."""
    minhang.branch_regime = "approval"
    minhang.save()
    client = portal(applicant)
    application = open_draft(client, association)
    submit(client, application, particulars())
    act(officers["window"], application, {"accepted": "1"})
    application.refresh_from_db()
    due = application.decision_due_on

    # Not the window officer, not another bureau's section head, and not without a reason.
    with pytest.raises(PermissionDenied):
        services.branch_extend(application=application, by=officers["window"], reason="情况复杂")
    assert extend_page(officers["sj_window"], application, "情况复杂").status_code == 404
    assert extend_page(officers["approver"], application, "  ").status_code == 302
    application.refresh_from_db()
    assert application.decision_due_on == due and application.extended_on is None

    assert extend_page(officers["approver"], application, "需征求业务主管部门意见。").status_code == 302
    application.refresh_from_db()
    assert application.decision_due_on == deadline_after(due, 10).due
    assert application.extended_on == timezone.localdate()
    page = client.get(f"/portal/branches/{application.pk}/").content.decode()
    assert "需征求业务主管部门意见" in page and "延长10个工作日" in page

    with pytest.raises(ValidationError, match="只能延长一次"):
        services.branch_extend(application=application, by=officers["approver"], reason="仍需时间")
    assert open_task(application).flow_task.name == "review_branch"  # the process itself goes on


def test_filings_and_foundations_sixty_days_are_not_extended(applicant, association, officers, make_org, shanghai):
    client = portal(applicant)
    filing = open_draft(client, association)
    submit(client, filing, particulars())
    with pytest.raises(ValidationError, match="报告备案不是行政许可"):
        services.branch_extend(application=filing, by=officers["approver"], reason="需要时间")

    foundation = make_org(name="上海市春晖助学基金会", org_type=OrgType.FOUNDATION, jurisdiction=shanghai)
    assign_perm("registry.manage_organization", applicant, foundation)
    application = open_draft(client, foundation)
    submit(client, application, particulars(name=foundation.name + "乡村助学专项基金管理委员会"))
    head = make_officer("sh_approver", shanghai, OfficerRole.APPROVER)
    with pytest.raises(ValidationError, match="第十二条"):
        services.branch_extend(application=application, by=head, reason="需要时间")
    application.refresh_from_db()
    assert application.extended_on is None
