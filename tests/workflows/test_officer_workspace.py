"""The officers' workspace as one Chinese product: process lists and pages that name the file and the
organization, our own error pages, role labels, people by their names, the product's header, and a way
back from the ID-number page."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task

from registry.choices import OrgType
from registry.models import AnnualReport
from tests.factories import UserFactory
from tests.workflows.conftest import act, fill_application, make_officer, open_task
from tests.workflows.test_annual_inspection import fill_and_submit

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def accepted(client, applicant, bureau, minhang):
    """An application accepted at the window, waiting for the reviewer."""
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    assert act(client, bureau["window"], application, {"decision": "accept", "note": ""}).status_code == 302
    return application


def test_process_list_names_file_organization_step_holder_and_deadline_in_chinese(accepted, bureau):
    reviewer = bureau["reviewer"]
    reviewer.first_name = "李明"
    reviewer.save(update_fields=["first_name"])
    window = signed_in(bureau["window"])
    body = window.get("/workflow/work/registration/").content.decode()
    for english in ("Process id", "Brief", "Active tasks", " of 1"):
        assert english not in body
    for header in ("编号", "名称", "当前环节", "承办人", "期限"):
        assert f"<span>{header}</span>" in body
    assert accepted.reference in body and accepted.name in body
    assert "待认领（审查）" in body and "第 1–1 条，共 1 条" in body

    task = open_task(accepted)
    signed_in(reviewer).post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    body = window.get("/workflow/work/registration/").content.decode()
    assert "李明" in body and "mh_reviewer" not in body  # the holder by name, not by login


def test_process_page_and_task_list_show_the_file_and_titled_steps(accepted, bureau):
    task = open_task(accepted)
    window = signed_in(bureau["window"])
    page = window.get(f"/workflow/work/registration/{task.process_id}/").content.decode()
    assert accepted.reference in page and accepted.name in page
    assert "当前环节" in page and "待认领（审查）" in page and "办理环节" in page
    assert "Description" not in page and "Owner" not in page and "Brief" not in page
    tasks = window.get("/workflow/work/registration/tasks/").content.decode()
    assert "After Accept" not in tasks and "Review" not in tasks and "Process summary" not in tasks
    assert "受理结果" in tasks and accepted.name in tasks


def test_annual_inspection_list_and_page_show_the_organization_not_raw_values(make_org, minhang):
    organization = make_org(name="上海市闵行区年报列表协会", founded_on=datetime.date(2020, 3, 1))
    call_command("open_annual_inspection", year=2025)
    report = AnnualReport.objects.get(organization=organization, year=2025)
    inspector = signed_in(make_officer("mh_inspector", minhang, "inspector"))
    raw = f"{organization.pk} 2025"
    listing = inspector.get("/workflow/work/annualinspection/").content.decode()
    assert organization.name in listing and report.reference in listing and raw not in listing
    process = report.processes.get()
    page = inspector.get(f"/workflow/work/annualinspection/{process.pk}/").content.decode()
    assert organization.name in page and raw not in page and "报送年度工作报告" in page
    # Wherever the library names the process or its report by themselves, they read the same way.
    assert str(report) == str(process) == f"{report.reference} {organization.name}"


def test_a_missing_process_gives_our_not_found_page(bureau):
    response = signed_in(bureau["window"]).get("/workflow/work/registration/999999/")
    body = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in body and "Django Material" not in body


def test_a_refused_page_is_ours_not_the_libraries(accepted, bureau):
    task = open_task(accepted)
    response = signed_in(bureau["sj_window"]).get(f"/workflow/work/registration/{task.process_id}/")
    body = response.content.decode()
    assert response.status_code == 403 and "无权访问" in body
    assert "vf-page-lockscreen" not in body and "Django Material" not in body and "返回待办任务" in body


def test_officer_pages_carry_the_product_header_colour_and_names(accepted, bureau):
    window = bureau["window"]
    window.first_name = "周受理"
    window.save(update_fields=["first_name"])
    for url in ("/workflow/work/", "/workflow/work/registration/"):
        body = signed_in(window).get(url).content.decode()
        assert "社会组织登记管理系统" in body and "--mdc-theme-primary: #b71c1c" in body
        assert "Django Material" not in body and "周受理" in body and "Mh_Window" not in body


def test_the_disclosure_log_shows_role_labels_not_codes(accepted, bureau):
    reviewer = bureau["reviewer"]
    reviewer.first_name = "王审查"
    reviewer.save(update_fields=["first_name"])
    signed_in(reviewer).post(f"/workflow/work/id-numbers/{accepted.pk}/")
    log = signed_in(bureau["approver"]).get("/workflow/work/id-numbers/log/").content.decode()
    assert "<td>审查</td>" in log and ">reviewer<" not in log and "王审查" in log and "岗位代码" not in log


def test_the_id_number_page_leads_back_to_its_task(accepted, bureau):
    task = open_task(accepted)
    reviewer = signed_in(bureau["reviewer"])
    reviewer.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    execute = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    task_page = reviewer.get(execute).content.decode()
    assert f'name="back" value="{execute}"' in task_page
    page = reviewer.post(f"/workflow/work/id-numbers/{accepted.pk}/", {"back": execute}).content.decode()
    assert f'href="{execute}"' in page and "返回办理页面" in page
    # Without a page to go back to (or with one elsewhere) it leads to the application's process.
    for back in ("", "https://elsewhere.example/"):
        page = reviewer.post(f"/workflow/work/id-numbers/{accepted.pk}/", {"back": back}).content.decode()
        assert f'href="/workflow/work/registration/{task.process_id}/"' in page and "elsewhere" not in page


def test_the_inspector_opens_the_audit_report_from_the_review_step(client, applicant, make_org, minhang, songjiang):
    organization = make_org(name="上海市闵行区审计报告协会", founded_on=datetime.date(2020, 3, 1))
    assign_perm("registry.manage_organization", applicant, organization)
    call_command("open_annual_inspection", year=2025)
    report = AnnualReport.objects.get(organization=organization, year=2025)
    fill_and_submit(client, applicant, report)
    task = Task.objects.get(process__bureauprocess__annual_report=report, flow_task_type="HUMAN", status="NEW")
    inspector = signed_in(make_officer("mh_inspector", minhang, "inspector"))
    inspector.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    page = inspector.get(task.flow_task.reverse("execute", args=[task.process_id, task.pk])).content.decode()
    link = f"/workflow/work/annual/reports/{report.pk}/audit/"
    assert f'href="{link}"' in page and "audit.pdf</a>" in page
    response = inspector.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Another bureau's inspector, and the public, get nothing.
    assert signed_in(make_officer("sj_inspector", songjiang, "inspector")).get(link).status_code == 404
    assert Client().get(link).status_code == 302


def test_the_process_cancel_page_names_the_file_and_its_open_steps_in_chinese(accepted):
    manager = UserFactory(username="registry_admin", is_staff=True, is_superuser=True)
    task = open_task(accepted)
    page = signed_in(manager).get(f"/workflow/work/registration/{task.process_id}/cancel/")
    assert page.status_code == 200
    body = page.content.decode()
    assert accepted.name in body and "取消办理" in body and "进行中的环节：1 个" in body
    assert "tasks active" not in body and f"#{task.process_id}<" not in body
