"""A purchased project delivered in a real browser: the purchaser's officer records the contract with two
milestones, the organization reports from a phone, the officer returns and then accepts, the second milestone
follows, the third-party evaluator records the final evaluation, and the result shows on the public page."""

import datetime

import pytest

from registry.models import EvaluationStage, MilestoneStatus, ProjectStatus, PurchaserMember
from tests.factories import ServiceProjectFactory
from tests.workflows.conftest import (
    PASSWORD,
    account,
    evaluator_account,
    log_in,
    pdf_bytes,
    record_contract,
    representative_of,
)
from tests.workflows.test_browser_elections import checked
from tests.workflows.test_browser_sweep import VIEWPORTS, overflow_findings

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESKTOP = VIEWPORTS


@pytest.fixture
def setting(minhang):
    project = ServiceProjectFactory(application__call__title="莘庄镇社区助老服务")
    representative_of("13700005555", project.organization)
    PurchaserMember.objects.create(user=account("xz_purchaser"), unit=project.unit)
    evaluator = evaluator_account("xz_expert")
    return {"project": project, "evaluator": evaluator}


def report_from_phone(browser, live_server, tmp_path, project, text):
    page = log_in(browser, live_server, "13700005555", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('承接的购买服务项目')")
    page.click(f"a:has-text('{project.title}')")
    page.wait_for_selector("button:has-text('报送里程碑')")
    assert not overflow_findings(page), overflow_findings(page)
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(pdf_bytes("evidence"))
    page.fill("textarea[name=text]", text)
    page.set_input_files("input[name=files]", str(evidence))
    with page.expect_navigation():
        page.click("button:has-text('报送里程碑')")
    assert "待购买主体验收" in page.content()
    page.context.close()


def decide(page, live_server, project, decision, reason=""):
    page.goto(f"{live_server.url}/portal/delivery/{project.pk}/")
    page.check(f"input[name=decision][value={decision}]")
    if reason:
        page.fill("textarea[name=reason]", reason)
    with page.expect_navigation():
        page.click("button:has-text('提交验收结论')")


def test_a_project_from_contract_to_its_result_on_the_public_page(browser, live_server, setting, tmp_path):
    project, evaluator = setting["project"], setting["evaluator"]
    officer = log_in(browser, live_server, "xz_purchaser", PASSWORD, "/portal/delivery/")
    officer.click(f"a:has-text('{project.title}')")
    officer.wait_for_selector("h2:has-text('登记合同')")
    checked(officer, "the purchaser's contract form")
    officer.set_viewport_size(DESKTOP)
    due = [project.service_start + datetime.timedelta(days=days) for days in (60, 240)]
    record_contract(
        officer,
        number="XZ-2026-018",
        signed_on=project.service_start,
        amount="100000",
        milestones=(("需求调研和服务方案", due[0], "40000"), ("服务实施和总结", due[1], "60000")),
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONTRACTED
    first, second = project.milestones.all()

    report_from_phone(browser, live_server, tmp_path, project, "完成入户调研120户")
    decide(officer, live_server, project, "return", "缺少调研问卷汇总表")
    first.refresh_from_db()
    assert first.status == MilestoneStatus.RETURNED

    phone = log_in(browser, live_server, "13700005555", PASSWORD, f"/portal/service-projects/{project.pk}/")
    phone.set_viewport_size(PHONE)
    assert "缺少调研问卷汇总表" in phone.content()
    checked(phone, "the organization's project page")
    phone.context.close()
    report_from_phone(browser, live_server, tmp_path, project, "补充了调研问卷汇总表")
    decide(officer, live_server, project, "accept")
    first.refresh_from_db()
    assert first.status == MilestoneStatus.ACCEPTED and first.on_time

    report_from_phone(browser, live_server, tmp_path, project, "完成全部服务")
    decide(officer, live_server, project, "accept")
    second.refresh_from_db()
    assert second.status == MilestoneStatus.ACCEPTED

    officer.goto(f"{live_server.url}/portal/delivery/{project.pk}/")
    officer.select_option("select[name=stage]", EvaluationStage.FINAL)
    officer.select_option("select[name=evaluator]", str(evaluator.pk))
    with officer.expect_navigation():
        officer.click("button:has-text('委托评估')")
    assert "已委托第三方评估" in officer.content()
    checked(officer, "the purchaser's project page")

    expert = log_in(browser, live_server, "xz_expert", PASSWORD, "/portal/evaluating/projects/")
    expert.click(f"a:has-text('{project.title}')")
    expert.check("input[name=grade][value=excellent]")
    expert.fill("input[name=score]", "92")
    expert.fill("textarea[name=findings]", "服务对象满意度高，台账完整。")
    with expert.expect_navigation():
        expert.click("button:has-text('提交评估结果')")
    assert "已录入评估结果" in expert.content()
    project.refresh_from_db()
    assert (project.status, project.final_grade) == (ProjectStatus.COMPLETED, "excellent")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/organizations/{project.organization.uscc}/")
    section = public.locator("#purchased-projects")
    assert project.title in section.inner_text()
    assert "结项评估：优秀" in section.inner_text()
    checked(public, "the organization's public page")
