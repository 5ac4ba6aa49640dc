"""我的组织 (the portal's organization page) lists everything the organization must still do."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import ReportStatus
from tests.factories import AnnualReportFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from tests.workflows.test_annual_inspection import FIGURES

pytestmark = pytest.mark.django_db


def test_a_pending_annual_rectification_shows_with_its_deadline(client, applicant, make_org):
    org = make_org(name="上海市闵行区书法协会")
    assign_perm("registry.manage_organization", applicant, org)
    report = AnnualReportFactory(
        organization=org,
        status=ReportStatus.RECTIFYING,
        result="basic",
        rectification_requirements="补充财务审计报告",
        rectification_due=datetime.date(2027, 1, 4),
    )
    client.force_login(applicant)
    page = client.get("/portal/").content.decode()
    assert f"{org.name}的{report.year}年度年检结论为基本合格" in page
    assert "请于 2027年1月4日 前报告整改情况。" in page
    assert f"/portal/annual/{report.pk}/" in page


def test_a_reported_rectification_is_no_longer_pending(client, applicant, make_org):
    org = make_org()
    assign_perm("registry.manage_organization", applicant, org)
    AnnualReportFactory(organization=org, status=ReportStatus.RECTIFIED, result="basic")
    client.force_login(applicant)
    assert "年度年检结论为" not in client.get("/portal/").content.decode()


def test_the_officer_writes_the_requirements_knowing_the_deadline_the_system_sets(
    client, applicant, make_org, minhang, settings
):

    settings.REGISTRY = {**settings.REGISTRY, "RECTIFICATION_DAYS": 20}

    org = make_org(name="上海市闵行区年检示范协会", founded_on=datetime.date(2020, 3, 1), last_annual_report_year=2024)
    assign_perm("registry.manage_organization", applicant, org)
    call_command("open_annual_inspection", year=2025)
    report = org.annual_reports.get(year=2025)
    client.force_login(applicant)
    url = f"/portal/annual/{report.pk}/"
    client.post(url, {**FIGURES, "action": "save"})
    client.post(url, {"action": "upload", "audit": upload("audit.pdf", pdf_bytes("audit"))})
    client.post(url, {"action": "submit"})
    inspector = Client()
    inspector.force_login(make_officer("mh_inspector", minhang, "inspector"))
    task = Task.objects.get(
        process__bureauprocess__annual_report=report, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    args = [task.process_id, task.pk]
    inspector.post(task.flow_task.reverse("assign", args=args))
    due = timezone.localdate() + datetime.timedelta(days=20)
    due_text = date_format(due, "DATE_FORMAT")
    form = inspector.get(task.flow_task.reverse("execute", args=args)).content.decode()
    assert f"整改期限由系统设定为20日，即{due_text}前" in form
    done = inspector.post(
        task.flow_task.reverse("execute", args=args),
        {"confirm": "on", "result": "basic", "reason": "财务制度不健全", "requirements": "建立财务审批制度并报送"},
        follow=True,
    )
    report.refresh_from_db()
    assert report.rectification_due == due
    assert f"整改期限：{due_text}。" in done.content.decode()
    portal = client.get("/portal/").content.decode()
    assert f"请于 {due_text} 前报告整改情况。" in portal
