"""Charter approval in a real browser: the organization edits and submits its charter, the officers approve it,
and the approved text is the organization's current charter on its public record."""

import datetime

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from guardian.shortcuts import assign_perm

from registry.models import Charter, CharterApplication, CharterStatus
from tests.factories import OrganizationFactory
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes
from tests.workflows.test_browser_sweep import VIEWPORTS, axe_findings, overflow_findings

pytestmark = pytest.mark.django_db(transaction=True)


def page_problems(page) -> list[str]:
    """Overflow at a phone's and a desktop's width, and axe-core's serious findings, on the page as it is."""
    page.evaluate(AXE_SCRIPT)
    phone, desktop = VIEWPORTS
    problems = []
    for viewport in (phone, desktop):
        page.set_viewport_size(viewport)
        problems += [f"{viewport['width']} px: {what}: {where}" for what, where in overflow_findings(page)]
    problems += [f"axe: {what}: {where}" for what, where in axe_findings(page)]
    return problems


def test_an_organization_amends_its_charter_and_the_officers_approve_it(browser, live_server, minhang, tmp_path):
    representative = confirmed_applicant(
        mobile="13700002222", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    organization = OrganizationFactory(
        jurisdiction=minhang, name="上海市闵行区邻里互助协会", competent_unit="闵行区科学技术协会", direct_category=""
    )
    assign_perm("registry.manage_organization", representative, organization)
    officers = {role: make_officer(f"c_{role}", minhang, role) for role in ("window", "reviewer", "approver")}
    for officer in officers.values():
        officer.set_password(PASSWORD)
        officer.save()
    resolution, consent = tmp_path / "resolution.pdf", tmp_path / "consent.pdf"
    resolution.write_bytes(pdf_bytes("resolution"))
    consent.write_bytes(pdf_bytes("consent"))
    today = datetime.date.today()

    blocked = []
    page = log_in(browser, live_server, "13700002222", PASSWORD, "/portal/", blocked=blocked)
    page.click("text=章程核准")
    page.wait_for_url("**/portal/charters/")
    page.click("button:has-text('申请章程核准')")
    page.wait_for_selector("text=本组织尚无已录入的章程，修改前文本为民政部示范文本。")
    # The draft starts from the Ministry's model charter, filled with the register's particulars.
    text = page.input_value("textarea[name=new_text]")
    assert text.startswith("上海市闵行区邻里互助协会章程") and "闵行区科学技术协会" in text
    page.fill("textarea[name=new_text]", text.replace("〔五〕年", "四年") + "第三十九条　本会设立专业委员会。\n")
    page.fill("textarea[name=amendment_summary]", "缩短任期，增设专业委员会")
    page.select_option("select[name=resolution_body]", "representatives")
    page.fill("input[name=resolution_date]", (today - datetime.timedelta(days=10)).isoformat())
    page.fill("input[name=consent_date]", (today - datetime.timedelta(days=3)).isoformat())
    page.set_input_files("input[name=resolution]", str(resolution))
    page.set_input_files("input[name=consent]", str(consent))
    page.click("button:has-text('上传')")
    page.wait_for_selector("text=已上传：consent.pdf")
    assert page.input_value("textarea[name=amendment_summary]") == "缩短任期，增设专业委员会"
    page.click("button:has-text('查看修改对照并提交')")
    comparison = page.locator("#charter-comparison")
    comparison.wait_for()
    assert comparison.locator("ins", has_text="本会设立专业委员会").count() == 1
    assert comparison.locator("del", has_text="〔五〕年").count() >= 1
    assert page_problems(page) == []
    page.click("button:has-text('确认提交申请')")
    page.wait_for_selector("text=已提交，登记管理机关将在法定期限内办理。")
    application = CharterApplication.objects.get(organization=organization)
    assert application.status == CharterStatus.SUBMITTED

    for role, fill in (
        ("window", lambda p: p.check("input[name=decision][value=accept]")),
        ("reviewer", lambda p: p.fill("textarea[name=opinion]", "修改内容符合法律法规和示范文本")),
        ("approver", lambda p: p.check("input[name=decision][value=approve]")),
    ):
        officer_page = log_in(
            browser, live_server, officers[role].username, PASSWORD, "/workflow/work/", blocked=blocked
        )
        row = officer_page.locator("tr", has_text=application.reference)
        with officer_page.expect_navigation():
            row.locator("button:has-text('认领')").click()
        officer_page.goto(f"{live_server.url}/workflow/work/?show=mine")
        officer_page.locator("tr", has_text=application.reference).locator("a", has_text="办理").click()
        officer_page.wait_for_selector("text=与示范文本对照")
        if role == "window":
            assert officer_page.locator("a", has_text="consent.pdf").count() == 1
            officer_page.set_viewport_size(VIEWPORTS[0])
            officer_page.reload()  # loaded at the phone width, as a phone loads it
            assert page_problems(officer_page) == []
        fill(officer_page)
        officer_page.click(
            "form button[type=submit]:has-text('提交'), form button[type=submit]:has-text('作出核准决定')"
        )
        officer_page.wait_for_url("**/workflow/work/")
        officer_page.context.close()

    application.refresh_from_db()
    assert application.status == CharterStatus.APPROVED
    charter = Charter.objects.get(organization=organization, is_current=True)
    assert "本会设立专业委员会" in charter.text
    page.goto(f"{live_server.url}/portal/charters/")
    assert page.locator("tr", has_text=application.reference).locator("text=准予核准").count() == 1
    with page.expect_navigation():
        page.click(f"text={application.reference}")
    assert page.locator("a", has_text="准予章程核准决定书（PDF）").count() == 1
    page.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    page.click("text=查看章程全文")
    assert page.locator("#charter", has_text="本会设立专业委员会").is_visible()
    assert page.locator("#charter", has_text="现行章程：第1版").is_visible()
    assert blocked == []
