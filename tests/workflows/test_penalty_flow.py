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

from registry import signing
from registry.choices import OfficerRole, OrgStatus
from registry.models import Certificate, CertificateStatus, CreditEntry, PenaltyCase
from registry.rules.display import local_date
from registry.rules.penalties import CaseStage, FineBasis, PenaltyKind, Sanction
from registry.selectors import deadline_after
from registry.services import penalty_cases, penalty_decisions, penalty_procedure
from registry.services.certificates import issue_registration_certificates
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from tests.workflows.test_decision_documents import pdf_text
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


def a_month_ago():
    return local_today() - datetime.timedelta(days=30)


BASIS = "《社会团体登记管理条例》第三十条"


@pytest.fixture
def officers(minhang, songjiang, shanghai):
    return {
        "inspector": make_officer("mh_inspector", minhang, OfficerRole.INSPECTOR),
        "inspector2": make_officer("mh_inspector2", minhang, OfficerRole.INSPECTOR),
        "approver": make_officer("mh_approver", minhang, OfficerRole.APPROVER),
        "head": make_officer("mh_head", minhang, OfficerRole.HEAD),
        "reviewer": make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER),
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


HEADS = "张局长（局长）\n李副局长（副局长）\n王副局长（副局长）"


def notified(org, officers, sanctions, *, fine_basis="", illegal=None, complex_case=False, on=a_month_ago()):
    """A case walked through the services to an advance notice of `sanctions`, given on `on`."""
    inspector = officers["inspector"]
    case = penalty_cases.open_case(
        organization=org, source="spot_check", source_reference="CC-2026-0001", facts="抽查发现账目不实", by=inspector
    )
    penalty_cases.case_filing_decide(case=case, by=officers["approver"], approve=True, opinion="同意立案")
    penalty_cases.evidence_add(case=case, uploaded=upload("e.pdf", pdf_bytes()), description="检查笔录", by=inspector)
    return penalty_cases.investigation_conclude(
        case=case,
        by=inspector,
        second_investigator=officers["inspector2"],
        findings="未按规定使用资金",
        sanctions=sanctions,
        fine_basis=fine_basis,
        illegal_amount_yuan=illegal,
        complex_case=complex_case,
        today=on,
    )


def reviewed(org, officers, sanctions, **kwargs):
    """A case past the notice (served by post when given), its window closed and the statement reviewed."""
    case = notified(org, officers, sanctions, **kwargs)
    penalty_procedure.notice_serve(case=case, by=officers["inspector"], method="post", delivered_on=a_month_ago())
    return penalty_cases.statement_review(case=case, by=officers["inspector"], opinion="期满未陈述申辩")


def decided(org, officers, sanctions, **kwargs):
    """A case decided by the head, after the legal review and collective discussion it needs."""
    case = reviewed(org, officers, sanctions, **kwargs)
    if case.legal_review_required:
        case = penalty_procedure.legal_review_record(case=case, by=officers["reviewer"], opinion="事实清楚，程序合法")
    if case.discussion_required:
        case = penalty_procedure.discussion_record(
            case=case, by=officers["head"], held_on=local_today(), participants=HEADS, conclusion="同意处罚"
        )
    return penalty_decisions.case_decide(
        case=case,
        by=officers["head"],
        penalize=True,
        legal_basis=BASIS,
        reason="违反规定",
        sanctions=sanctions,
    )


def served(org, officers, kind=None, *, amount=None, months=None, sanctions=None, **kwargs):
    """A case walked through the services to a served decision of `kind` (or of combined `sanctions`)."""
    if sanctions is None:
        sanctions = [Sanction(kind, Decimal(amount) if amount else None, months)]
        if kind == PenaltyKind.FINE:  # a fine of 5 times the illegal income
            sanctions = [Sanction(kind, Decimal(amount), multiple=Decimal(5))]
            kwargs.update(fine_basis=FineBasis.INCOME, illegal=Decimal(amount) / 5)
    case = decided(org, officers, sanctions, **kwargs)
    penalty_decisions.case_serve(case=case, by=officers["inspector"], delivered_on=local_today(), method="electronic")
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
    assert org.suspended_until == case.suspension_ends_on >= local_today()
    assert org.on_dishonest_list  # 限期停止活动 is a dishonest-list ground
    page = login(applicant).post(
        "/portal/evaluation/apply/", {"round": evaluation_round.pk, "organization": org.pk}, follow=True
    )
    assert "正在限期停止活动，期满前不得申请评估" in page.content.decode()
    assert not evaluation_round.applications.exists()


def test_penalty_lowers_the_grade_and_a_serious_one_withdraws_it(make_org, org, officers):
    from registry.models import GradeChange

    org.grade, org.grade_expires_on = "4A", local_today() + datetime.timedelta(days=400)
    org.save()
    served(org, officers, PenaltyKind.WARNING)
    assert org.grade == "3A"
    other = make_org(
        name="上海市闵行区重罚协会", grade="5A", grade_expires_on=local_today() + datetime.timedelta(days=400)
    )
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
    notice = [Sanction(PenaltyKind.CONFISCATION, Decimal(10_000))]
    case = reviewed(org, officers, notice)
    with pytest.raises(ValidationError, match="不得重于事先告知"):
        penalty_decisions.case_decide(
            case=case,
            by=officers["head"],
            penalize=True,
            legal_basis=BASIS,
            reason="r",
            sanctions=[Sanction(PenaltyKind.CONFISCATION, Decimal(10_000)), Sanction(PenaltyKind.WARNING)],
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
    assert case.decision_due_on == local_today() + datetime.timedelta(days=90)
    case = penalty_cases.case_extend(case=case, by=officers["approver"], days=30, reason="案情复杂")
    assert case.decision_due_on == local_today() + datetime.timedelta(days=120)
    with pytest.raises(ValidationError, match="最多延长30日"):
        penalty_cases.case_extend(case=case, by=officers["approver"], days=1, reason="再延")


# The whole process over HTTP


def test_fine_with_hearing_walks_every_step_as_the_real_roles(client, org, officers, applicant):
    inspector, approver, head = officers["inspector"], officers["approver"], officers["head"]
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

    # Investigation: evidence first, then the proposal with two investigators and the advance notice:
    # confiscation of the illegal income with a fine of 3 times it (社团条例 第三十条第二款).
    evidence = {
        "outcome": "evidence",
        "evidence": [upload("record.pdf", pdf_bytes())],
        "evidence_description": "现场检查笔录",
    }
    assert act_on_case(inspector, case, evidence).status_code == 302
    proposal = {
        "outcome": "propose",
        "second_investigator": officers["inspector2"].pk,
        "findings": "超出业务范围收取培训费用，违法所得两万元",
        "kinds": ["fine", "confiscation"],
        "confiscated_yuan": "20000",
        "fine_basis": "income",
        "illegal_amount_yuan": "20000",
        "fine_multiple": "3",
        "fine_yuan": "60000",
    }
    alone = act_on_case(inspector, case, {**proposal, "second_investigator": ""})
    assert alone.status_code == 200 and "两名以上执法人员" in alone.content.decode()
    wrong = act_on_case(inspector, case, {**proposal, "fine_yuan": "70000"})
    assert wrong.status_code == 200 and "即60,000.00元" in wrong.content.decode()
    assert act_on_case(inspector, case, proposal).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.NOTIFIED and case.hearing_available and "要求听证" in case.notice_text
    assert "并处" in case.notice_text and case.discussion_required
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
    assert case.hearing_requested and case.statement_on == local_today()

    # The notice was given a month ago and served by post two days later.
    PenaltyCase.objects.filter(pk=case.pk).update(notice_on=a_month_ago())
    served_by_post = {"method": "post", "delivered_on": (a_month_ago() + datetime.timedelta(days=2)).isoformat()}
    assert act_on_case(inspector, case, {**served_by_post, "reference": "EMS 1234"}).status_code == 302
    case.refresh_from_db()
    window = deadline_after(a_month_ago() + datetime.timedelta(days=2), 5).due
    assert case.notice_served_on == a_month_ago() + datetime.timedelta(days=2) and case.statement_ends_on == window

    # The review waits for the hearing; its chair may not be an investigator, and the record is signed.
    refused = act_on_case(inspector, case, {"opinion": "陈述理由不成立"})
    assert refused.status_code == 200 and "请填写听证通知送达日期和听证日期" in refused.content.decode()
    heard = {
        "opinion": "陈述理由不成立",
        "hearing_notice_method": "in_person",
        "hearing_notified_on": (a_month_ago() + datetime.timedelta(days=3)).isoformat(),
        "hearing_held_on": (local_today() - datetime.timedelta(days=1)).isoformat(),
        "hearing_chair": officers["inspector2"].pk,
        "hearing_record": "当事人出席，陈述意见。",
        "hearing_record_signed": "on",
    }
    assert act_on_case(inspector, case, heard).status_code == 200  # an investigator cannot chair
    response = act_on_case(inspector, case, {**heard, "hearing_chair": approver.pk})
    assert response.status_code == 302, response.content.decode()[-3000:]
    case.refresh_from_db()
    assert case.stage == CaseStage.REVIEWED and case.legal_review_required  # heard: 第五十八条(二)

    # Legal review by a reviewer who did not investigate, then the heads' collective discussion.
    assert act_on_case(officers["reviewer"], case, {"opinion": "事实清楚，证据确凿，程序合法"}).status_code == 302
    too_few = act_on_case(
        head, case, {"held_on": local_today().isoformat(), "participants": "张局长", "conclusion": "同意"}
    )
    assert too_few.status_code == 200 and "至少3人" in too_few.content.decode()
    discussion = {"held_on": local_today().isoformat(), "participants": HEADS, "conclusion": "同意罚没"}
    assert act_on_case(head, case, discussion).status_code == 302

    decision = {
        "decision": "penalize",
        "kinds": ["fine", "confiscation"],
        "confiscated_yuan": "20000",
        "fine_basis": "income",
        "illegal_amount_yuan": "20000",
        "fine_multiple": "3",
        "fine_yuan": "60000",
        "legal_basis": BASIS,
        "reason": "超范围收费",
    }
    # The decision is the head's: the section head cannot take the task.
    task = case_task(case)
    section_head = Client()
    section_head.force_login(approver)
    assert section_head.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 403
    assert act_on_case(head, case, decision).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.DECIDED and case.decision_number.startswith("闵行区民罚字")
    assert case.decided_by == head and case.kind == "confiscation" and case.amount_yuan == Decimal(80_000)
    assert case.step_due_on == deadline_after(local_today(), 7).due and "申请行政复议" in case.decision_text
    assert "没收违法所得、非法财产20,000.00元，并处罚款60,000.00元" in case.decision_text
    assert "集体讨论" in case.decision_text and "由本机关负责人mh_head作出" in case.decision_text
    org.refresh_from_db()
    assert not org.on_dishonest_list  # not in force before service

    # The printed decision names every combined penalty and the head; the organization and the bureau see it.
    text = pdf_text(portal.get(f"/portal/penalties/{case.pk}/decision.pdf"))
    assert "行政处罚决定书" in text and case.decision_number in text
    assert "处罚内容：没收违法所得、非法财产20,000.00元，并处罚款60,000.00元" in text
    assert "决定人：本机关负责人mh_head" in text and "15日内缴纳" in text
    sealed = signing.check_pdf(portal.get(f"/portal/penalties/{case.pk}/decision.pdf").content)
    assert sealed.outcome == "intact" and sealed.signer == "上海市闵行区民政局"
    assert sealed.number == case.decision_number
    assert "行政处罚决定书" in pdf_text(client.get(f"/portal/penalties/{case.pk}/decision.pdf"))
    assert outsider.get(f"/portal/penalties/{case.pk}/decision.pdf").status_code == 404

    served_now = {"method": "electronic", "delivered_on": local_today().isoformat()}
    assert act_on_case(inspector, case, served_now).status_code == 302
    org.refresh_from_db()
    assert org.on_dishonest_list  # a fine of 50,000 yuan or more
    assert case.decision_number in portal.get("/portal/").content.decode()
    assert (
        act_on_case(
            inspector, case, {"executed_on": local_today().isoformat(), "note": "罚款已缴纳，票据号 0001"}
        ).status_code
        == 302
    )
    assert act_on_case(approver, case, {"note": "执行完毕，结案"}).status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED
    assert list(case.services.values_list("document", "method")) == [
        ("notice", "post"),
        ("hearing_notice", "in_person"),
        ("decision", "electronic"),
    ]
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
    return notified(org, officers, [Sanction(PenaltyKind.WARNING)], on=local_today())


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
    PenaltyCase.objects.filter(pk=late.pk).update(step_due_on=local_today() - datetime.timedelta(days=3))
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
    assert case.extension_days == 20 and case.decision_due_on == local_today() + datetime.timedelta(days=110)
    client.post(url, {"days": "20", "reason": "再次延长"})
    case.refresh_from_db()
    assert case.extension_days == 20  # beyond the 30-day limit: refused, nothing changed


# The procedure in law (行政处罚法 2021)


def test_no_decision_inside_the_statement_window_even_after_an_early_statement(org, officers, applicant):
    case = notified(org, officers, [Sanction(PenaltyKind.WARNING)], on=local_today())
    case = penalty_procedure.notice_serve(
        case=case, by=officers["inspector"], method="in_person", delivered_on=local_today()
    )
    assert case.statement_ends_on == deadline_after(local_today(), 5).due
    penalty_cases.statement_submit(
        case=case, by=applicant, statement="我单位已整改，请求从轻。", hearing_requested=False
    )
    case = penalty_cases.statement_review(case=case, by=officers["inspector"], opinion="陈述理由部分成立")
    with pytest.raises(ValidationError) as refused:
        penalty_decisions.case_decide(
            case=case, by=officers["head"], penalize=True, legal_basis=BASIS, reason="违反规定", kind="warning"
        )
    assert refused.value.messages == [
        f"陈述、申辩和要求听证的期限（自{local_date(local_today())}送达起5个工作日）至"
        f"{local_date(case.statement_ends_on)}届满，届满前不得作出行政处罚决定。"
    ]
    case.refresh_from_db()
    assert (
        case.stage == CaseStage.REVIEWED and not case.decision_number and not case.sanction_rows.filter(phase="decided")
    )
    # Once the window has closed, the head decides.
    day_after = case.statement_ends_on + datetime.timedelta(days=1)
    case = penalty_decisions.case_decide(
        case=case,
        by=officers["head"],
        penalize=True,
        legal_basis=BASIS,
        reason="违反规定",
        kind="warning",
        today=day_after,
    )
    assert case.stage == CaseStage.DECIDED and case.decided_on == day_after


def test_the_section_head_no_longer_decides(org, officers):
    from django.core.exceptions import PermissionDenied

    case = reviewed(org, officers, [Sanction(PenaltyKind.WARNING)])
    with pytest.raises(PermissionDenied, match="只有登记管理机关负责人"):
        penalty_decisions.case_decide(
            case=case, by=officers["approver"], penalize=True, legal_basis=BASIS, reason="r", kind="warning"
        )


def test_a_notice_published_is_served_thirty_days_later_and_the_window_follows(org, officers, settings):
    settings.REGISTRY = {**settings.REGISTRY, "PENALTY_PUBLICATION_DAYS": 30}
    case = notified(org, officers, [Sanction(PenaltyKind.WARNING)], on=a_month_ago())
    published = a_month_ago() + datetime.timedelta(days=1)
    case = penalty_procedure.notice_serve(
        case=case, by=officers["inspector"], method="publication", delivered_on=published, reference="区政府网站"
    )
    served_on = published + datetime.timedelta(days=30)
    assert case.notice_served_on == served_on and case.statement_ends_on == deadline_after(served_on, 5).due
    with pytest.raises(ValidationError, match="已于"):  # recorded once
        penalty_procedure.notice_serve(case=case, by=officers["inspector"], method="post", delivered_on=local_today())


def test_a_decision_published_takes_effect_only_when_the_publication_period_has_passed(org, officers):
    case = decided(org, officers, [Sanction(PenaltyKind.WARNING)])
    with pytest.raises(ValidationError, match="视为送达"):
        penalty_decisions.case_serve(
            case=case, by=officers["inspector"], delivered_on=local_today(), method="publication"
        )
    case.refresh_from_db()
    org.refresh_from_db()
    assert case.stage == CaseStage.DECIDED and not org.on_abnormal_list
    assert not case.services.filter(document="decision").exists()


def test_revocation_needs_the_heads_collective_discussion_first(org, officers):
    case = reviewed(org, officers, [Sanction(PenaltyKind.REVOCATION)])
    assert case.discussion_required and not case.legal_review_required
    with pytest.raises(ValidationError, match="集体讨论后方可作出决定"):
        penalty_decisions.case_decide(
            case=case, by=officers["head"], penalize=True, legal_basis=BASIS, reason="r", kind="revocation"
        )
    org.refresh_from_db()
    assert org.status == OrgStatus.NORMAL


def test_legal_review_is_not_done_by_an_investigator(org, officers, minhang):
    investigator = officers["inspector2"]
    assign_perm("registry.role_reviewer", investigator, minhang)
    case = reviewed(org, officers, [Sanction(PenaltyKind.WARNING)], complex_case=True)
    assert case.legal_review_required
    with pytest.raises(ValidationError, match="不得由本案调查人员"):
        penalty_procedure.legal_review_record(case=case, by=investigator, opinion="同意")
    with pytest.raises(ValidationError, match="须经法制审核后"):
        penalty_decisions.case_decide(
            case=case, by=officers["head"], penalize=True, legal_basis=BASIS, reason="r", kind="warning"
        )
    case = penalty_procedure.legal_review_record(case=case, by=officers["reviewer"], opinion="事实清楚，程序合法")
    assert case.stage == CaseStage.LEGAL_REVIEWED and case.legal_reviewer == officers["reviewer"]


def test_a_foundation_may_not_be_fined_and_nothing_is_notified(make_org, officers, shanghai):
    from registry.choices import OrgType

    foundation = make_org(name="上海市春晖助学基金会", org_type=OrgType.FOUNDATION)
    with pytest.raises(ValidationError, match="基金会管理条例》第四十二条未规定“罚款”"):
        notified(
            foundation,
            officers,
            [Sanction(PenaltyKind.FINE, Decimal(30_000), multiple=Decimal(3))],
            fine_basis="income",
            illegal=Decimal(10_000),
        )
    case = PenaltyCase.objects.get(organization=foundation)
    assert case.stage == CaseStage.INVESTIGATING and not case.sanction_rows.exists()


def test_combined_warning_and_suspension_apply_both(org, officers):
    case = served(org, officers, sanctions=[Sanction(PenaltyKind.WARNING), Sanction(PenaltyKind.SUSPENSION, months=2)])
    assert case.kind == PenaltyKind.SUSPENSION and case.suspension_ends_on and org.suspended_until
    assert org.on_dishonest_list  # the heavier ground of the two
    assert f"{PenaltyKind.SUSPENSION.label}2个月，并处{PenaltyKind.WARNING.label}" in case.decision_text
    public = Client().get(f"/organizations/{org.uscc}/").content.decode()
    assert f"{PenaltyKind.SUSPENSION.label}2个月，并处{PenaltyKind.WARNING.label}" in public


def test_a_hearing_notice_by_publication_counts_from_its_service(org, officers, applicant):
    # 行政处罚法 第六十四条(二): 7 working days' notice, counted from service; a publication is served 30 days on.
    case = notified(org, officers, [Sanction(PenaltyKind.SUSPENSION, months=1)], on=a_month_ago())
    penalty_cases.statement_submit(
        case=case, by=applicant, statement="请求听证。", hearing_requested=True, today=a_month_ago()
    )
    penalty_procedure.notice_serve(case=case, by=officers["inspector"], method="post", delivered_on=a_month_ago())
    hearing = {
        "opinion": "陈述不成立",
        "hearing_notified_on": a_month_ago(),
        "hearing_held_on": local_today() - datetime.timedelta(days=1),
        "hearing_chair": officers["approver"],
        "hearing_record": "当事人到场陈述。",
        "hearing_record_signed": True,
    }
    with pytest.raises(ValidationError, match="听证应在通知当事人7个工作日后举行"):
        penalty_cases.statement_review(
            case=case, by=officers["inspector"], hearing_notice_method="publication", **hearing
        )
    case.refresh_from_db()
    assert case.stage == CaseStage.NOTIFIED and not case.services.filter(document="hearing_notice").exists()
    case = penalty_cases.statement_review(case=case, by=officers["inspector"], hearing_notice_method="post", **hearing)
    assert case.stage == CaseStage.REVIEWED and case.hearing_notified_on == a_month_ago() and case.legal_review_required
