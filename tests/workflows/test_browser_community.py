"""社区社会组织备案 in a real browser: an applicant files a group on a 390 px phone, the street's officer returns
it, the applicant corrects and resubmits, the officer files it, it shows on the public list as 备案, and the group
moves up to registration with the application pre-filled from the filing."""

import datetime

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from registry.models import CommunityGroup, CommunityGroupStatus, SubdistrictOfficer
from tests.factories import ApplicantFactory, CommunityGroupFactory, SubdistrictFactory, UserFactory
from tests.workflows.conftest import PASSWORD, log_in
from tests.workflows.test_browser_sweep import axe_findings, overflow_findings

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
NAME = "古美路街道夕阳红舞蹈队"


def fits(page):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide at {width[1]} px"


def decide(browser, live_server, group, decision, reasons=""):
    page = log_in(browser, live_server, "gumei_officer", PASSWORD, "/workflow/community/")
    page.set_viewport_size(PHONE)
    page.click(f"a:has-text('{NAME}')")
    page.check(f"input[name=decision][value={decision}]")
    if reasons:
        page.fill("textarea[name=reasons]", reasons)
    page.click("button:has-text('确认办理')")
    page.wait_for_url("**/workflow/community/")
    fits(page)
    return page


def test_filing_on_a_phone_returned_corrected_filed_listed_and_moved_up(browser, live_server, minhang):
    ApplicantFactory(mobile="13812345678", email="founder@example.org", password=PASSWORD)
    street = SubdistrictFactory(code="310112006", name="古美路街道", district=minhang)
    officer = UserFactory(username="gumei_officer", is_staff=True, password=PASSWORD)
    SubdistrictOfficer.objects.create(user=officer, subdistrict=street)

    # The applicant files on a phone; too few members is refused beside the field.
    page = log_in(browser, live_server, "13812345678", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('社区社会组织备案')")
    page.click("button:has-text('在线备案')")
    page.select_option("select[name=subdistrict]", str(street.pk))
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=field]", "culture")
    page.fill("input[name=activity_area]", "古美一村居委会辖区")
    page.fill("input[name=member_count]", "8")
    page.fill("input[name=responsible_name]", "王芳")
    page.fill("input[name=responsible_id_number]", "110101199003070011")
    page.fill("input[name=responsible_phone]", "13900001111")
    page.check("input[name=guiding_kind][value=residents]")
    page.fill("input[name=guiding_unit_name]", "古美一村居民委员会")
    page.fill(
        "textarea[name=charter_summary]",
        "本队以丰富社区居民文化生活为宗旨，每周组织排练和演出，成员自愿参加，负责人由成员推选产生。",
    )
    page.click("button:has-text('提交备案')")
    page.wait_for_selector("text=社区社会组织备案应有成员10人以上")
    fits(page)
    assert not CommunityGroup.objects.exists()
    page.fill("input[name=member_count]", "16")
    page.click("button:has-text('提交备案')")
    page.wait_for_selector("text=已提交备案")
    fits(page)
    group = CommunityGroup.objects.get()
    assert group.status == CommunityGroupStatus.SUBMITTED

    # The street's officer returns it with reasons.
    decide(browser, live_server, group, "return", "成员人数与名册不符，请核实后修改。")
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.RETURNED

    # The applicant reads the reasons, corrects and resubmits.
    page.reload()
    assert "成员人数与名册不符" in page.locator("#return-reasons").inner_text()
    page.fill("input[name=member_count]", "20")
    page.click("button:has-text('修改后重新提交')")
    page.wait_for_selector("text=已提交备案")
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.SUBMITTED and group.member_count == 20

    # The officer files it.
    decide(browser, live_server, group, "file")
    group.refresh_from_db()
    assert group.status == CommunityGroupStatus.FILED and group.filing_number.startswith("社备310112006")

    # The public list shows it as 备案, on a phone.
    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/community/")
    row = public.locator("tr", has_text=NAME)
    assert "备案" in row.inner_text() and group.filing_number in row.inner_text()
    fits(public)
    row.locator("a", has_text=NAME).click()
    public.wait_for_selector("text=不是法人")
    assert "110101199003070011" not in public.content()
    fits(public)

    # The group moves up to registration: the application opens pre-filled from the filing.
    page.reload()
    assert group.filing_number in page.locator("#filing-number").inner_text()
    page.check("input[name=org_type][value='1']")
    page.click("button:has-text('申请登记')")
    page.wait_for_url("**/edit/particulars/")
    fits(page)
    assert page.input_value("input[name=name]") == NAME
    assert page.input_value("input[name=activity_area]") == "古美一村居委会辖区"
    assert page.input_value("input[name=domicile]") == "古美一村居委会辖区"
    assert "文化" in page.input_value("textarea[name=business_scope]")
    assert page.input_value("input[name=individual_members]") == "20"
    assert page.input_value("input[name=contact_phone]") == "13900001111"
    group.refresh_from_db()
    application = group.registration_application
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/edit/people/")
    assert page.input_value("input[name='rep-legal_rep_name']") == "王芳"
    assert page.input_value("input[name='rep-legal_rep_id_number']") == "110101199003070011"


def test_community_pages_fit_a_phone_and_pass_axe(browser, live_server, minhang):
    """The filing's pages, public, portal and the street's, at a phone and a desktop width, with axe-core."""
    applicant = ApplicantFactory(mobile="13812345679", email="sweep@example.org", password=PASSWORD)
    street = SubdistrictFactory(code="310112006", name="古美路街道", district=minhang)
    officer = UserFactory(username="gumei_sweep", is_staff=True, password=PASSWORD)
    SubdistrictOfficer.objects.create(user=officer, subdistrict=street)
    last_year = datetime.date.today().year - 1
    filed = CommunityGroupFactory(
        subdistrict=street, applicant=applicant, name=NAME, filed_on=datetime.date(last_year, 5, 1)
    )
    waiting = CommunityGroupFactory(
        subdistrict=street,
        applicant=applicant,
        name="古美路街道书画社",
        status="submitted",
        filing_number="",
        filed_on=None,
        submitted_on=datetime.date.today(),
        due_on=datetime.date.today() + datetime.timedelta(days=14),
    )
    pages = {
        None: ["/community/", f"/community/{filed.pk}/"],
        "13812345679": [
            "/portal/community/",
            "/portal/community/new/",
            f"/portal/community/{filed.pk}/",
            f"/portal/community/{filed.pk}/report/",
        ],
        "gumei_sweep": [
            "/workflow/community/",
            f"/workflow/community/{waiting.pk}/",
            f"/workflow/community/{filed.pk}/",
            f"/workflow/community/reports/?year={last_year}",
        ],
    }
    problems = []
    for username, paths in pages.items():
        if username is None:
            page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
        else:
            page = log_in(browser, live_server, username, PASSWORD, paths[0])
        page.add_init_script(AXE_SCRIPT)
        for path in paths:
            page.set_viewport_size(PHONE)
            page.goto(f"{live_server.url}{path}")
            assert page.url.endswith(path.split("?")[0]) or "?" in path, page.url
            found = [(390, finding) for finding in overflow_findings(page)]
            page.set_viewport_size({"width": 1366, "height": 900})
            found += [(1366, finding) for finding in overflow_findings(page) + axe_findings(page)]
            problems += [f"{path} ({width} px): {what}: {element}" for width, (what, element) in found]
    assert not problems, "\n".join(problems)
