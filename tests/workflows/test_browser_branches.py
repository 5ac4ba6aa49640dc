"""Branches and representative offices in a real browser: the association reports a new branch from its portal
on a phone, the window officer files it, and the association's public record lists it (社会团体登记管理条例
第十七条, 民发〔2014〕38号)."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import Branch, BranchApplication, BranchApplicationStatus
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes
from tests.workflows.test_browser_pages import fits

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
ASSOCIATION = "上海市闵行区邻里互助协会"


def test_a_branch_from_the_portal_to_the_officers_filing_and_the_public_record(
    browser, live_server, make_org, tmp_path
):
    organization = make_org(name=ASSOCIATION)
    representative = confirmed_applicant(
        mobile="13700004444", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", representative, organization)
    window = make_officer("b_window", organization.jurisdiction, OfficerRole.WINDOW)
    window.set_password(PASSWORD)
    window.save()
    resolution, head = tmp_path / "resolution.pdf", tmp_path / "head.pdf"
    resolution.write_bytes(pdf_bytes("resolution"))
    head.write_bytes(pdf_bytes("head"))

    # The association opens its branches from the portal and starts a new one, on a phone.
    page = log_in(browser, live_server, "13700004444", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('分支机构、代表机构')")
    page.click("button:has-text('设立分支机构、代表机构')")
    page.wait_for_selector("input[name=name]")
    # A regional name is refused beside the form, with the rule; the draft keeps what was typed.
    page.check("input[name=branch_kind][value=branch]")
    page.fill("input[name=name]", ASSOCIATION + "松江分会")
    page.fill("input[name=head_name]", "王芳")
    page.fill("input[name=head_id_number]", "110101199003070011")
    page.fill("input[name=address]", "上海市闵行区莘庄镇莘松路100号")
    page.fill("textarea[name=business_scope]", "组织老年人互助志愿服务")
    page.fill("input[name=resolved_on]", (datetime.date.today() - datetime.timedelta(days=2)).isoformat())
    page.set_input_files("#file-resolution", str(resolution))
    page.set_input_files("#file-head", str(head))
    page.click("button:has-text('提交登记管理机关')")
    page.wait_for_selector("text=不得设立地域性分支机构")
    assert BranchApplication.objects.get().status == BranchApplicationStatus.DRAFT
    page.fill("input[name=name]", ASSOCIATION + "老年互助工作委员会")
    page.click("button:has-text('提交登记管理机关')")
    page.wait_for_selector("#confirm-branch")
    assert "110101199003070011" not in page.inner_text("#confirm-branch")  # the summary masks the ID number
    page.click("button:has-text('确认提交')")
    page.wait_for_selector("text=已提交")
    application = BranchApplication.objects.get()
    assert application.status == BranchApplicationStatus.SUBMITTED
    fits(page, "branch-application", tmp_path, "h1", ".badge")

    # The window officer claims the report in the inbox, reads it and files it.
    officer = log_in(browser, live_server, "b_window", PASSWORD, "/workflow/work/")
    row = officer.locator("tr", has_text=application.reference)
    with officer.expect_navigation():
        row.locator("button:has-text('认领')").click()
    officer.goto(f"{live_server.url}/workflow/work/?show=mine")
    officer.locator("tr", has_text=application.reference).locator("a", has_text="办理").click()
    officer.wait_for_selector("input[name=filed]")
    assert "负责人基本情况" in officer.content() and "110101199003070011" not in officer.content()
    officer.check("input[name=filed][value='1']")
    officer.click("button:has-text('提交')")
    officer.wait_for_url("**/workflow/work/")
    branch = Branch.objects.get()
    assert branch.name == ASSOCIATION + "老年互助工作委员会" and branch.status == "active"

    # The association sees the filing notice; the public record lists the branch.
    page.reload()
    page.wait_for_selector("a:has-text('设立分支机构备案通知书')")
    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    assert "老年互助工作委员会" in public.inner_text("#branches")
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(f"{live_server.url}/portal/branches/")
    fits(page, "branch-list", tmp_path, "h1", "button:has-text('变更')")


def work_task(browser, live_server, username, reference):
    """Log in as `username`, claim the report's task in the inbox and open it."""
    page = log_in(browser, live_server, username, PASSWORD, "/workflow/work/")
    with page.expect_navigation():
        page.locator("tr", has_text=reference).locator("button:has-text('认领')").click()
    page.goto(f"{live_server.url}/workflow/work/?show=mine")
    page.locator("tr", has_text=reference).locator("a", has_text="办理").click()
    page.wait_for_selector("form[novalidate] textarea")
    return page


def test_where_the_bureau_approves_branches_the_section_head_decides_and_it_is_announced(
    browser, live_server, make_org, minhang, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.services.branches import branch_application_create, branch_draft_update
    from workflows.flows.branch.services import branch_application_send

    minhang.branch_regime = "approval"
    minhang.save()
    organization = make_org(name=ASSOCIATION)
    representative = confirmed_applicant(
        mobile="13700005555", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", representative, organization)
    for username, role in (("b_window", "window"), ("b_reviewer", "reviewer"), ("b_approver", "approver")):
        user = make_officer(username, minhang, role)
        user.set_password(PASSWORD)
        user.save()
    application = branch_application_create(organization=organization, by=representative, kind="set_up")
    office = ASSOCIATION + "松江联络处"
    branch_draft_update(
        application=application,
        by=representative,
        fields={
            "branch_kind": "office",
            "name": office,
            "head_name": "王芳",
            "head_id_number": "110101199003070011",
            "address": "上海市松江区中山路1号",
            "business_scope": "联络松江会员",
            "resolved_on": datetime.date.today(),
        },
        uploads={
            "resolution": SimpleUploadedFile("r.pdf", pdf_bytes()),
            "head": SimpleUploadedFile("h.pdf", pdf_bytes()),
        },
    )
    reference = branch_application_send(application=application, by=representative).reference

    page = work_task(browser, live_server, "b_window", reference)
    page.check("input[name=accepted][value='1']")
    page.click("button:has-text('提交')")
    page.wait_for_url("**/workflow/work/")
    page = work_task(browser, live_server, "b_reviewer", reference)
    page.fill("textarea[name=opinion]", "名称、负责人、业务范围符合规定。")
    page.click("button:has-text('提交')")
    page.wait_for_url("**/workflow/work/")
    page = work_task(browser, live_server, "b_approver", reference)
    assert "名称、负责人、业务范围符合规定" in page.content()
    page.set_viewport_size(PHONE)  # the officer's step fits a phone too, loaded at its width as a phone loads it
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.check("input[name=approved][value='1']")
    page.fill("textarea[name=reason]", "符合《社会团体登记管理条例》第十七条。")
    page.click("button:has-text('作出决定')")  # without the confirmation nothing is decided
    page.wait_for_selector("text=请勾选确认后再作出决定")
    assert not Branch.objects.exists()
    page.check("input[name=confirm]")
    page.click("button:has-text('作出决定')")
    page.wait_for_url("**/workflow/work/")
    assert Branch.objects.get().name == office

    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/notices/?kind=branch")
    assert office in public.content()
    portal = log_in(browser, live_server, "13700005555", PASSWORD, "/portal/branches/")
    portal.click(f"a:has-text('{reference}')")
    portal.wait_for_selector("a:has-text('准予设立代表机构决定书')")
