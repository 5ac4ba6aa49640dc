"""Where people land after login, what a finished task says on reload, languages of officers' pages, and
the portal's warning about an overdue annual report."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OrgType
from tests.factories import AnnualReportFactory, UserFactory
from tests.workflows.conftest import act, fill_application, open_task

pytestmark = pytest.mark.django_db


def test_officer_lands_on_the_officer_home_after_login(bureau):
    response = Client().post("/accounts/login/", {"username": "mh_window", "password": "Test-pass-2026"})
    assert response.status_code == 302 and response["Location"] == "/workflow/work/"


def test_applicant_and_explicit_next_keep_their_destination(bureau, applicant):
    response = Client().post(
        "/accounts/login/", {"username": "mh_window", "password": "Test-pass-2026", "next": "/notices/"}
    )
    assert response["Location"] == "/notices/"
    response = Client().post("/accounts/login/", {"username": applicant.username, "password": "Apply-2026-pass"})
    assert response.status_code == 302 and response["Location"] != "/workflow/work/"


def test_reloading_a_finished_task_says_it_is_done_and_links_to_the_process(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    task = open_task(application)
    execute = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    assert act(client, bureau["window"], application, {"decision": "accept", "note": ""}).status_code == 302

    response = client.get(execute)
    body = response.content.decode()
    assert response.status_code == 200
    assert "该任务已办理完毕" in body and "受理" in body
    assert f"/workflow/work/registration/{task.process_id}/" in body
    # Someone of another bureau still sees nothing of it.
    other = Client()
    other.force_login(bureau["sj_window"])
    assert "该任务已办理完毕" not in other.get(execute).content.decode()


def test_workflow_pages_are_chinese_with_titled_steps_and_english_on_request(client, applicant, bureau, minhang):
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"})
    act(client, bureau["window"], application, {"decision": "accept", "note": ""})
    task = open_task(application)
    client.force_login(bureau["window"])
    accepted = task.process.task_set.get(flow_task_type="HUMAN", status="DONE")
    detail = accepted.flow_task.reverse("detail", args=[accepted.process_id, accepted.pk])
    body = client.get(detail).content.decode()
    assert "Previous tasks" not in body and "Next tasks" not in body
    assert "上一环节" in body or "下一环节" in body
    process = client.get(f"/workflow/work/registration/{task.process_id}/").content.decode()
    assert "After Accept" not in process and "受理结果" in process

    home = client.get("/en/workflow/work/").content.decode()
    assert "Minhang District Civil Affairs Bureau, Shanghai" in home and "Window officer" in home

    client.force_login(applicant)
    timeline = client.get(f"/portal/applications/{application.pk}/").content.decode()
    assert "After" not in timeline and "受理结果" not in timeline  # routing nodes are no steps


def test_public_record_names_the_bureau_in_english_on_english_pages(client, make_org):
    organization = make_org()
    assert "上海市闵行区民政局" in client.get(f"/organizations/{organization.uscc}/").content.decode()
    english = client.get(f"/en/organizations/{organization.uscc}/").content.decode()
    assert "Minhang District Civil Affairs Bureau, Shanghai" in english


def test_portal_warns_about_an_overdue_annual_report_only(client, make_org, applicant):
    organization = make_org(name="上海市闵行区逾期年报协会")
    assign_perm("registry.manage_organization", applicant, organization)
    today = timezone.localdate()
    report = AnnualReportFactory(organization=organization, deadline=today - datetime.timedelta(days=3))
    client.force_login(applicant)
    page = client.get("/portal/").content.decode()
    assert "已超过报送截止日期" in page and f"/portal/annual/{report.pk}/" in page

    report.status = "submitted"
    report.save(update_fields=["status"])
    assert "已超过报送截止日期" not in client.get("/portal/").content.decode()
    AnnualReportFactory(organization=organization, year=today.year, deadline=today + datetime.timedelta(1))
    assert "已超过报送截止日期" not in client.get("/portal/").content.decode()


def test_evaluator_lands_on_assignments(db):
    from registry.models import Evaluator

    user = UserFactory(username="expert1")
    Evaluator.objects.create(user=user, agency="某评估机构")
    response = Client().post("/accounts/login/", {"username": "expert1", "password": "Test-pass-2026"})
    assert response["Location"] == "/portal/evaluating/"
