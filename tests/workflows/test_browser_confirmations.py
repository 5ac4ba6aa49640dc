"""Consequential actions in a real browser: the officer and the representative press the buttons, read what
will happen, and only then confirm. No script is needed for the confirmation."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from registry.models import DormancyCase, DormancyStatus, RegistrationApplication
from registry.services.dormancy import sweep_dormant
from tests.workflows.conftest import PASSWORD, confirmed_applicant, make_officer

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_without_scripts(browser, live_server, username, next_path):
    """Sign in in a browser that runs no JavaScript at all."""
    page = browser.new_context(locale="zh-CN", java_script_enabled=False).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == f"{live_server.url}{next_path}", page.inner_text("main")
    return page


def test_an_inspector_opens_a_cleanup_case_only_after_confirming(browser, live_server, make_org, minhang):
    organization = make_org(
        name="上海市闵行区沉睡摄影会", founded_on=datetime.date(2015, 1, 1), last_annual_report_year=2021
    )
    sweep_dormant()
    inspector = make_officer("b_cleanup", minhang, "inspector")
    inspector.set_password(PASSWORD)
    inspector.save()
    page = log_in_without_scripts(browser, live_server, "b_cleanup", "/workflow/work/dormancy/candidates/")
    page.click("button:has-text('立案并公示')")
    page.wait_for_selector("text=公示发布后不能撤回")
    assert DormancyCase.objects.get(organization=organization).status == DormancyStatus.CANDIDATE
    page.click("button:has-text('确认立案并公示')")
    page.wait_for_selector(f"text=已立案并公示：{organization.name}")
    assert DormancyCase.objects.get(organization=organization).status == DormancyStatus.NOTICE


def test_a_representative_starts_a_deregistration_only_after_confirming(browser, live_server, make_org):
    organization = make_org(name="上海市闵行区拟注销书画会")
    user = confirmed_applicant(
        mobile="13700005555", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", user, organization)
    page = log_in_without_scripts(browser, live_server, "13700005555", "/portal/")
    page.click("button:has-text('申请注销登记')")
    page.wait_for_selector("text=证书作废")
    assert not RegistrationApplication.objects.filter(organization=organization).exists()
    page.click("text=返回，不申请")
    page.wait_for_url("**/portal/")
    page.click("button:has-text('申请注销登记')")
    page.click("button:has-text('确认，开始填写注销登记申请')")
    page.wait_for_url("**/edit/particulars/")
    assert RegistrationApplication.objects.get(organization=organization).kind == "deregistration"
