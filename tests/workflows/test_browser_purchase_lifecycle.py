"""A government purchase of services from the call to the delivered project, in a real browser and through the
pages only: the purchaser publishes a call, one organization applies from its phone while another sees why it
may not, the deadline passes, the eligibility check, three experts score, the results are publicly noticed and
awarded, the contract's two milestones are reported and accepted, the third-party evaluator grades the project,
and the project shows on the organization's public page and in the open data of purchased projects.

Only the starting world is built directly (the register's organizations, accounts, the purchasing unit and its
officer, the experts, the evaluator). Time moves twice, in the database, as the stage tests do: the call's
deadline is set into the past, and the notice's last day (CallReview.notice_ends_on) too.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from viewflow.workflow.status import STATUS

from registry.models import (
    CallStatus,
    MilestoneStatus,
    ProjectStatus,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    ServiceCall,
    ServiceProject,
)
from registry.services.purchase_review import review_of
from tests.workflows.conftest import (
    PASSWORD,
    PHONE,
    evaluator_account,
    fill_purchase_application,
    fits_phone,
    log_in,
    pdf_bytes,
    phone_page,
    purchasing_unit_officer,
    record_contract,
    representative_of,
)
from tests.workflows.test_browser_purchase_review import expert_scores
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "莘庄镇独居老人助餐服务项目征集"
PROJECT = "银龄助餐进社区"


def publish_call(officer, today):
    """The officer drafts the call with three weighted criteria and a deadline, then publishes it."""
    officer.click("a:has-text('政府购买服务项目征集')")
    officer.fill("input[name=title]", TITLE)
    officer.select_option("select[name=category]", "elderly")
    officer.fill("textarea[name=description]", "为辖区独居、高龄老人提供助餐送餐服务。")
    officer.fill("input[name=budget]", "200000")
    officer.fill("input[name=max_per_project]", "100000")
    officer.fill("input[name=service_start]", (today + datetime.timedelta(days=30)).isoformat())
    officer.fill("input[name=service_end]", (today + datetime.timedelta(days=395)).isoformat())
    officer.fill("input[name=deadline]", f"{(today + datetime.timedelta(days=20)).isoformat()}T17:00")
    officer.fill("input[name=min_years_registered]", "2")
    officer.click("button:has-text('保存草稿')")
    officer.wait_for_selector("#criteria")
    names, weights = officer.locator("input[name=criterion_name]"), officer.locator("input[name=criterion_weight]")
    for n, (name, weight) in enumerate((("服务方案", "50"), ("组织能力", "30"), ("预算合理性", "20"))):
        names.nth(n).fill(name)
        weights.nth(n).fill(weight)
    officer.click("button:has-text('保存评分标准')")
    officer.wait_for_selector("text=已保存评分标准")
    officer.click("button:has-text('发布项目征集')")
    officer.wait_for_selector("text=已发布")


def apply_from_phone(page, call, organization, plan):
    """The organization's representative fills in the application and submits it."""
    fill_purchase_application(
        page, call, organization, plan, budget=(("人员经费", "50000"), ("活动经费", "30000")), project_name=PROJECT
    )
    page.check("input[name=confirm]")
    page.click("button:has-text('提交申报')")
    page.wait_for_selector("text=已提交申报")


def report_milestone(page, live_server, project, text, evidence):
    """The organization reports the next milestone with its evidence."""
    page.goto(f"{live_server.url}/portal/")
    page.click("a:has-text('承接的购买服务项目')")
    page.click(f"a:has-text('{project.title}')")
    page.fill("textarea[name=text]", text)
    page.set_input_files("input[name=files]", str(evidence))
    with page.expect_navigation():
        page.click("button:has-text('报送里程碑')")
    assert "待购买主体验收" in page.content()
    assert fits_phone(page)


def accept_and_pay(page, live_server, project, milestone):
    """The purchaser accepts the reported milestone, then records the payment its acceptance releases."""
    page.goto(f"{live_server.url}/portal/delivery/{project.pk}/")
    page.check("input[name=decision][value=accept]")
    with page.expect_navigation():
        page.click("button:has-text('提交验收结论')")
    with page.expect_navigation():
        page.locator(f"#pay-{milestone.order}").locator("button:has-text('登记付款')").click()
    assert "已登记付款" in page.content()


def test_a_call_from_publication_to_the_delivered_project_on_the_organizations_public_page(
    browser, live_server, make_org, minhang, review_experts, tmp_path
):
    # The starting world: the street's purchasing unit and its officer, two organizations with one
    # representative, three review experts and a third-party evaluator.
    purchasing_unit_officer(
        name="闵行区莘庄镇人民政府", kind=PurchaserKind.STREET, jurisdiction=minhang, username="xz_officer"
    )
    today = timezone.localdate()
    eligible = make_org(
        name="上海市闵行区邻里互助协会", last_inspection_result="passed", founded_on=datetime.date(2019, 3, 1)
    )
    too_recent = make_org(
        name="上海市闵行区银发志愿服务中心", last_inspection_result="", founded_on=today - datetime.timedelta(days=200)
    )
    representative_of("13700007777", eligible, too_recent)
    experts = review_experts
    evaluator = evaluator_account("third_party")
    plan, evidence = tmp_path / "plan.pdf", tmp_path / "evidence.pdf"
    plan.write_bytes(pdf_bytes("plan"))
    evidence.write_bytes(pdf_bytes("evidence"))

    # 1. The officer publishes the call; the public pages show it.
    officer = log_in(browser, live_server, "xz_officer", PASSWORD, "/workflow/work/")
    publish_call(officer, today)
    call = ServiceCall.objects.get()
    assert call.status == CallStatus.OPEN
    public = phone_page(browser)
    public.goto(f"{live_server.url}/purchase/")
    with public.expect_navigation():
        public.click(f"a:has-text('{TITLE}')")
    public.wait_for_selector("text=预算合理性")
    assert "50%" in public.content() and "成立登记满 2 年" in public.content() and fits_phone(public)

    # 2. On the portal, on a phone: the organization registered 200 days ago sees why it may not apply and
    # has no button to; the other applies and submits.
    phone = log_in(browser, live_server, "13700007777", PASSWORD, "/portal/")
    phone.set_viewport_size(PHONE)
    with phone.expect_navigation():
        phone.click("a:has-text('政府购买服务项目申报')")
    blocked = phone.locator(f"#call-{call.pk}-org-{too_recent.pk}")
    assert "成立登记未满2年" in blocked.inner_text()
    assert blocked.locator("button").count() == 0
    assert fits_phone(phone)
    apply_from_phone(phone, call, eligible, plan)
    application = PurchaseApplication.objects.get()
    assert (application.organization, application.status) == (eligible, PurchaseApplicationStatus.SUBMITTED)
    assert application.requested_amount == Decimal("80000") and application.documents.count() == 1
    assert not PurchaseApplication.objects.filter(organization=too_recent).exists()

    # 3. The deadline passes; the officer closes the call and passes the eligibility check.
    ServiceCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    officer.goto(f"{live_server.url}/workflow/work/")
    officer.click("a:has-text('政府购买服务项目征集')")
    with officer.expect_navigation():
        officer.click(f"a:has-text('{TITLE}')")
    officer.click("button:has-text('结束征集，进入评审')")
    officer.wait_for_selector("text=已结束征集，进入评审。")
    officer.goto(f"{live_server.url}/workflow/work/")
    with officer.expect_navigation():
        officer.locator("tr", has_text=application.reference).locator("button:has-text('认领')").click()
    officer.goto(f"{live_server.url}/workflow/work/?show=mine")
    officer.locator("tr", has_text=application.reference).locator("a", has_text="办理").click()
    officer.check("input[name=eligible][value='1']")
    officer.click("button:has-text('提交资格审查结论')")
    officer.wait_for_url("**/workflow/work/")
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.ELIGIBLE

    # 4. The panel of three scores each criterion; results, proposal, public notice, award.
    officer.click("a:has-text('购买服务项目评审')")
    officer.click(f"a:has-text('{TITLE}')")
    for expert in experts:
        officer.check(f"input[name=experts][value='{expert.pk}']")
    officer.click("button:has-text('选定评审组')")
    officer.wait_for_selector("text=已选定评审组")
    for expert, score in zip(experts, (90, 80, 85), strict=True):
        sheet = log_in(browser, live_server, expert.user.username, PASSWORD, "/portal/reviewing/")
        sheet.click(f"a:has-text('{TITLE}')")
        expert_scores(sheet, live_server, application, [score, score, score])
        sheet.context.close()
    officer.reload()
    officer.click("button:has-text('汇总评审结果')")
    officer.wait_for_selector("text=已汇总评审结果并排名")
    application.refresh_from_db()
    assert (application.panel_score, application.rank) == (Decimal("85.00"), 1)
    officer.click("button:has-text('提出拟立项方案')")
    officer.wait_for_selector("text=已提出拟立项方案")
    officer.click("button:has-text('发布结果公示')")
    officer.wait_for_selector("text=已发布公示")
    public.goto(f"{live_server.url}/purchase/")
    with public.expect_navigation():
        public.click(f"a:has-text('{TITLE}')")
    assert "结果公示中" in public.inner_text("#call-status") and fits_phone(public)
    with public.expect_navigation():
        public.click("a:has-text('查看评审结果公示')")
    results = public.inner_text("#results")
    assert eligible.name in results and PROJECT in results and "80000.00" in results and fits_phone(public)
    review = review_of(call)
    review.notice_ends_on = today - datetime.timedelta(days=1)  # the notice period has run its course
    review.save(update_fields=["notice_ends_on"])
    officer.reload()
    officer.click("button:has-text('确定立项')")
    officer.wait_for_selector("text=已确定立项")
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.AWARDED
    process = BureauProcess.objects.get(purchase_application=application)
    assert process.status == STATUS.DONE  # the per-application process concluded with the award
    project = ServiceProject.objects.get()
    public.goto(f"{live_server.url}/purchase/{call.pk}/")
    with public.expect_navigation():
        public.click("a:has-text('查看立项结果')")
    assert "立项结果" in public.content() and "提交异议" not in public.content()
    phone.goto(f"{live_server.url}/portal/purchase/")
    with phone.expect_navigation():
        phone.click(f"a:has-text('{application.reference}')")
    assert phone.inner_text("#application-status") == "已立项" and fits_phone(phone)
    assert (project.application, project.organization, project.amount) == (application, eligible, Decimal("80000"))

    # 5. The contract with two milestones; the organization reports each from its phone, the purchaser
    # accepts each (releasing its payment); the evaluator records the final evaluation.
    # The service is to begin on the day the contract is signed (milestones are reported only once it has begun).
    ServiceProject.objects.filter(pk=project.pk).update(service_start=today)
    project.refresh_from_db()
    officer.goto(f"{live_server.url}/workflow/work/")
    officer.click("a:has-text('购买服务项目合同和验收')")
    officer.click(f"a:has-text('{project.title}')")
    due = [project.service_start + datetime.timedelta(days=days) for days in (90, 300)]
    record_contract(
        officer,
        number="XZ-2026-031",
        signed_on=today,
        amount="80000",
        milestones=(("需求调研和服务方案", due[0], "30000"), ("服务实施和总结", due[1], "50000")),
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONTRACTED
    first, second = project.milestones.all()
    for milestone, text in ((first, "完成入户调研120户"), (second, "完成全年助餐服务")):
        report_milestone(phone, live_server, project, text, evidence)
        accept_and_pay(officer, live_server, project, milestone)
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.PAID and milestone.on_time
    paid = [(m.paid_amount, m.paid_on) for m in project.milestones.all()]
    assert paid == [(Decimal("30000.00"), today), (Decimal("50000.00"), today)]  # the full payment of each
    officer.select_option("select[name=stage]", "final")
    officer.select_option("select[name=evaluator]", str(evaluator.pk))
    with officer.expect_navigation():
        officer.click("button:has-text('委托评估')")
    assert "已委托第三方评估" in officer.content()
    grader = log_in(browser, live_server, "third_party", PASSWORD, "/portal/evaluating/")
    grader.click("a:has-text('项目评估任务')")
    grader.click(f"a:has-text('{project.title}')")
    grader.check("input[name=grade][value=excellent]")
    grader.fill("input[name=score]", "93")
    grader.fill("textarea[name=findings]", "服务对象满意度高，台账完整。")
    with grader.expect_navigation():
        grader.click("button:has-text('提交评估结果')")
    assert "已录入评估结果" in grader.content()
    project.refresh_from_db()
    assert (project.status, project.final_grade) == (ProjectStatus.COMPLETED, "excellent")

    # 6. The project and its result on the organization's public page and in the open data.
    public.goto(f"{live_server.url}/organizations/{eligible.uscc}/")
    section = public.locator("#purchased-projects").inner_text()
    assert project.title in section and "结项评估：优秀" in section and fits_phone(public)
    public.goto(f"{live_server.url}/purchase/projects/")
    row = public.locator("main").inner_text()
    assert project.title in row and eligible.name in row and "优秀" in row and fits_phone(public)
