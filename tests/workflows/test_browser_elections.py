"""Leadership services in a real browser: the organization files from its portal (on a phone), an officer decides
in the workspace, and the public record and the overdue list follow. Each new page fits 390 and 1366 px and
passes axe-core (WCAG 2.1 AA, serious and critical findings)."""

import datetime

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import Election, ExtensionStatus, FilingStatus, OfficerFiling, OrganizationOfficer, TermExtension
from registry.services.certificates import issue_registration_certificates
from registry.services.elections import election_file, election_submit
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes, upload
from tests.workflows.test_browser_sweep import VIEWPORTS, axe_findings, overflow_findings

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESKTOP = VIEWPORTS


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


def officer(username, jurisdiction, *roles):
    user = make_officer(username, jurisdiction, *roles)
    user.set_password(PASSWORD)
    user.save()
    return user


def checked(page, name):
    """The page as it is: nothing past the edge or scrolling sideways at either width, no serious axe finding."""
    page.context.add_init_script(AXE_SCRIPT)  # axe-core as the sweep loads it: no inline script, no network
    page.set_viewport_size(PHONE)
    page.reload()  # loaded at the phone width, as a phone loads it
    problems = []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        problems += [(viewport["width"], finding) for finding in overflow_findings(page)]
    problems += [(DESKTOP["width"], finding) for finding in axe_findings(page)]
    page.set_viewport_size(PHONE)
    assert not problems, f"{name}: {problems}"


def work_task(browser, live_server, username, reference):
    """Log in as `username`, claim the task named by `reference` in the inbox and open it."""
    page = log_in(browser, live_server, username, PASSWORD, "/workflow/work/")
    row = page.locator("tr", has_text=reference)
    with page.expect_navigation():
        row.locator("button:has-text('认领')").click()
    page.goto(f"{live_server.url}/workflow/work/?show=mine")
    page.locator("tr", has_text=reference).locator("a", has_text="办理").click()
    page.wait_for_selector("textarea[name=reason]")
    return page


@pytest.fixture
def setting(make_org, minhang):
    organization = make_org(name="上海市闵行区民乐协会")
    issue_registration_certificates(organization=organization)
    representative = confirmed_applicant(
        mobile="13700004444", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", representative, organization)
    organization.representative = representative
    return organization


def portal_page(browser, live_server):
    page = log_in(browser, live_server, "13700004444", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('换届和负责人备案')")
    page.wait_for_selector("h1:has-text('换届和负责人备案')")
    return page


def test_an_election_from_the_portal_to_the_window_and_the_public_record(browser, live_server, setting, tmp_path):
    officer("b_el_window", setting.jurisdiction, OfficerRole.WINDOW)
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(pdf_bytes("minutes"))
    page = portal_page(browser, live_server)
    checked(page, "portal leadership")
    # A six-year term is refused beside the form, and nothing is filed.
    page.fill("#id_election-elected_on", (local_today() - datetime.timedelta(days=2)).isoformat())
    page.select_option("#id_election-voting_body", "delegates")
    page.fill("#id_election-term_years", "6")
    page.fill("#id_election-officers_elected", "会长陈静；秘书长王芳")
    page.set_input_files("#id_election-minutes", str(minutes))
    page.click("button:has-text('报送换届备案')")
    page.wait_for_selector("#election .errorlist")
    assert not Election.objects.exists()
    page.fill("#id_election-term_years", "5")
    page.set_input_files("#id_election-minutes", str(minutes))
    page.click("button:has-text('报送换届备案')")
    page.wait_for_selector("text=已报送换届备案")
    election = Election.objects.get()

    task = work_task(browser, live_server, "b_el_window", election.reference)
    assert "会长陈静；秘书长王芳" in task.content() and "minutes.pdf" in task.content()
    checked(task, "election task")
    task.check("input[name=decision][value=file]")
    task.click("button:has-text('提交')")
    task.wait_for_url("**/workflow/work/")
    election.refresh_from_db()
    assert election.status == FilingStatus.FILED

    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/organizations/{setting.uscc}/")
    end = election.term_ends_on
    assert f"本届任期至 {end.year}年{end.month}月{end.day}日" in public.content()
    checked(public, "public record")


def test_an_extension_decided_by_the_section_head_with_its_pdf(browser, live_server, setting):
    officer("b_el_head", setting.jurisdiction, OfficerRole.APPROVER)
    window = officer("b_el_window2", setting.jurisdiction, OfficerRole.WINDOW)
    ended = election_submit(
        organization=setting,
        by=setting.representative,
        elected_on=datetime.date(2021, 9, 1),
        voting_body="assembly",
        term_years=5,
        officers_elected="会长陈静",
        minutes=upload("m.pdf", pdf_bytes()),
    )
    election_file(election=ended, by=window, filed=True)
    page = portal_page(browser, live_server)
    page.fill("#id_extension-new_date", "2027-06-30")
    page.fill("#id_extension-reason", "会员单位分布各地，拟于明年上半年集中召开会员大会。")
    page.click("button:has-text('申请延期换届')")
    page.wait_for_selector("text=已提交延期换届申请")
    extension = TermExtension.objects.get()

    task = work_task(browser, live_server, "b_el_head", extension.reference)
    checked(task, "extension task")
    task.check("input[name=decision][value=approve]")
    task.fill("textarea[name=reason]", "确因特殊情况不能按期换届，延期未超过1年。")
    task.click("button:has-text('作出决定')")
    task.wait_for_url("**/workflow/work/")
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED

    page.reload()
    link = page.locator("a:has-text('决定书（PDF）')")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200 and response.body().startswith(b"%PDF")


def test_an_officer_filing_shows_names_and_offices_but_no_id_numbers(browser, live_server, setting):
    officer("b_el_window3", setting.jurisdiction, OfficerRole.WINDOW)
    OrganizationOfficer.objects.create(
        organization=setting, position="会长", name="张伟", id_number=setting.legal_rep_id_number
    )
    page = portal_page(browser, live_server)
    page.select_option("#id_officers-position_1", "secretary_general")
    page.fill("#id_officers-name_1", "李娜")
    page.fill("#id_officers-id_number_1", "110105198501010031")  # a wrong check digit
    page.fill("#id_officers-term_ends_on_1", (local_today() + datetime.timedelta(days=1000)).isoformat())
    page.click("button:has-text('报送负责人备案')")
    page.wait_for_selector("#officers .errorlist")
    assert "校验码错误" in page.inner_text("#officers .errorlist") and not OfficerFiling.objects.exists()
    page.fill("#id_officers-id_number_1", "110105198501010039")
    page.click("button:has-text('报送负责人备案')")
    page.wait_for_selector("text=已报送负责人备案")
    filing = OfficerFiling.objects.get()

    task = work_task(browser, live_server, "b_el_window3", filing.reference)
    assert "110105198501010039" not in task.content() and "110" + "*" * 13 + "39" in task.content()
    checked(task, "officer filing task")
    task.check("input[name=decision][value=file]")
    task.click("button:has-text('提交')")
    task.wait_for_url("**/workflow/work/")

    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/organizations/{setting.uscc}/")
    text = public.inner_text(".leadership")
    assert "秘书长" in text and "李娜" in text and "张伟" in text
    assert "110105198501010039" not in public.content() and setting.legal_rep_id_number not in public.content()


def test_the_overdue_list_finds_an_ended_term_and_loses_it_once_an_election_is_filed(
    browser, live_server, setting, settings
):
    window = officer("b_el_window4", setting.jurisdiction, OfficerRole.WINDOW)
    officer("b_el_inspector", setting.jurisdiction, OfficerRole.INSPECTOR)
    ended = election_submit(
        organization=setting,
        by=setting.representative,
        elected_on=datetime.date(2020, 4, 1),
        voting_body="assembly",
        term_years=5,
        officers_elected="会长陈静",
        minutes=upload("m.pdf", pdf_bytes()),
    )
    election_file(election=ended, by=window, filed=True)
    page = log_in(browser, live_server, "b_el_inspector", PASSWORD, "/workflow/work/")
    page.click("a:has-text('逾期未换届')")
    page.wait_for_url("**/supervision/elections/")
    row = page.locator("tr", has_text=setting.name)
    assert row.count() == 1
    checked(page, "overdue elections")
    row.locator("button:has-text('发出换届提醒')").click()
    page.wait_for_selector(f"text=已向{setting.name}发出换届提醒")
    assert setting.election_reminders.count() == 1

    # The organization sees the reminder, holds its election and files it; the window files it.
    portal = portal_page(browser, live_server)
    assert "换届提醒" in portal.content()
    election_file(
        election=election_submit(
            organization=setting,
            by=setting.representative,
            elected_on=local_today(),
            voting_body="assembly",
            term_years=5,
            officers_elected="会长陈静",
            minutes=upload("m.pdf", pdf_bytes()),
        ),
        by=window,
        filed=True,
    )
    page.reload()
    assert page.locator("tr", has_text=setting.name).count() == 0
    assert "没有逾期未换届的组织。" in page.content()
