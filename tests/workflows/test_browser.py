"""A person in a real browser (headless Chromium): applies online, and the officers approve in their inboxes."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.models import ApplicationStatus, RegistrationApplication
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_apply_in_the_browser_and_officers_approve(browser, live_server, minhang, tmp_path):
    confirmed_applicant(mobile="13700001111", password=PASSWORD, real_name="陈静", id_number="11010519491231002X")
    officers = {
        "window": make_officer("b_window", minhang, "window"),
        "reviewer": make_officer("b_reviewer", minhang, "reviewer"),
        "approver": make_officer("b_approver", minhang, "approver"),
    }
    for officer in officers.values():
        officer.set_password(PASSWORD)
        officer.save()
    charter, photo = tmp_path / "charter.pdf", tmp_path / "domicile.png"
    charter.write_bytes(pdf_bytes())
    photo.write_bytes(png_bytes())

    blocked = []  # anything the Content-Security-Policy stops on any page of the journey
    page = log_in(browser, live_server, "13700001111", PASSWORD, "/portal/applications/", blocked=blocked)
    page.click("text=在线申请登记")
    page.check("input[name=org_type][value='2']")
    page.select_option("select[name=jurisdiction]", str(minhang.pk))
    page.click("text=开始填写")

    page.fill("input[name=name]", "上海市闵行区国家社区服务中心")
    page.wait_for_selector("#name-check.errorlist")  # the live check refuses a word implying state authority
    page.fill("input[name=name]", "上海市闵行区邻里社区服务中心")
    page.wait_for_selector("text=名称可以使用。")
    page.fill("input[name=trade_name]", "邻里")  # a social service agency's trade name (字号)
    page.fill("input[name=domicile]", "上海市闵行区古美路1号")
    page.fill("input[name=activity_area]", "上海市闵行区")
    page.fill("textarea[name=business_scope]", "社区养老服务；邻里互助")
    page.fill("input[name=registered_funds]", "100000")
    page.select_option("select[name=direct_category]", "community")
    page.fill("input[name=contact_phone]", "021-54000000")
    page.click("text=保存并继续")

    page.fill("input[name=rep-legal_rep_name]", "陈静")
    page.fill("input[name=rep-legal_rep_id_number]", "11010519491231002X")
    page.fill("input[name=officers-0-position]", "主任")
    page.fill("input[name=officers-0-name]", "陈静")
    page.fill("input[name=officers-0-id_number]", "11010519491231002X")
    page.click("text=保存并继续")

    rows = page.locator("input[type=file]").count()
    assert rows >= 5
    for index in range(rows):
        field = page.locator("input[type=file]").nth(index)
        field.set_input_files(str(photo if "住所" in (field.get_attribute("aria-label") or "") else charter))
        page.locator("form[enctype] button[type=submit]").nth(index).click()
        page.wait_for_selector("text=已上传：")
    page.click("text=下一步：核对并提交")
    page.check("input[name=declaration]")
    page.click("button:has-text('提交申请')")
    page.wait_for_selector("text=已提交，登记管理机关将在法定期限内办理。")
    assert page.locator("#query-code").inner_text()  # the receipt shows the new query code, once
    page.click("text=返回申请")
    page.wait_for_selector("text=受理窗口")

    application = RegistrationApplication.objects.get(name="上海市闵行区邻里社区服务中心")
    for role, choice in (("window", "accept"), ("reviewer", "pass"), ("approver", "approve"), ("window", None)):
        officer_page = log_in(
            browser, live_server, officers[role].username, PASSWORD, "/workflow/work/", blocked=blocked
        )
        row = officer_page.locator("tr", has_text=application.reference)
        with officer_page.expect_navigation():
            row.locator("button:has-text('认领')").click()
        officer_page.goto(f"{live_server.url}/workflow/work/?show=mine")
        officer_page.locator("tr", has_text=application.reference).locator("a", has_text="办理").click()
        if choice:
            officer_page.check(f"input[name=decision][value={choice}]")
            if role == "reviewer":
                officer_page.fill("textarea[name=opinion]", "符合登记条件")
        else:
            officer_page.check("input[name=confirm]")
        officer_page.click("button:has-text('提交')")
        officer_page.wait_for_url("**/workflow/work/")
        officer_page.context.close()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    page.goto(f"{live_server.url}/portal/applications/{application.pk}/")
    assert page.locator(".badge", has_text=str(ApplicationStatus.COMPLETED.label)).is_visible()
    assert page.locator("a", has_text="下载登记证书").is_visible()
    page.goto(f"{live_server.url}/portal/")
    assert application.organization.uscc in page.content()
    page.goto(f"{live_server.url}/organizations/?q=邻里")  # the search page's suggestions script
    page.fill("input[name=q]", "邻里")
    assert blocked == []


def test_an_officer_passes_the_second_factor_in_the_browser(browser, live_server, minhang, settings):
    settings.STAFF_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    officer = make_officer("b_window", minhang, "window")
    officer.set_password(PASSWORD)
    officer.save()
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/?next=/workflow/work/")
    page.fill("input[name=username]", "b_window")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/otp/**")
    assert page.locator("img[alt='身份验证器二维码']").is_visible()
    device = TOTPDevice.objects.get(user=officer)
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.click("button:has-text('验证')")
    page.wait_for_url("**/workflow/work/")
    assert "业务办理" in page.content()


def test_spot_check_campaign_in_the_browser(browser, live_server, minhang):
    """An officer creates a campaign, draws, publishes the plan, records a result; the public sees the results."""
    from registry.models import SpotCheckCampaign
    from tests.factories import OrganizationFactory

    head = make_officer("b_head", minhang, "approver")
    make_officer("b_inspector", minhang, "inspector")
    make_officer("b_inspector2", minhang, "inspector")  # at least 2 inspectors on site
    head.set_password(PASSWORD)
    head.save()
    organization = OrganizationFactory(jurisdiction=minhang, name="上海市闵行区围棋协会")

    blocked = []
    page = log_in(browser, live_server, "b_head", PASSWORD, "/workflow/work/supervision/spot-checks/", blocked=blocked)
    page.select_option("select[name=jurisdiction]", str(minhang.pk))
    page.fill("input[name=name]", "2026年度围棋类社会组织抽查")
    page.fill("input[name=sample_size]", "1")
    page.fill("input[name=inspectors_per_check]", "2")
    page.click("button:has-text('创建抽查')")
    page.wait_for_selector("text=已创建抽查")
    campaign = SpotCheckCampaign.objects.get(name="2026年度围棋类社会组织抽查")

    page.fill("input[name=seed]", "browser-2026")
    page.click("button:has-text('抽取')")
    page.wait_for_selector("#campaign-seed")
    assert page.inner_text("#campaign-seed") == "browser-2026"
    assert organization.name in page.content()
    page.click("button:has-text('公布抽查计划')")
    page.wait_for_selector("text=已公布抽查计划，抽取结果已锁定。")

    page.click("a:has-text('记录结果')")
    page.check("input[name=result][value=passed]")
    page.fill("textarea[name=findings]", "章程、账目和活动记录齐全。")
    page.click("button:has-text('记录检查结果')")
    page.wait_for_selector("text=已记录检查结果")
    page.click("button:has-text('公布抽查结果')")
    page.wait_for_selector("text=已公布抽查结果。")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/spot-checks/")
    public.click("text=2026年度围棋类社会组织抽查")
    public.wait_for_url(f"**/spot-checks/{campaign.pk}/")
    results = public.content()
    assert "抽查结果" in results and organization.name in results and "合格" in results and "browser-2026" in results
    assert blocked == []
