"""Administrative penalty cases: the whole process as the real roles over HTTP, and each link a penalty makes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import OfficerRole, OrgStatus
from registry.models import Certificate, CertificateStatus, CreditEntry, PenaltyCase
from registry.rules.penalties import CaseStage, PenaltyKind
from registry.services import penalty_cases, penalty_decisions
from registry.services.certificates import issue_registration_certificates
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BASIS = "《社会团体登记管理条例》第三十条"


@pytest.fixture
def officers(minhang, songjiang, shanghai):
    return {
        "inspector": make_officer("mh_inspector", minhang, OfficerRole.INSPECTOR),
        "inspector2": make_officer("mh_inspector2", minhang, OfficerRole.INSPECTOR),
        "approver": make_officer("mh_approver", minhang, OfficerRole.APPROVER),
        "sj_inspector": make_officer("sj_inspector", songjiang, OfficerRole.INSPECTOR, OfficerRole.APPROVER),
        "city": make_officer("city_inspector", shanghai, OfficerRole.INSPECTOR),
    }


@pytest.fixture
def org(make_org, applicant):
    organization = make_org(name="上海市闵行区违规活动协会", founded_on=datetime.date(2018, 4, 1))
    issue_registration_certificates(organization=organization)
    assign_perm("registry.manage_organization", applicant, organization)
    return organization


def case_task(case):
    return Task.objects.get(
        process__bureauprocess__penalty_case=case, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def act_on_case(user, case, data):
    client = Client()
    client.force_login(user)
    task = case_task(case)
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    return client.post(task.flow_task.reverse("execute", args=args), data)


def served(org, officers, kind, *, amount=None, months=None):
    """A case walked through the services to a served decision of `kind`."""
    inspector, approver = officers["inspector"], officers["approver"]
    case = penalty_cases.open_case(
        organization=org, source="spot_check", source_reference="CC-2026-0001", facts="抽查发现账目不实", by=inspector
    )
    penalty_cases.case_filing_decide(case=case, by=approver, approve=True, opinion="同意立案")
    penalty_cases.evidence_add(case=case, uploaded=upload("e.pdf", pdf_bytes()), description="检查笔录", by=inspector)
    penalty_cases.investigation_conclude(
        case=case,
        by=inspector,
        second_investigator=officers["inspector2"],
        findings="未按规定使用资金",
        kind=kind,
        amount_yuan=amount,
        months=months,
        today=TODAY - datetime.timedelta(days=10),
    )
    penalty_cases.statement_review(case=case, by=inspector, opinion="期满未陈述申辩")
    penalty_decisions.case_decide(
        case=case,
        by=approver,
        penalize=True,
        legal_basis=BASIS,
        reason="违反规定",
        kind=kind,
        amount_yuan=amount,
        months=months,
    )
    penalty_decisions.case_serve(case=case, by=inspector, served_on=TODAY, method="portal")
    case.refresh_from_db()
    org.refresh_from_db()
    return case


# The links


def test_fine_of_50000_yuan_puts_the_organization_on_the_dishonest_list(org, officers):
    served(org, officers, PenaltyKind.FINE, amount=50_000)
    assert org.on_dishonest_list
    assert CreditEntry.objects.filter(organization=org, credit_list="dishonest", reason_code="large_fine").exists()


def test_fine_under_50000_or_warning_puts_it_on_the_abnormal_list_only(org, officers):
    served(org, officers, PenaltyKind.WARNING)
    assert org.on_abnormal_list and not org.on_dishonest_list
    entry = CreditEntry.objects.get(organization=org, reason_code="small_penalty")
    assert entry.credit_list == "abnormal" and "民罚字" in entry.reason


def test_suspension_blocks_an_evaluation_application(org, officers, applicant, minhang):
    from tests.workflows.test_evaluation_flow import login, open_round

    evaluation_round = open_round(make_officer("mh_evaluator", minhang, OfficerRole.EVALUATOR))
    case = served(org, officers, PenaltyKind.SUSPENSION, months=3)
    assert org.suspended_until == case.suspension_ends_on >= TODAY
    assert org.on_dishonest_list  # 限期停止活动 is a dishonest-list ground
    page = login(applicant).post(
        "/portal/evaluation/apply/", {"round": evaluation_round.pk, "organization": org.pk}, follow=True
    )
    assert "正在限期停止活动，期满前不得申请评估" in page.content.decode()
    assert not evaluation_round.applications.exists()


def test_penalty_lowers_the_grade_and_a_serious_one_withdraws_it(make_org, org, officers):
    from registry.models import GradeChange

    org.grade, org.grade_expires_on = "4A", TODAY + datetime.timedelta(days=400)
    org.save()
    served(org, officers, PenaltyKind.WARNING)
    assert org.grade == "3A"
    other = make_org(name="上海市闵行区重罚协会", grade="5A", grade_expires_on=TODAY + datetime.timedelta(days=400))
    served(other, officers, PenaltyKind.FINE, amount=80_000)
    assert other.grade == ""
    assert GradeChange.objects.filter(organization=other, kind="withdrawn", reason__contains="民罚字").exists()


def test_revocation_deregisters_and_is_public(org, officers):
    case = served(org, officers, PenaltyKind.REVOCATION)
    assert org.status == OrgStatus.REVOKED
    assert not Certificate.objects.filter(organization=org, status=CertificateStatus.VALID).exists()
    assert CreditEntry.objects.filter(organization=org, reason_code="revoked").exists()
    page = Client().get(f"/organizations/{org.uscc}/").content.decode()
    assert case.decision_number in page and "撤销登记" in page and BASIS in page
    assert "未按规定使用资金" not in page  # investigation details are not public
    notices = Client().get("/notices/").content.decode()
    assert "撤销登记公告" in notices and org.name in notices and case.decision_number in notices


def test_purchase_of_service_eligibility_follows_penalties_on_page_and_api(org, officers, settings):
    settings.SEARCH_BACKEND = "database"
    api = Client().get("/api/organizations/", {"q": org.uscc}).json()
    assert api["results"][0]["purchase_of_service_eligible"] is True
    served(org, officers, PenaltyKind.CONFISCATION, amount=1_000)
    assert not org.on_abnormal_list and not org.on_dishonest_list  # confiscation is no credit-list ground
    page = Client().get(f"/organizations/{org.uscc}/").content.decode()
    assert "暂不具备" in page and "受到较重的行政处罚" in page
    api = Client().get("/api/organizations/", {"q": org.uscc}).json()
    assert api["results"][0]["purchase_of_service_eligible"] is False


def test_decision_may_not_be_heavier_than_the_notice(org, officers):
    case = penalty_cases.open_case(
        organization=org, source="complaint", facts="群众举报违规收费", by=officers["inspector"]
    )
    penalty_cases.case_filing_decide(case=case, by=officers["approver"], approve=True, opinion="同意")
    penalty_cases.evidence_add(
        case=case, uploaded=upload("e.pdf", pdf_bytes()), description="收费凭证", by=officers["inspector"]
    )
    penalty_cases.investigation_conclude(
        case=case,
        by=officers["inspector"],
        second_investigator=officers["inspector2"],
        findings="违规收费属实",
        kind=PenaltyKind.FINE,
        amount_yuan=10_000,
        today=TODAY - datetime.timedelta(days=6),
    )
    penalty_cases.statement_review(case=case, by=officers["inspector"], opinion="无")
    with pytest.raises(ValidationError, match="不得重于事先告知"):
        penalty_decisions.case_decide(
            case=case,
            by=officers["approver"],
            penalize=True,
            legal_basis=BASIS,
            reason="r",
            kind="fine",
            amount_yuan=20_000,
        )
    case.refresh_from_db()
    assert case.stage == CaseStage.REVIEWED and not case.decision_number


def test_open_case_refuses_unknown_source_and_other_bureaus(org, officers):
    with pytest.raises(ValidationError):
        penalty_cases.open_case(
            organization=org,
            source="rumour",
            facts="某某违法事实经核实",
            by=officers["inspector"],
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        penalty_cases.open_case(
            organization=org, source="officer", facts="某某违法事实经核实", by=officers["sj_inspector"]
        )
    assert not PenaltyCase.objects.exists()


def test_extension_moves_the_decision_deadline_within_the_limit(org, officers):
    case = penalty_cases.open_case(
        organization=org,
        source="officer",
        facts="某某事实经核实",
        by=officers["inspector"],
    )
    assert case.decision_due_on == TODAY + datetime.timedelta(days=90)
    case = penalty_cases.case_extend(case=case, by=officers["approver"], days=30, reason="案情复杂")
    assert case.decision_due_on == TODAY + datetime.timedelta(days=120)
    with pytest.raises(ValidationError, match="最多延长30日"):
        penalty_cases.case_extend(case=case, by=officers["approver"], days=1, reason="再延")


# The whole process over HTTP


def test_fine_with_hearing_walks_every_step_as_the_real_roles(client, org, officers, applicant):
    inspector, approver = officers["inspector"], officers["approver"]
    client.force_login(inspector)
    response = client.post(
        "/workflow/work/penalties/new/", {"uscc": org.uscc, "facts": "日常监管发现超出业务范围开展收费活动"}
    )
    assert response.status_code == 302
    case = PenaltyCase.objects.get(organization=org)
    assert case.source == "officer" and case.stage == CaseStage.FILED
    assert BureauProcess.objects.get(penalty_case=case).jurisdiction == org.jurisdiction

    # The section head approves the filing; the other bureau's officer cannot take the task.
    outsider = Client()
    outsider.force_login(officers["sj_inspector"])
    task = case_task(case)
    assert outsider.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 403
    assert act_on_case(approver, case, {"decision": "approve", "opinion": "同意立案调查"}).status_code == 302

    # Investigation: evidence first, then the proposal with two investigators and the advance notice.
    evidence = {
        "outcome": "evidence",
        "evidence": [upload("record.pdf", pdf_bytes())],
        "evidence_description": "现场检查笔录",
    }
    assert act_on_case(inspector, case, evidence).status_code == 302
    proposal = {
        "outcome": "propose",
        "second_investigator": officers["inspector2"].pk,
        "findings": "超出业务范围收取培训费用六万元",
        "kind": "fine",
        "amount_yuan": "60000",
    }
    alone = act_on_case(inspector, case, {**proposal, "second_investigator": ""})
    assert alone.status_code == 200 and "两名以上执法人员" in alone.content.decode()
    assert act_on_case(inspector, case, proposal).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.NOTIFIED and case.hearing_available and "要求听证" in case.notice_text
    evidence_item = case.evidence.get()
    assert client.get(f"/workflow/work/penalties/evidence/{evidence_item.pk}/").status_code == 200
    assert outsider.get(f"/workflow/work/penalties/evidence/{evidence_item.pk}/").status_code == 404

    # The organization states its case and asks for a hearing from its portal.
    portal = Client()
    portal.force_login(applicant)
    assert "行政处罚事先告知" in portal.get("/portal/").content.decode()
    portal.post(
        f"/portal/penalties/{case.pk}/statement/", {"statement": "收费为会员自愿缴纳，请求从轻。", "hearing": "on"}
    )
    case.refresh_from_db()
    assert case.hearing_requested and case.statement_on == TODAY

    # The review waits for the hearing.
    refused = act_on_case(inspector, case, {"opinion": "陈述理由不成立"})
    assert refused.status_code == 200 and "当事人已要求听证" in refused.content.decode()
    heard = {
        "opinion": "陈述理由不成立",
        "hearing_held_on": TODAY.isoformat(),
        "hearing_record": "当事人出席，陈述意见。",
    }
    assert act_on_case(inspector, case, heard).status_code == 302

    decision = {
        "decision": "penalize",
        "kind": "fine",
        "amount_yuan": "60000",
        "legal_basis": BASIS,
        "reason": "超范围收费",
    }
    assert act_on_case(approver, case, decision).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.DECIDED and case.decision_number.startswith("闵行区民罚字")
    assert case.step_due_on == TODAY + datetime.timedelta(days=7) and "申请行政复议" in case.decision_text
    org.refresh_from_db()
    assert not org.on_dishonest_list  # not in force before service

    assert act_on_case(inspector, case, {"served_on": TODAY.isoformat(), "method": "portal"}).status_code == 302
    org.refresh_from_db()
    assert org.on_dishonest_list
    assert case.decision_number in portal.get("/portal/").content.decode()
    assert (
        act_on_case(inspector, case, {"executed_on": TODAY.isoformat(), "note": "罚款已缴纳，票据号 0001"}).status_code
        == 302
    )
    assert act_on_case(approver, case, {"note": "执行完毕，结案"}).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED
    assert BureauProcess.objects.get(penalty_case=case).finished is not None


def test_statement_from_another_account_changes_nothing(org, officers):
    from tests.factories import UserFactory

    case = served_notice(org, officers)
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert (
        stranger.post(f"/portal/penalties/{case.pk}/statement/", {"statement": "冒名陈述申辩内容"}).status_code == 404
    )
    case.refresh_from_db()
    assert case.statement == ""


def served_notice(org, officers):
    case = penalty_cases.open_case(
        organization=org,
        source="officer",
        facts="某某违法事实",
        by=officers["inspector"],
    )
    penalty_cases.case_filing_decide(case=case, by=officers["approver"], approve=True, opinion="同意")
    penalty_cases.evidence_add(
        case=case, uploaded=upload("e.pdf", pdf_bytes()), description="笔录", by=officers["inspector"]
    )
    return penalty_cases.investigation_conclude(
        case=case,
        by=officers["inspector"],
        second_investigator=officers["inspector2"],
        findings="违法事实属实",
        kind="warning",
    )


# Statistics


def test_statistics_by_stage_and_kind_with_overdue_steps_and_excel(client, org, officers, make_org, songjiang):
    from openpyxl import load_workbook

    served(org, officers, PenaltyKind.WARNING)
    late = penalty_cases.open_case(
        organization=org,
        source="complaint",
        facts="群众举报事实",
        by=officers["inspector"],
    )
    PenaltyCase.objects.filter(pk=late.pk).update(step_due_on=TODAY - datetime.timedelta(days=3))
    sj_org = make_org(name="上海市松江区另案协会", jurisdiction=songjiang)
    penalty_cases.open_case(
        organization=sj_org,
        source="officer",
        facts="松江的案件事实",
        by=officers["sj_inspector"],
    )

    client.force_login(officers["inspector"])
    page = client.get("/workflow/work/penalties/statistics/")
    stats = page.context["stats"]
    assert [row["name"] for row in stats["by_stage"]] == [org.jurisdiction.authority_name]
    assert stats["overdue_count"] == 1 and stats["overdue"][0].overdue_days == 3
    assert late.reference in page.content.decode() and sj_org.name not in page.content.decode()
    book = load_workbook(io.BytesIO(client.get("/workflow/work/penalties/statistics/?format=xlsx").content))
    assert book.sheetnames == ["按阶段", "按处罚种类", "逾期环节"]
    assert book["逾期环节"]["A2"].value == late.reference
    by_kind = list(book["按处罚种类"].iter_rows(min_row=2, values_only=True))
    assert by_kind[0][1] == 1  # one warning

    # The city bureau sees every district below it.
    city = Client()
    city.force_login(officers["city"])
    names = [row["name"] for row in city.get("/workflow/work/penalties/statistics/").context["stats"]["by_stage"]]
    assert org.jurisdiction.authority_name in names and songjiang.authority_name in names
    assert Decimal(0) == sum((row["amount"] for row in stats["by_kind"]), Decimal(0))


def test_second_investigator_must_be_an_officer_of_the_same_bureau(org, officers):
    case = penalty_cases.open_case(
        organization=org, source="officer", facts="某某违法事实经核实", by=officers["inspector"]
    )
    penalty_cases.case_filing_decide(case=case, by=officers["approver"], approve=True, opinion="同意")
    penalty_cases.evidence_add(
        case=case, uploaded=upload("e.pdf", pdf_bytes()), description="笔录", by=officers["inspector"]
    )
    with pytest.raises(ValidationError, match="协办人须为本登记管理机关的执法人员"):
        penalty_cases.investigation_conclude(
            case=case,
            by=officers["inspector"],
            second_investigator=officers["sj_inspector"],
            findings="违法事实属实",
            kind="warning",
        )
    case.refresh_from_db()
    assert case.stage == CaseStage.INVESTIGATING and case.second_investigator is None


def test_section_head_extends_the_decision_period_from_the_case_page(org, officers):
    case = penalty_cases.open_case(
        organization=org, source="officer", facts="某某违法事实经核实", by=officers["inspector"]
    )
    url = f"/workflow/work/penalties/{case.pk}/extend/"
    for outsider in (officers["inspector"], officers["sj_inspector"]):
        client = Client()
        client.force_login(outsider)
        assert client.post(url, {"days": "30", "reason": "案情复杂"}).status_code == 404
    client = Client()
    client.force_login(officers["approver"])
    task = case_task(case)
    client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    assert url in client.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    assert client.post(url, {"days": "20", "reason": "案情复杂，需补充调查"}).status_code == 302
    case.refresh_from_db()
    assert case.extension_days == 20 and case.decision_due_on == TODAY + datetime.timedelta(days=110)
    client.post(url, {"days": "20", "reason": "再次延长"})
    case.refresh_from_db()
    assert case.extension_days == 20  # beyond the 30-day limit: refused, nothing changed
