"""Charter approval (章程核准) through the portal and the officers' steps, as each role, with the walls between them."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfReader
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry import signing
from registry.choices import DirectCategory, HistoryAction, OfficerRole, OrgType
from registry.models import (
    ChangeEvent,
    ChangeKind,
    Charter,
    CharterApplication,
    CharterEvent,
    CharterSource,
    CharterStatus,
    OrganizationHistory,
)
from registry.selectors import public_notices
from registry.services.charter_review import charter_decide
from registry.services.register import charter_record
from tests.factories import ApplicantFactory, OrganizationFactory
from tests.workflows.conftest import PASSWORD, make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


@pytest.fixture
def officers(minhang):
    return {role: make_officer(f"mh_{role}", minhang, role) for role in ("window", "reviewer", "approver")}


@pytest.fixture
def representative(db):
    return ApplicantFactory(mobile="13812345678", email="rep@example.org", password=PASSWORD)


def organization_of(user, jurisdiction, **fields):
    organization = OrganizationFactory(jurisdiction=jurisdiction, **fields)
    assign_perm("registry.manage_organization", user, organization)
    return organization


def open_task(application):
    return Task.objects.get(
        process__bureauprocess__charter_application=application,
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )


def act(client, user, application, data):
    """As `user`, claim the application's open task and complete it with `data`."""
    client.force_login(user)
    task = open_task(application)
    args = [task.process_id, task.pk]
    assert client.post(task.flow_task.reverse("assign", args=args)).status_code == 302
    return client.post(task.flow_task.reverse("execute", args=args), data)


NEW_ARTICLE = "第三十九条　本会设立〔专业委员会〕，其设立和终止由理事会决定。"


def apply(client, user, organization, *, consent=None, resolution=None, text_change=NEW_ARTICLE):
    """As the representative: start from the portal, edit the text, upload both documents, compare, submit."""
    consent = consent or local_today()
    client.force_login(user)
    response = client.post(f"/portal/organizations/{organization.pk}/charter/")
    assert response.status_code == 302
    application = CharterApplication.objects.get(organization=organization, status=CharterStatus.DRAFT)
    assert response["Location"] == f"/portal/charters/{application.pk}/"
    fields = {
        "new_text": application.old_text + text_change + "\n",
        "amendment_summary": "增设专业委员会条款",
        "resolution_body": "representatives",
        "resolution_date": (resolution or consent - datetime.timedelta(days=5)).isoformat(),
    }
    if application.has_competent_unit:
        fields["consent_date"] = consent.isoformat()
    uploads = {"resolution": upload("resolution.pdf", pdf_bytes("resolution"))}
    if application.has_competent_unit:
        uploads["consent"] = upload("consent.pdf", pdf_bytes("consent"))
    assert (
        client.post(f"/portal/charters/{application.pk}/", {**fields, **uploads, "action": "upload"}).status_code == 302
    )
    page = client.post(f"/portal/charters/{application.pk}/", {**fields, "action": "compare"}).content.decode()
    assert "修改前后对照" in page and "确认提交申请" in page
    assert "专业委员会" in page and "<ins>" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(f"/portal/charters/{application.pk}/", {"action": "submit"}).status_code == 302
    application.refresh_from_db()
    return application


def test_an_association_amends_its_charter_and_the_approved_text_becomes_current(
    client, minhang, officers, representative, mailoutbox
):
    organization = organization_of(representative, minhang, competent_unit="闵行区科学技术协会", direct_category="")
    application = apply(client, representative, organization)
    assert application.status == CharterStatus.SUBMITTED and not application.late
    # No charter recorded yet: the draft started from the Ministry's model text, filled with the register's data.
    assert application.base_charter is None
    assert application.old_text.startswith(f"{organization.name}章程")
    assert "闵行区科学技术协会" in application.old_text
    assert application.filing_deadline == local_today() + datetime.timedelta(days=30)
    assert any("已提交" in message.body for message in mailoutbox)
    # Its progress shows on the portal's list of applications.
    listing = client.get("/portal/applications/").content.decode()
    assert application.reference in listing and "已提交，待受理" in listing

    # 受理: the officer sees both comparisons and the documents.
    client.force_login(officers["window"])
    task = open_task(application)
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = client.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert "修改前后对照" in page and "与示范文本对照" in page
    assert "resolution.pdf" in page and "consent.pdf" in page
    assert "逾期申请" not in page
    client.post(task.flow_task.reverse("execute", args=[task.process_id, task.pk]), {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == CharterStatus.ACCEPTED and application.accepted_on == local_today()
    assert application.decision_due_on > local_today() + datetime.timedelta(days=20)  # 20 working days

    assert act(client, officers["reviewer"], application, {"opinion": "修改内容符合法律法规"}).status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = act(client, officers["approver"], application, {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == CharterStatus.APPROVED and application.decided_on == local_today()

    charter = Charter.objects.get(organization=organization, is_current=True)
    assert (charter.version, charter.text, charter.approved_on) == (1, application.new_text, local_today())
    assert charter.application == application and charter.consent_date == local_today()
    entry = OrganizationHistory.objects.get(organization=organization, action=HistoryAction.CHARTER_APPROVED)
    assert entry.changes == {"charter": [None, 1]} and "社会团体登记管理条例》第十八条" in entry.reason
    # Agencies following the change stream receive the approval as a change of the record.
    event = ChangeEvent.objects.get(organization=organization)
    assert (event.kind, event.fields) == (ChangeKind.CHANGED, {"charter": [None, 1]})
    assert [e.action for e in application.events.all()] == ["submitted", "accepted", "reviewed", "approved"]

    # The public record shows the current charter and its approval date.
    public = client.get(f"/organizations/{organization.uscc}/").content.decode()
    assert "现行章程：第1版" in public and "专业委员会" in public
    # The written decisions, for the organization (and not an association's notice: only foundations are announced).
    client.force_login(representative)
    for kind in ("acceptance", "approval"):
        pdf = client.get(f"/portal/charters/{application.pk}/decisions/{kind}.pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        sealed = signing.check_pdf(pdf.content)  # sealed by the bureau's key where its seal is printed
        assert sealed.outcome == "intact" and sealed.signer == "上海市闵行区民政局"
    assert client.get(f"/portal/charters/{application.pk}/decisions/rejection.pdf").status_code == 404
    notices = public_notices(today=local_today(), kind="charter", since=local_today(), until=local_today())
    assert notices == []


def test_the_next_amendment_starts_from_the_current_charter_and_keeps_the_earlier_one(
    client, minhang, officers, representative
):
    organization = organization_of(representative, minhang)
    first = charter_record(organization=organization, text="第一条　旧章程\n", on=local_today(), source="recorded")
    application = apply(client, representative, organization, text_change="第二条　新增条款")
    assert application.base_charter == first and application.old_text == "第一条　旧章程\n"
    act(client, officers["window"], application, {"decision": "accept"})
    act(client, officers["reviewer"], application, {"opinion": "同意"})
    act(client, officers["approver"], application, {"decision": "approve"})
    versions = list(Charter.objects.filter(organization=organization).order_by("version"))
    assert [(c.version, c.is_current, c.source) for c in versions] == [
        (1, False, CharterSource.RECORDED),
        (2, True, CharterSource.APPROVED),
    ]
    public = client.get(f"/organizations/{organization.uscc}/").content.decode()
    assert "现行章程：第2版" in public and "历次章程" in public


def test_a_late_application_is_accepted_and_flagged_to_the_officer(client, minhang, officers, representative):
    organization = organization_of(representative, minhang)  # directly registered: counts from its own decision
    application = apply(client, representative, organization, consent=local_today() - datetime.timedelta(days=31))
    assert application.late and application.status == CharterStatus.SUBMITTED
    client.force_login(officers["window"])
    task = open_task(application)
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = client.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert 'id="late-flag"' in page and "逾期申请" in page


def test_a_refusal_states_its_reasons_and_changes_no_charter(client, minhang, officers, representative):
    organization = organization_of(representative, minhang)
    application = apply(client, representative, organization)
    act(client, officers["window"], application, {"decision": "accept"})
    act(client, officers["reviewer"], application, {"opinion": "第三十九条与法规不符"})
    # Without reasons nothing happens: the task stays open and the application where it was.
    response = act(client, officers["approver"], application, {"decision": "reject", "reason": ""})
    assert response.status_code == 200 and "请写明理由和依据" in response.content.decode()
    application.refresh_from_db()
    assert application.status == CharterStatus.REVIEWED
    assert not CharterEvent.objects.filter(application=application, action="rejected").exists()
    task = open_task(application)
    client.post(
        task.flow_task.reverse("execute", args=[task.process_id, task.pk]),
        {"decision": "reject", "reason": "专业委员会的设立程序违反《社会团体登记管理条例》。"},
    )
    application.refresh_from_db()
    assert application.status == CharterStatus.REJECTED
    assert not Charter.objects.filter(organization=organization).exists()
    client.force_login(representative)
    assert client.get(f"/portal/charters/{application.pk}/decisions/rejection.pdf").status_code == 200
    page = client.get(f"/portal/charters/{application.pk}/").content.decode()
    assert "专业委员会的设立程序违反" in page


def test_corrections_are_requested_once_then_the_window_accepts_or_refuses(client, minhang, officers, representative):
    organization = organization_of(representative, minhang)
    application = apply(client, representative, organization)
    act(client, officers["window"], application, {"decision": "corrections", "text": "决议未加盖印章"})
    application.refresh_from_db()
    assert application.status == CharterStatus.CORRECTING
    client.force_login(representative)
    assert "决议未加盖印章" in client.get(f"/portal/charters/{application.pk}/").content.decode()
    client.post(
        f"/portal/charters/{application.pk}/",
        {
            "resolution": upload("r2.pdf", pdf_bytes("r2")),
            "action": "upload",
            "new_text": application.new_text,
            "resolution_body": "representatives",
            "resolution_date": application.resolution_date.isoformat(),
        },
    )
    assert client.post(f"/portal/charters/{application.pk}/", {"action": "submit"}).status_code == 302
    application.refresh_from_db()
    assert application.status == CharterStatus.SUBMITTED
    response = act(client, officers["window"], application, {"decision": "corrections", "text": "再补一项"})
    assert "已一次性告知过补正内容" in response.content.decode()
    application.refresh_from_db()
    assert application.status == CharterStatus.SUBMITTED


def test_an_incomplete_application_is_refused_at_submission_with_every_problem(client, minhang, representative):
    organization = organization_of(representative, minhang, competent_unit="区民政局", direct_category="")
    client.force_login(representative)
    client.post(f"/portal/organizations/{organization.pk}/charter/")
    application = CharterApplication.objects.get(organization=organization)
    response = client.post(f"/portal/charters/{application.pk}/", {"action": "submit"}, follow=True)
    page = response.content.decode()
    for problem in (
        "与现行章程相同",
        "业务主管单位同意章程修改的日期",
        "缺少材料：会员大会或理事会决议",
        "缺少材料：业务主管单位同意文件",
    ):
        assert problem in page, problem
    application.refresh_from_db()
    assert application.status == CharterStatus.DRAFT and application.submitted_at is None
    assert not Task.objects.filter(process__bureauprocess__charter_application=application).exists()


def test_only_the_organizations_own_accounts_apply_and_only_its_bureau_sees_the_file(
    client, minhang, songjiang, officers, representative
):
    organization = organization_of(representative, minhang)
    stranger = ApplicantFactory(mobile="13900000000", email="x@example.org", password=PASSWORD)
    client.force_login(stranger)
    assert client.post(f"/portal/organizations/{organization.pk}/charter/").status_code == 404
    assert not CharterApplication.objects.exists()
    application = apply(client, representative, organization)
    client.force_login(stranger)
    assert client.get(f"/portal/charters/{application.pk}/").status_code == 404
    document = application.documents.first()
    assert client.get(f"/portal/charters/documents/{document.pk}/").status_code == 404

    other = make_officer("sj_window", songjiang, OfficerRole.WINDOW)
    client.force_login(other)
    task = open_task(application)
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code in (403, 404)
    assert client.get(f"/portal/charters/documents/{document.pk}/").status_code == 404
    client.force_login(officers["window"])
    download = client.get(f"/portal/charters/documents/{document.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    # The section head of another bureau cannot decide it through the service either.
    other_head = make_officer("sj_approver", songjiang, OfficerRole.APPROVER)
    with pytest.raises(Exception, match="权限"):
        charter_decide(application=application, by=other_head, approve=True, reason="")


def test_a_foundations_approved_charter_is_announced(client, shanghai, representative):
    officer = make_officer("sh_all", shanghai, OfficerRole.WINDOW, OfficerRole.REVIEWER, OfficerRole.APPROVER)
    organization = organization_of(
        representative,
        shanghai,
        org_type=OrgType.FOUNDATION,
        name="上海市春晖助学基金会",
        direct_category=DirectCategory.CHARITY,
        registered_funds=2_000_000,
    )
    application = apply(client, representative, organization, consent=local_today() - datetime.timedelta(days=90))
    assert not application.late  # 基金会管理条例 sets no period
    assert "基金会" in application.old_text and "原始基金" in application.old_text
    act(client, officer, application, {"decision": "accept"})
    act(client, officer, application, {"opinion": "同意"})
    act(client, officer, application, {"decision": "approve"})
    notices = public_notices(today=local_today(), kind="charter", since=local_today(), until=local_today())
    assert [notice.organization for notice in notices] == [organization]
    assert "基金会章程核准公告" in client.get("/notices/?kind=charter").content.decode()


def test_recording_a_charter_twice_is_refused(minhang):
    organization = OrganizationFactory(jurisdiction=minhang)
    charter_record(organization=organization, text="甲\n", on=local_today(), source="registration")
    with pytest.raises(ValidationError):
        charter_record(organization=organization, text="乙\n", on=local_today(), source="recorded")
    assert Charter.objects.filter(organization=organization).count() == 1


def test_an_approval_that_cannot_be_recorded_rolls_back_whole(client, minhang, officers, representative):
    organization = organization_of(representative, minhang)
    application = apply(client, representative, organization)
    act(client, officers["window"], application, {"decision": "accept"})
    act(client, officers["reviewer"], application, {"opinion": "同意"})
    CharterApplication.objects.filter(pk=application.pk).update(new_text="")  # a text the register refuses
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        charter_decide(application=application, by=officers["approver"], approve=True, reason="")
    application.refresh_from_db()
    assert application.status == CharterStatus.REVIEWED and application.decided_on is None
    assert not Charter.objects.filter(organization=organization).exists()
    assert not OrganizationHistory.objects.filter(organization=organization, action=HistoryAction.CHARTER_APPROVED)
    assert not CharterEvent.objects.filter(application=application, action="approved").exists()


def test_the_written_decision_names_the_organization_the_basis_and_the_version(
    client, minhang, officers, representative
):
    organization = organization_of(representative, minhang)
    application = apply(client, representative, organization)
    act(client, officers["window"], application, {"decision": "accept"})
    act(client, officers["reviewer"], application, {"opinion": "同意"})
    act(client, officers["approver"], application, {"decision": "approve"})
    client.force_login(officers["window"])  # the bureau's officers read it too
    response = client.get(f"/portal/charters/{application.pk}/decisions/approval.pdf")
    assert response.status_code == 200
    text = "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "准予章程核准决定书" in text and organization.name in text
    assert "《社会团体登记管理条例》第十八条" in text and "（第1版）" in text
    assert f"第{application.pk:06d}号" in text


def test_the_section_head_extends_the_period_once_by_10_working_days(
    client, minhang, officers, representative, mailoutbox
):
    organization = organization_of(representative, minhang)
    application = apply(client, representative, organization)
    act(client, officers["window"], application, {"decision": "accept"})
    application.refresh_from_db()
    due = application.decision_due_on
    # The reviewer may not extend it; the section head may, with a reason told to the applicant.
    client.force_login(officers["reviewer"])
    assert client.post(f"/workflow/work/charters/{application.pk}/extend/", {"reason": "需征求意见"}).status_code == 404
    client.force_login(officers["approver"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/workflow/work/charters/{application.pk}/extend/", {"reason": "需征求有关部门意见"})
    application.refresh_from_db()
    assert application.extended_on == local_today() and application.decision_due_on > due + datetime.timedelta(days=13)
    assert any("需征求有关部门意见" in message.body for message in mailoutbox)
    response = client.post(
        f"/workflow/work/charters/{application.pk}/extend/", {"reason": "再延长"}, follow=True
    ).content.decode()
    assert "办理期限只能延长一次" in response
    application.refresh_from_db()
    assert application.extension_reason == "需征求有关部门意见"


def test_the_organization_may_start_again_from_the_model_charter(client, minhang, representative):
    organization = organization_of(representative, minhang)
    charter_record(organization=organization, text="第一条　旧章程\n", on=local_today(), source="recorded")
    client.force_login(representative)
    client.post(f"/portal/organizations/{organization.pk}/charter/")
    application = CharterApplication.objects.get(organization=organization)
    assert application.new_text == "第一条　旧章程\n"
    client.post(f"/portal/charters/{application.pk}/", {"action": "use_model"})
    application.refresh_from_db()
    assert application.new_text.startswith(f"{organization.name}章程\n") and "第八章　附则" in application.new_text
    assert application.old_text == "第一条　旧章程\n"  # the comparison still starts from the current charter


def test_demo_organizations_with_certificates_have_a_charter_on_file(db):
    call_command("seed_demo", orgs=60, seed=3)
    charters = Charter.objects.filter(is_current=True).select_related("organization")
    assert charters.exists()
    for charter in charters:
        assert charter.source == CharterSource.RECORDED
        assert charter.text.startswith(f"{charter.organization.name}章程")


def test_the_organization_withdraws_its_application_before_the_decision_and_no_officer_keeps_a_task(
    client, minhang, officers, representative
):
    organization = organization_of(representative, minhang, competent_unit="闵行区科学技术协会", direct_category="")
    application = apply(client, representative, organization)
    act(client, officers["window"], application, {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == CharterStatus.ACCEPTED

    # Someone who does not represent the organization cannot withdraw it.
    client.force_login(ApplicantFactory(password=PASSWORD))
    assert client.post(f"/portal/charters/{application.pk}/withdraw/").status_code == 404
    application.refresh_from_db()
    assert application.status == CharterStatus.ACCEPTED

    client.force_login(representative)
    page = client.get(f"/portal/charters/{application.pk}/").content.decode()
    assert f"portal/charters/{application.pk}/withdraw/" in page
    response = client.post(f"/portal/charters/{application.pk}/withdraw/", {"reason": "理事会决定暂缓修改章程"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == CharterStatus.WITHDRAWN and application.is_final
    assert not Task.objects.filter(
        process__bureauprocess__charter_application=application, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    ).exists()
    page = client.get(f"/portal/charters/{application.pk}/").content.decode()
    assert "已撤回" in page and "理事会决定暂缓修改章程" in page and "/withdraw/" not in page

    # Once withdrawn (or decided) it cannot be withdrawn again, and a new application may be started.
    client.post(f"/portal/charters/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == CharterStatus.WITHDRAWN
    assert client.post(f"/portal/organizations/{organization.pk}/charter/").status_code == 302
    assert CharterApplication.objects.filter(organization=organization, status=CharterStatus.DRAFT).exists()
