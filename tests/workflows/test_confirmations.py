"""Consequential actions ask first and say what will happen; nothing changes until the officer confirms.

Each test presses the buttons the page shows (the form around the button, as a browser submits it).
"""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task

from registry.models import AnnualReport, DormancyCase, DormancyStatus, RegistrationApplication, ReportStatus
from registry.services.dormancy import sweep_dormant
from tests.workflows.conftest import make_officer
from tests.workflows.pages import press
from tests.workflows.test_annual_inspection import fill_and_submit
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db
CANDIDATES = "/workflow/work/dormancy/candidates/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_opening_a_cleanup_case_asks_first_and_says_the_notice_goes_public(make_org, minhang):
    organization = make_org(
        name="上海市闵行区沉睡棋艺会", founded_on=datetime.date(2015, 1, 1), last_annual_report_year=2021
    )
    sweep_dormant()
    case = DormancyCase.objects.get(organization=organization)
    inspector = signed_in(make_officer("mh_inspector", minhang, "inspector"))

    confirm = press(inspector, CANDIDATES, inspector.get(CANDIDATES).content.decode(), "立案并公示")
    page = confirm.content.decode()
    assert confirm.status_code == 200 and organization.name in page
    assert "公示" in page and "不能撤回" in page and "确认立案并公示" in page
    case.refresh_from_db()
    assert case.status == DormancyStatus.CANDIDATE and not BureauProcess.objects.filter(dormancy_case=case).exists()

    # Going back opens nothing; confirming opens the case, its notice and its process.
    assert 'href="/workflow/work/dormancy/candidates/"' in page
    assert press(inspector, CANDIDATES, page, "确认立案并公示").status_code == 302
    case.refresh_from_db()
    assert case.status == DormancyStatus.NOTICE and BureauProcess.objects.filter(dormancy_case=case).exists()


def test_the_annual_conclusion_asks_for_confirmation_and_says_it_goes_public(client, applicant, make_org, minhang):
    organization = make_org(name="上海市闵行区年检确认协会", founded_on=datetime.date(2020, 3, 1))
    assign_perm("registry.manage_organization", applicant, organization)
    call_command("open_annual_inspection", year=2025)
    report = AnnualReport.objects.get(organization=organization, year=2025)
    fill_and_submit(client, applicant, report)
    task = Task.objects.get(process__bureauprocess__annual_report=report, flow_task_type="HUMAN", status="NEW")
    inspector = signed_in(make_officer("mh_inspector", minhang, "inspector"))
    inspector.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    execute = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    page = inspector.get(execute).content.decode()
    assert "记入该组织的公开信息" in page and "不能修改" in page

    conclusion = {"result": "passed", "reason": "报告完整，财务规范"}
    refused = press(inspector, execute, page, "提交年检结论", fill=conclusion)
    assert refused.status_code == 200 and "请勾选确认后再提交年检结论。" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.result == ""

    done = press(inspector, execute, refused.content.decode(), "提交年检结论", fill=conclusion, check=["confirm"])
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCLUDED and report.result == "passed"


def test_starting_a_deregistration_asks_first_and_says_what_follows(client, applicant, make_org):
    organization = make_org(name="上海市闵行区拟注销协会")
    assign_perm("registry.manage_organization", applicant, organization)
    client.force_login(applicant)
    portal = client.get("/portal/").content.decode()
    confirm = press(client, "/portal/", portal, "申请注销登记")
    page = confirm.content.decode()
    assert confirm.status_code == 200 and organization.name in page
    assert "证书作废" in page and "向社会公告注销登记" in page and "清算" in page
    assert not RegistrationApplication.objects.filter(kind="deregistration").exists()

    started = press(client, "/portal/", page, "确认，开始填写注销登记申请")
    application = RegistrationApplication.objects.get(kind="deregistration", organization=organization)
    assert started.status_code == 302 and str(application.pk) in started["Location"]
    # Pressing the confirmation again (a reload) opens no second application.
    press(client, "/portal/", page, "确认，开始填写注销登记申请")
    assert RegistrationApplication.objects.filter(kind="deregistration").count() == 1


def test_only_the_organizations_representative_sees_the_deregistration_confirmation(client, applicant, make_org):
    organization = make_org(name="上海市闵行区他人协会")
    client.force_login(applicant)
    assert client.post(f"/portal/organizations/{organization.pk}/deregister/").status_code == 404
