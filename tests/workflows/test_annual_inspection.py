"""Annual inspection (年检): season, report, review, rectification, missed deadline and the walls."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import AnnualReport, CreditEntry, OfficerAssignment, Organization, ReportStatus
from registry.services.annual import (
    rectification_verify,
    report_preliminary_review,
    report_review,
    reports_overdue,
)
from registry.services.credit import credit_list_add
from tests.factories import OfficerFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db

FIGURES = {
    "activities": "举办志愿服务活动12次，服务社区居民3000人次。",
    "income": "120000.00",
    "expenditure": "98000.50",
    "total_assets": "300000.00",
    "total_liabilities": "50000.00",
    "net_assets": "250000.00",
    "donations_received": "20000.00",
    "staff_count": "3",
    "officer_changes": "",
    "party_members": "0",
    "events_held": "12",
}


@pytest.fixture
def organization(make_org, applicant):
    org = make_org(name="上海市闵行区年检示范协会", founded_on=datetime.date(2020, 3, 1), last_annual_report_year=2024)
    assign_perm("registry.manage_organization", applicant, org)
    return org


@pytest.fixture
def inspector(minhang):
    return make_officer("mh_inspector", minhang, "inspector")


def open_season():
    call_command("open_annual_inspection", year=2025)


def report_of(org) -> AnnualReport:
    return AnnualReport.objects.get(organization=org, year=2025)


def fill_and_submit(client, applicant, report, **overrides):
    client.force_login(applicant)
    url = f"/portal/annual/{report.pk}/"
    client.post(url, {**FIGURES, **overrides, "action": "save"})
    client.post(url, {"action": "upload", "audit": upload("audit.pdf", pdf_bytes("audit"))})
    return client.post(url, {"action": "submit"}, follow=True)


def officer_acts(user, report, data):
    client = Client()
    client.force_login(user)
    task = Task.objects.get(
        process__bureauprocess__annual_report=report, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    return client.post(task.flow_task.reverse("execute", args=args), {"confirm": "on", **data})


def test_submit_and_pass(client, applicant, organization, inspector):
    open_season()
    report = report_of(organization)
    assert report.deadline == datetime.date(2026, 5, 31) and BureauProcess.objects.filter(annual_report=report).exists()
    fill_and_submit(client, applicant, report)
    report.refresh_from_db()
    organization.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.late  # today is after 31 May 2026
    assert organization.last_annual_report_year == 2025
    response = officer_acts(inspector, report, {"result": "passed", "reason": "报告完整，财务规范"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCLUDED and report.result == "passed"
    page = Client().get(f"/organizations/{organization.uscc}/").content.decode()
    assert "年检结果" in page and "2025" in page and "合格" in page


def test_basically_pass_then_rectify_then_verified(client, applicant, organization, inspector):
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report)
    officer_acts(
        inspector, report, {"result": "basic", "reason": "财务制度不健全", "requirements": "建立财务审批制度并报送"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RECTIFYING and report.rectification_due
    client.force_login(applicant)
    assert "建立财务审批制度并报送" in client.get(f"/portal/annual/{report.pk}/").content.decode()
    client.post(f"/portal/annual/{report.pk}/", {"action": "rectify", "text": "已制定财务审批制度，经理事会通过。"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RECTIFIED
    officer_acts(inspector, report, {"passed": "1", "note": "制度已建立，整改到位"})
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCLUDED and report.rectification_passed is True
    assert BureauProcess.objects.get(annual_report=report).finished is not None


def test_fail_needs_requirements_and_is_recorded(client, applicant, organization, inspector):
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report)
    refused = officer_acts(inspector, report, {"result": "failed", "reason": "未开展业务活动"})
    assert refused.status_code == 200 and "须写明整改要求" in refused.content.decode()
    officer_acts(inspector, report, {"result": "failed", "reason": "未开展业务活动", "requirements": "恢复业务活动"})
    report.refresh_from_db()
    assert report.result == "failed" and report.status == ReportStatus.RECTIFYING


def test_inconsistent_figures_are_refused_with_every_problem(client, applicant, organization):
    open_season()
    report = report_of(organization)
    response = fill_and_submit(client, applicant, report, net_assets="200000.00", staff_count="")
    body = response.content.decode()
    assert "资产总计" in body and "专职工作人员数" in body
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_missed_deadline_lists_then_late_report_removes(client, applicant, organization):
    open_season()
    report = report_of(organization)
    assert reports_overdue(year=2025, today=datetime.date(2026, 6, 1)) == 1
    organization.refresh_from_db()
    assert organization.on_abnormal_list
    entry = CreditEntry.objects.get(organization=organization, reason_code="annual_report_missing")
    assert entry.listed_on == datetime.date(2026, 6, 1)
    fill_and_submit(client, applicant, report)
    organization.refresh_from_db()
    entry.refresh_from_db()
    assert not organization.on_abnormal_list and entry.removed_on is not None


def test_a_late_report_clears_only_its_own_years_missing_report_entry(client, applicant, organization):
    """社会组织信用信息管理办法: each ground clears on its own; the 2025 report does not clear the 2024 entry."""
    credit_list_add(
        organization=organization,
        reason_code="annual_report_missing",
        reason="未在2025-05-31前报送2024年度工作报告。",
        on=datetime.date(2025, 6, 1),
        year=2024,
    )
    open_season()
    report = report_of(organization)
    reports_overdue(year=2025, today=datetime.date(2026, 6, 1))
    assert set(CreditEntry.objects.filter(organization=organization).values_list("year", flat=True)) == {2024, 2025}
    fill_and_submit(client, applicant, report)
    organization.refresh_from_db()
    open_years = CreditEntry.objects.filter(organization=organization, removed_on__isnull=True)
    assert list(open_years.values_list("year", flat=True)) == [2024]
    assert CreditEntry.objects.get(organization=organization, year=2025).removed_on is not None
    assert organization.on_abnormal_list  # the 2024 report is still owed


def test_simplified_annual_inspection_is_for_4a_and_above(client, applicant, organization, make_org, inspector):
    from registry.rules.annual import follows_simplified_path

    valid = datetime.date(2029, 1, 1)
    assert follows_simplified_path("4A", valid, on=datetime.date(2026, 3, 1))
    assert not follows_simplified_path("3A", valid, on=datetime.date(2026, 3, 1))
    assert not follows_simplified_path("5A", datetime.date(2025, 12, 31), on=datetime.date(2026, 3, 1))

    Organization.objects.filter(pk=organization.pk).update(grade="4A", grade_expires_on=datetime.date(2029, 1, 1))
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report)
    report.refresh_from_db()
    # Simplified, not automatic: the report waits for an officer, who concludes it (DOMAIN: 4A+ 简化程序).
    assert report.simplified and report.result == "" and report.status == ReportStatus.SUBMITTED
    assert BureauProcess.objects.get(annual_report=report).finished is None
    page = officer_page(inspector, report)
    assert "4A以上社会组织，适用简化程序" in page
    officer_acts(inspector, report, {"result": "passed", "reason": "简化程序审核，报告完整"})
    report.refresh_from_db()
    assert report.result == "passed" and report.status == ReportStatus.CONCLUDED and report.reviewed_by == inspector
    assert BureauProcess.objects.get(annual_report=report).finished is not None


def officer_page(user, report) -> str:
    client = Client()
    client.force_login(user)
    task = Task.objects.get(
        process__bureauprocess__annual_report=report, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    return client.get(task.flow_task.reverse("execute", args=args)).content.decode()


UNIT = "上海市闵行区科学技术协会"


def unit_officer_of(unit_name, username, jurisdiction):
    return OfficerFactory(
        username=username,
        roles=["unit"],
        roles__jurisdiction=jurisdiction,
        roles__unit_name=unit_name,
        view_register=True,
    )


def test_a_competent_units_officer_is_assigned_with_the_unit_they_sign_for(minhang):
    from registry.services.officers import officer_assign

    user = OfficerFactory(username="mh_unit_without_unit")
    with pytest.raises(ValidationError):
        officer_assign(user=user, jurisdiction=minhang, role="unit")
    assert not OfficerAssignment.objects.filter(user=user).exists()


@pytest.fixture
def with_competent_unit(organization):
    Organization.objects.filter(pk=organization.pk).update(competent_unit=UNIT, direct_category="")
    organization.refresh_from_db()
    return organization


def test_uploaded_preliminary_opinion_is_required_before_the_report_reaches_the_bureau(
    client, applicant, with_competent_unit, inspector
):
    """社团条例 第二十八条: the competent unit's preliminary review comes first (bureau setting: upload)."""
    open_season()
    report = report_of(with_competent_unit)
    fill_and_submit(client, applicant, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN  # the signed opinion is missing
    page = client.get(f"/portal/annual/{report.pk}/").content.decode()
    assert "请上传业务主管单位签署的初审意见（PDF）。" in page
    url = f"/portal/annual/{report.pk}/"
    client.post(url, {"action": "upload", "preliminary": upload("opinion.pdf", pdf_bytes("opinion"))})
    client.post(url, {"action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.preliminary_original_name == "opinion.pdf"
    assert "opinion.pdf" in officer_page(inspector, report)


def test_the_competent_units_officer_signs_the_preliminary_review_in_the_system(
    client, applicant, with_competent_unit, inspector, minhang, settings
):
    """Bureau setting "unit": the unit's officer agrees (on to the bureau) or returns the report."""
    settings.REGISTRY = {**settings.REGISTRY, "PRELIMINARY_REVIEW_BY_BUREAU": f"{minhang.code}:unit"}
    open_season()
    report = report_of(with_competent_unit)
    fill_and_submit(client, applicant, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.PRELIMINARY
    other_unit = unit_officer_of("上海市闵行区教育局", "mh_other_unit", minhang)
    with pytest.raises(PermissionDenied):
        report_preliminary_review(report=report, by=other_unit, approved=True, opinion="同意")
    with pytest.raises(PermissionDenied):
        report_preliminary_review(report=report, by=inspector, approved=True, opinion="同意")
    unit_officer = unit_officer_of(UNIT, "mh_unit", minhang)

    officer_acts(unit_officer, report, {"approved": "0", "opinion": "活动情况填写不完整，请补充。"})
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.preliminary_by == unit_officer
    assert "活动情况填写不完整" in client.get(f"/portal/annual/{report.pk}/").content.decode()

    client.post(f"/portal/annual/{report.pk}/", {"action": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.PRELIMINARY
    officer_acts(unit_officer, report, {"approved": "1", "opinion": "同意报送。"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.review_due_on
    officer_acts(inspector, report, {"result": "passed", "reason": "报告完整"})
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCLUDED and report.preliminary_opinion == "同意报送。"


def test_foundations_and_directly_registered_organizations_need_no_preliminary_review():
    """基金会条例 第三十六条: foundations report to the bureau; direct registration has no competent unit."""
    from registry.rules.annual import needs_preliminary_review, preliminary_review_mode

    assert needs_preliminary_review(org_type="1", competent_unit=UNIT)
    assert needs_preliminary_review(org_type="2", competent_unit=UNIT)
    assert not needs_preliminary_review(org_type="3", competent_unit=UNIT)
    assert not needs_preliminary_review(org_type="1", competent_unit=" ")
    assert preliminary_review_mode("310112", default="upload", by_bureau="310117:unit") == "upload"
    assert preliminary_review_mode("310117", default="upload", by_bureau="310112:upload, 310117:unit") == "unit"


def test_walls(client, applicant, organization, inspector, songjiang):
    from tests.workflows.conftest import confirmed_applicant

    open_season()
    report = report_of(organization)
    stranger = confirmed_applicant(
        email="s@example.org", password="Apply-2026-pass", real_name="钱七", id_number="310112198506120035"
    )
    client.force_login(stranger)
    assert client.get(f"/portal/annual/{report.pk}/").status_code == 404
    fill_and_submit(client, applicant, report)
    outsider = make_officer("sj_inspector", songjiang, "inspector")
    assert officer_acts(outsider, report, {"result": "passed", "reason": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_review_services_refuse_anyone_but_an_inspector_of_the_bureau(
    client, applicant, organization, inspector, songjiang
):
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report)
    outsider = make_officer("sj_inspector", songjiang, "inspector")
    for user in (outsider, applicant):
        with pytest.raises(PermissionDenied):
            report_review(report=report, by=user, result="passed", reason="材料齐全")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.result == ""
    report_review(report=report, by=inspector, result="basic", reason="制度不全", requirements="建立制度")
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.RECTIFIED)
    for user in (outsider, applicant):
        with pytest.raises(PermissionDenied):
            rectification_verify(report=report, by=user, passed=True, note="整改到位")
    report.refresh_from_db()
    assert report.status == ReportStatus.RECTIFIED and report.rectification_passed is None


def test_season_over_a_generated_register_is_idempotent():
    call_command("seed_demo", orgs=800, seed=5, no_accounts=True)
    expected = Organization.objects.filter(status="normal", founded_on__lte=datetime.date(2025, 6, 30)).count()
    assert expected > 500  # more than one chunk of processes (the season opens 500 at a time)
    open_season()
    assert AnnualReport.objects.filter(year=2025).count() == expected
    assert BureauProcess.objects.filter(annual_report__year=2025).count() == expected
    open_season()
    assert BureauProcess.objects.filter(annual_report__year=2025).count() == expected


def test_the_season_writes_its_result_and_no_progress_bar_into_a_log(organization):
    out, err = StringIO(), StringIO()  # not a terminal, as under cron or in a log file
    call_command("open_annual_inspection", year=2025, stdout=out, stderr=err)
    assert "新建报告 1 份，建立流程 1 个" in out.getvalue()
    assert err.getvalue() == ""


def test_result_is_searchable_and_progress_counts_and_exports(client, applicant, organization, inspector, settings):
    settings.SEARCH_BACKEND = "database"
    open_season()
    report = report_of(organization)
    fill_and_submit(client, applicant, report)
    officer_acts(inspector, report, {"result": "basic", "reason": "账目不清", "requirements": "规范账目"})
    organization.refresh_from_db()
    assert organization.last_inspection_result == "basic"
    api = Client().get("/api/organizations/", {"inspection": "basic"}).json()
    assert [r["uscc"] for r in api["results"]] == [organization.uscc]

    officer = Client()
    officer.force_login(inspector)
    page = officer.get("/workflow/work/annual/progress/", {"year": 2025}).content.decode()
    assert "闵行区" in page and "100%" in page
    export = officer.get("/workflow/work/annual/progress/", {"year": 2025, "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("登记管理机关", "行政区划代码", "应检") and rows[1][0] == "闵行区"
    assert rows[1][2:6] == (1, 1, 1, 0)  # due, submitted, reviewed, passed


def test_reminders_go_once_before_the_deadline(organization, applicant, django_capture_on_commit_callbacks):
    from django.core import mail

    from registry.services.annual import report_reminders

    open_season()
    with django_capture_on_commit_callbacks(execute=True):  # messages leave once the run commits
        assert report_reminders(today=datetime.date(2026, 4, 1)) == 0  # more than 30 days ahead
        assert report_reminders(today=datetime.date(2026, 5, 2)) == 1
        assert report_reminders(today=datetime.date(2026, 5, 3)) == 0  # already reminded at 30 days
        assert report_reminders(today=datetime.date(2026, 5, 25)) == 1  # the 7-day reminder
    assert len(mail.outbox) == 2 and mail.outbox[0].to == [applicant.email]
    assert "2025年度工作报告" in mail.outbox[0].subject


def test_audit_report_must_be_a_pdf(client, applicant, organization):
    from tests.workflows.conftest import png_bytes

    open_season()
    report = report_of(organization)
    client.force_login(applicant)
    response = client.post(
        f"/portal/annual/{report.pk}/", {"action": "upload", "audit": upload("audit.pdf", png_bytes())}, follow=True
    )
    assert "审计报告请上传 PDF 文件" in response.content.decode()
    report.refresh_from_db()
    assert report.audit_stored_name == ""


def test_foundations_report_by_31_march_and_associations_by_31_may_after_their_competent_unit(
    make_org, shanghai, client, applicant
):
    # 基金会管理条例 第三十六条; 社会团体登记管理条例 第二十八条.
    founded = datetime.date(2020, 3, 1)
    foundation = make_org(
        name="上海市春晖助学基金会", org_type="3", jurisdiction=shanghai, founded_on=founded, competent_unit=""
    )
    association = make_org(name="上海市闵行区书法协会", founded_on=founded, competent_unit="上海市闵行区文化和旅游局")
    open_season()
    assert report_of(foundation).deadline == datetime.date(2026, 3, 31)
    assert report_of(foundation).competent_unit_deadline is None
    report = report_of(association)
    assert report.deadline == datetime.date(2026, 5, 31)
    assert report.competent_unit_deadline == datetime.date(2026, 3, 31)
    assign_perm("registry.manage_organization", applicant, association)
    client.force_login(applicant)
    assert "报业务主管单位初审截止" in client.get(f"/portal/annual/{report.pk}/").content.decode()


def test_organizations_registered_in_the_second_half_of_the_year_skip_it(make_org, settings):
    by_cutoff = make_org(name="上海市闵行区六月协会", founded_on=datetime.date(2025, 6, 30))
    after_cutoff = make_org(name="上海市闵行区七月协会", founded_on=datetime.date(2025, 7, 1))
    open_season()
    assert AnnualReport.objects.filter(organization=by_cutoff, year=2025).exists()
    assert not AnnualReport.objects.filter(organization=after_cutoff, year=2025).exists()
    settings.REGISTRY = {**settings.REGISTRY, "NEW_ORGANIZATION_CUTOFF_MONTH": 12, "NEW_ORGANIZATION_CUTOFF_DAY": 31}
    open_season()
    assert AnnualReport.objects.filter(organization=after_cutoff, year=2025).exists()


def test_uploading_the_audit_report_first_keeps_what_was_typed(client, applicant, organization):
    open_season()
    report = report_of(organization)
    client.force_login(applicant)
    url = f"/portal/annual/{report.pk}/"
    typed = {**FIGURES, "staff_count": "-3"}  # one figure wrong
    response = client.post(url, {**typed, "action": "upload", "audit": upload("audit.pdf", pdf_bytes("audit"))})
    page = response.content.decode()
    assert response.status_code == 200
    assert FIGURES["activities"] in page and 'value="120000.00"' in page  # shown again as typed
    report.refresh_from_db()
    assert report.audit_original_name == "audit.pdf" and report.activities == ""  # the file kept, no bad draft saved
    response = client.post(url, {**FIGURES, "action": "upload", "audit": upload("audit2.pdf", pdf_bytes("audit"))})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.audit_original_name == "audit2.pdf" and report.activities == FIGURES["activities"]
    # A file sent alone (no figures in the request) replaces the file and leaves the saved draft alone.
    client.post(url, {"action": "upload", "audit": upload("audit3.pdf", pdf_bytes("audit"))})
    report.refresh_from_db()
    assert report.audit_original_name == "audit3.pdf" and report.activities == FIGURES["activities"]


def test_season_opened_in_background_chunks_starts_each_process_once(make_org):
    from workflows.flows.annual_inspection.services import annual_processes_start

    for n in range(5):
        make_org(name=f"上海市闵行区分批年检{n}号协会", founded_on=datetime.date(2020, 3, 1))
    call_command("open_annual_inspection", year=2025, background=True)  # no broker: the chunks run here
    reports = list(AnnualReport.objects.filter(year=2025).values_list("pk", flat=True))
    assert len(reports) >= 5
    assert BureauProcess.objects.filter(annual_report__in=reports).count() == len(reports)
    assert annual_processes_start(report_ids=reports) == 0  # a chunk delivered again starts nothing
    assert BureauProcess.objects.filter(annual_report__in=reports).count() == len(reports)


def test_submitting_sends_what_is_on_screen_after_a_confirmation_listing_it(client, applicant, organization):
    open_season()
    report = report_of(organization)
    client.force_login(applicant)
    url = f"/portal/annual/{report.pk}/"
    client.post(url, {**FIGURES, "action": "upload", "audit": upload("audit.pdf", pdf_bytes("audit"))})
    edited = {**FIGURES, "activities": "举办社区读书会24次，服务居民5000人次。", "events_held": "24"}
    # 报送 with edits never saved: they are saved as the draft and listed for confirmation; nothing is sent yet.
    page = client.post(url, {**edited, "action": "review"}).content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.events_held == 24
    assert "请核对报送内容" in page and "举办社区读书会24次" in page and "audit.pdf" in page
    # The confirmation sends the listed contents again: they are what is submitted.
    response = client.post(url, {**edited, "action": "submit"}, follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.activities == edited["activities"]
    assert "已报送的年度工作报告" in response.content.decode() and "举办社区读书会24次" in response.content.decode()


def test_a_wrong_figure_at_confirmation_submits_nothing_and_keeps_the_draft(client, applicant, organization):
    open_season()
    report = report_of(organization)
    client.force_login(applicant)
    url = f"/portal/annual/{report.pk}/"
    client.post(url, {**FIGURES, "action": "upload", "audit": upload("audit.pdf", pdf_bytes("audit"))})
    response = client.post(url, {**FIGURES, "staff_count": "-3", "action": "submit"})
    assert response.status_code == 200 and "报告内容有误，尚未报送" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.staff_count == 3
    # Incomplete contents are saved as typed, listed as problems, and not offered for confirmation.
    page = client.post(url, {**FIGURES, "activities": "", "action": "review"}).content.decode()
    report.refresh_from_db()
    assert "请核对报送内容" not in page and "请填写本年度业务活动情况。" in page and report.status == ReportStatus.OPEN
