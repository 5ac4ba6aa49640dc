"""A penalty case in a real browser (headless Chromium), each step by the role the law gives it: filing,
investigation, the advance notice served by post, the statement window in working days, legal review,
collective discussion, the bureau head's decision (refused inside the window), service, execution, closing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import PenaltyCase
from registry.rules.display import local_date
from registry.rules.penalties import CaseStage
from registry.selectors import deadline_after
from registry.services.certificates import issue_registration_certificates
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def officer(username, jurisdiction, *roles):
    user = make_officer(username, jurisdiction, *roles)
    user.set_password(PASSWORD)
    user.save()
    return user


def work_task(browser, live_server, username, reference):
    """Log in as `username`, claim the case's task in the inbox and open it; return the task page."""
    page = log_in(browser, live_server, username, PASSWORD, "/workflow/work/")
    row = page.locator("tr", has_text=reference)
    with page.expect_navigation():
        row.locator("button:has-text('认领')").click()
    page.goto(f"{live_server.url}/workflow/work/?show=mine")
    page.locator("tr", has_text=reference).locator("a", has_text="办理").click()
    page.wait_for_selector("form[enctype] button[type=submit]")
    return page


def submit(page):
    page.click("button:has-text('提交')")
    page.wait_for_url("**/workflow/work/")
    page.context.close()


def test_penalty_case_through_every_step_in_the_browser(browser, live_server, minhang, make_org, tmp_path):
    inspector = officer("b_inspector", minhang, OfficerRole.INSPECTOR)
    inspector2 = officer("b_inspector2", minhang, OfficerRole.INSPECTOR)
    officer("b_approver", minhang, OfficerRole.APPROVER)
    officer("b_reviewer", minhang, OfficerRole.REVIEWER)
    head = officer("b_head", minhang, OfficerRole.HEAD)
    head.first_name = "张局长"
    head.save()
    organization = make_org(name="上海市闵行区违规培训协会", founded_on=datetime.date(2018, 4, 1))
    issue_registration_certificates(organization=organization)
    representative = confirmed_applicant(
        mobile="13700003333", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", representative, organization)
    evidence = tmp_path / "record.pdf"
    evidence.write_bytes(pdf_bytes())
    today = timezone.localdate()

    # 立案: the inspector files the case; the section head approves it.
    page = log_in(browser, live_server, "b_inspector", PASSWORD, "/workflow/work/penalties/new/")
    page.fill("input[name=uscc]", organization.uscc)
    page.fill("textarea[name=facts]", "日常监管发现超出业务范围收取培训费")
    page.click("button:has-text('立案')")
    page.wait_for_url("**/workflow/work/penalties/statistics/")
    page.context.close()
    case = PenaltyCase.objects.get(organization=organization)
    page = work_task(browser, live_server, "b_approver", case.reference)
    page.check("input[name=decision][value=approve]")
    page.fill("textarea[name=opinion]", "同意立案调查")
    submit(page)

    # 调查: evidence, then two investigators propose confiscation with a fine of 3 times the illegal income.
    page = work_task(browser, live_server, "b_inspector", case.reference)
    page.check("input[name=outcome][value=evidence]")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.fill("input[name=evidence_description]", "现场检查笔录")
    page.click("button:has-text('提交')")
    page.wait_for_selector("text=证据材料已上传。")
    page.check("input[name=outcome][value=propose]")
    page.select_option("select[name=second_investigator]", str(inspector2.pk))
    page.fill("textarea[name=findings]", "超出业务范围收取培训费，违法所得20000元")
    page.check("input[name=kinds][value=confiscation]")
    page.check("input[name=kinds][value=fine]")
    page.fill("input[name=confiscated_yuan]", "20000")
    page.select_option("select[name=fine_basis]", "income")
    page.fill("input[name=illegal_amount_yuan]", "20000")
    page.fill("input[name=fine_multiple]", "3")
    page.fill("input[name=fine_yuan]", "50000")  # not 3 times: refused with the right amount
    page.check("input[name=complex_case]")
    page.click("button:has-text('提交')")
    page.wait_for_selector("text=即60,000.00元")
    page.check("input[name=outcome][value=propose]")
    page.fill("input[name=fine_yuan]", "60000")
    submit(page)
    case.refresh_from_db()
    assert case.stage == CaseStage.NOTIFIED and case.notice_served_on is None

    # 告知书送达: by post, signed for today; the window is 5 working days from that day.
    page = work_task(browser, live_server, "b_inspector", case.reference)
    page.select_option("select[name=method]", "post")
    page.fill("input[name=delivered_on]", today.isoformat())
    page.fill("input[name=reference]", "EMS1180000000")
    submit(page)
    case.refresh_from_db()
    ends_on = deadline_after(today, 5).due
    assert case.notice_served_on == today and case.statement_ends_on == ends_on

    # The organization states its case at once, without asking for a hearing.
    page = log_in(browser, live_server, "13700003333", PASSWORD, "/portal/")
    assert ends_on.strftime("%Y") in page.content() and "陈述、申辩和要求听证的期限至" in page.content()
    page.fill("textarea[name=statement]", "费用为会员自愿缴纳，请求从轻处罚。")
    page.click("form[action$='/statement/'] button[type=submit]")
    page.wait_for_selector("text=已提交陈述和申辩")
    page.context.close()

    # 复核, then 法制审核 by a reviewer who did not investigate (a complex case: 第五十八条(三)).
    page = work_task(browser, live_server, "b_inspector", case.reference)
    page.fill("textarea[name=opinion]", "陈述理由不成立，维持拟处罚意见")
    submit(page)
    page = work_task(browser, live_server, "b_reviewer", case.reference)
    page.fill("textarea[name=opinion]", "事实清楚，证据确凿，适用依据正确，程序合法")
    submit(page)

    # 集体讨论 by the heads (80,000 yuan of fines and confiscations), then the head's decision: refused while
    # the statement window is still open.
    page = work_task(browser, live_server, "b_head", case.reference)
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("textarea[name=participants]", "张局长（局长）\n李副局长（副局长）\n王副局长（副局长）")
    page.fill("textarea[name=conclusion]", "同意没收违法所得并处罚款")
    submit(page)
    page = work_task(browser, live_server, "b_head", case.reference)
    assert page.locator("input[name=kinds][value=fine]").is_checked()  # the notice's penalties, filled in
    page.check("input[name=decision][value=penalize]")
    page.fill("textarea[name=legal_basis]", "《社会团体登记管理条例》第三十条")
    page.fill("textarea[name=reason]", "超出章程规定的业务范围开展收费活动")
    page.click("button:has-text('提交')")
    page.wait_for_selector(f"text=至{local_date(ends_on)}届满，届满前不得作出行政处罚决定")
    case.refresh_from_db()
    assert case.stage == CaseStage.DISCUSSED and not case.decision_number

    # Time passes: the notice was in fact served long enough ago for the window to have closed.
    served = today - datetime.timedelta(days=14)
    case.services.filter(document="notice").update(delivered_on=served, served_on=served)
    PenaltyCase.objects.filter(pk=case.pk).update(
        notice_on=served, notice_served_on=served, statement_ends_on=deadline_after(served, 5).due
    )
    page.check("input[name=decision][value=penalize]")
    page.click("button:has-text('提交')")
    page.wait_for_url("**/workflow/work/")
    page.context.close()
    case.refresh_from_db()
    assert case.stage == CaseStage.DECIDED and case.decided_by == head
    assert "没收违法所得、非法财产20,000.00元，并处罚款60,000.00元" in case.decision_text
    assert "由本机关负责人张局长作出" in case.decision_text

    # 送达 by post, 执行, 结案.
    page = work_task(browser, live_server, "b_inspector", case.reference)
    assert "张局长" in page.content()  # the task page names the head who decided
    page.select_option("select[name=method]", "post")
    page.fill("input[name=delivered_on]", today.isoformat())
    submit(page)
    page = work_task(browser, live_server, "b_inspector", case.reference)
    page.fill("input[name=executed_on]", today.isoformat())
    page.fill("textarea[name=note]", "罚没款已缴纳，票据号 0001")
    submit(page)
    page = work_task(browser, live_server, "b_approver", case.reference)
    page.fill("textarea[name=note]", "执行完毕，结案")
    submit(page)

    case.refresh_from_db()
    organization.refresh_from_db()
    assert case.stage == CaseStage.CLOSED and case.amount_yuan == Decimal(80_000)
    assert organization.on_dishonest_list
    assert list(case.services.values_list("document", "method")) == [("notice", "post"), ("decision", "post")]
    assert inspector.pk in (case.investigator_id, case.second_investigator_id)
