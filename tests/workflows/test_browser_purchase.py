"""Government purchase of services in a real browser: the bureau's purchaser drafts and publishes a call, one
organization applies from its portal on a phone and submits, another sees why it may not apply and cannot, and
the purchaser passes the eligibility check (政府购买服务管理办法 第八条)."""

import datetime

import pytest
from django.utils import timezone

from registry.models import (
    CallStatus,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    ServiceCall,
)
from tests.workflows.conftest import (
    PASSWORD,
    PHONE,
    fill_purchase_application,
    fits_phone,
    log_in,
    pdf_bytes,
    phone_page,
    purchasing_unit_officer,
    representative_of,
)
from tests.workflows.test_browser_pages import fits

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "社区为老助餐服务项目"


def test_a_call_published_applied_for_on_a_phone_refused_to_the_ineligible_and_checked(
    browser, live_server, make_org, minhang, tmp_path
):
    purchasing_unit_officer(name="闵行区民政局", kind=PurchaserKind.BUREAU, jurisdiction=minhang, username="p_officer")
    eligible = make_org(
        name="上海市闵行区邻里互助协会", last_inspection_result="passed", founded_on=datetime.date(2019, 3, 1)
    )
    ineligible = make_org(
        name="上海市闵行区书画研究会",
        last_inspection_result="passed",
        founded_on=datetime.date(2019, 3, 1),
        on_abnormal_list=True,
    )
    representative_of("13700006666", eligible, ineligible)
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(pdf_bytes("plan"))

    # The purchaser drafts the call in the officers' site, sets its criteria (first adding up to 90) and publishes.
    officer = log_in(browser, live_server, "p_officer", PASSWORD, "/workflow/work/")
    officer.click("a:has-text('政府购买服务项目征集')")
    officer.fill("input[name=title]", TITLE)
    officer.select_option("select[name=category]", "elderly")
    officer.fill("textarea[name=description]", "为辖区独居、高龄老人提供助餐送餐服务。")
    officer.fill("input[name=budget]", "300000")
    officer.fill("input[name=max_per_project]", "100000")
    today = timezone.localdate()
    officer.fill("input[name=service_start]", (today + datetime.timedelta(days=60)).isoformat())
    officer.fill("input[name=service_end]", (today + datetime.timedelta(days=420)).isoformat())
    officer.fill("input[name=deadline]", f"{(today + datetime.timedelta(days=20)).isoformat()}T17:00")
    officer.fill("input[name=min_years_registered]", "2")
    officer.fill("input[name=bonus_5A]", "5")
    officer.click("button:has-text('保存草稿')")
    officer.wait_for_selector("#criteria")
    call = ServiceCall.objects.get()
    assert call.status == CallStatus.DRAFT and call.grade_bonus == {"5A": 5}
    names, weights = officer.locator("input[name=criterion_name]"), officer.locator("input[name=criterion_weight]")
    names.nth(0).fill("服务方案")
    weights.nth(0).fill("60")
    names.nth(1).fill("组织能力")
    weights.nth(1).fill("30")
    officer.click("button:has-text('保存评分标准')")
    officer.wait_for_selector("text=评分项权重合计须为100，现为90。")
    assert not call.criteria.exists()
    officer.locator("input[name=criterion_weight]").nth(1).fill("40")
    officer.click("button:has-text('保存评分标准')")
    officer.wait_for_selector("text=已保存评分标准")
    officer.click("button:has-text('发布项目征集')")
    officer.wait_for_selector("text=已发布")
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN

    # The public page of the call shows its criteria and eligibility, on a phone.
    public = phone_page(browser)
    public.goto(f"{live_server.url}/purchase/")
    with public.expect_navigation():
        public.click(f"a:has-text('{TITLE}')")
    public.wait_for_selector("text=服务方案")
    assert "60%" in public.content() and "5A +5<" in public.content() and "成立登记满 2 年" in public.content()
    assert fits_phone(public)

    # The organizations' portal, on a phone: the ineligible one sees why and has no way to apply.
    page = log_in(browser, live_server, "13700006666", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.click("a:has-text('政府购买服务项目申报')")
    blocked = page.locator(f"#call-{call.pk}-org-{ineligible.pk}")
    assert "已列入活动异常名录。" in blocked.inner_text()
    assert blocked.locator("button").count() == 0
    fits(page, "purchase-list", tmp_path, "h1")
    fill_purchase_application(page, call, eligible, plan, budget=(("人员经费", "70000"), ("活动经费", "40000")))
    assert page.inner_text("#budget-total") == "110000.00"
    page.check("input[name=confirm]")
    page.click("button:has-text('提交申报')")  # over the maximum per project: an error, nothing submitted
    page.wait_for_selector("text=超过单个项目资助上限")
    application = PurchaseApplication.objects.get(organization=eligible)
    assert application.status == PurchaseApplicationStatus.DRAFT
    page.locator("input[name=budget_amount]").nth(1).fill("25000")
    page.check("input[name=confirm]")
    page.click("button:has-text('提交申报')")
    page.wait_for_selector("text=已提交申报")
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.SUBMITTED and application.requested_amount == 95000
    assert application.documents.count() == 1
    fits(page, "purchase-application", tmp_path, "h1", "#application-status")
    assert not PurchaseApplication.objects.filter(organization=ineligible).exists()

    # The purchaser claims the eligibility check in the inbox and passes it.
    officer.goto(f"{live_server.url}/workflow/work/")
    with officer.expect_navigation():
        officer.locator("tr", has_text=application.reference).locator("button:has-text('认领')").click()
    officer.goto(f"{live_server.url}/workflow/work/?show=mine")
    with officer.expect_navigation():
        officer.locator("tr", has_text=application.reference).locator("a", has_text="办理").click()
    officer.wait_for_selector("input[name=eligible]")
    assert "系统核对未发现不符合条件的情形" in officer.content()
    officer.check("input[name=eligible][value='1']")
    officer.click("button:has-text('提交资格审查结论')")
    officer.wait_for_url("**/workflow/work/")
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.ELIGIBLE
    page.reload()
    assert "资格审查通过" in page.inner_text("#application-status")
