"""Decoupling (脱钩) in a real browser: an industry association submits the evidence of the five separations from its
portal on a 390 px phone; an officer verifies them item by item, returning one that the association then
resubmits; the public record shows the association as decoupled only after the fifth is verified."""

import pytest
from guardian.shortcuts import assign_perm

from registry.choices import DirectCategory, OfficerRole
from registry.models import Decoupling, DecouplingItem
from registry.rules.decoupling import Separation
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes
from tests.workflows.test_browser_pages import fits

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_association_is_decoupled_only_after_the_fifth_item_is_verified(browser, live_server, make_org, tmp_path):
    association = make_org(name="上海市闵行区餐饮行业协会", direct_category=DirectCategory.INDUSTRY)
    representative = confirmed_applicant(
        mobile="13700004444", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", representative, association)
    inspector = make_officer("b_decouple", association.jurisdiction, OfficerRole.INSPECTOR)
    inspector.set_password(PASSWORD)
    inspector.save()
    evidence = tmp_path / "resolution.pdf"
    evidence.write_bytes(pdf_bytes("resolution"))

    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/organizations/{association.uscc}/")
    assert "已核实 0 / 5 项" in public.inner_text("#decoupling-status")

    # The association submits the five items from its portal, on a phone.
    page = log_in(browser, live_server, "13700004444", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('与行政机关脱钩')")
    page.wait_for_selector("#item-institution button:has-text('提交材料')")
    fits(page, "decoupling-portal", tmp_path, "h1", "#description-institution", "#item-institution button")
    page.set_viewport_size(PHONE)
    # Without a document the item is refused beside its form, and nothing is submitted.
    page.fill("#description-institution", "已取消与区商务委员会的主管关系，改为直接登记。")
    page.click("#item-institution button:has-text('提交材料')")
    page.wait_for_selector("#errors-institution")
    assert "证明材料" in page.inner_text("#errors-institution")
    assert not DecouplingItem.objects.filter(status="submitted").exists()
    for separation in Separation.values:
        page.fill(f"#description-{separation}", "已按总体方案完成该项分离，附理事会决议和相关文件。")
        page.set_input_files(f"#evidence-{separation}", str(evidence))
        page.click(f"#item-{separation} button:has-text('提交材料')")
        page.wait_for_selector("text=等待登记管理机关核实")
        assert "材料已提交" in page.inner_text(f"#item-{separation} .status")
        no_sideways_scroll(page)
    assert DecouplingItem.objects.filter(status="submitted").count() == 5

    # The officer opens the progress list and the association, and decides item by item.
    officer = log_in(browser, live_server, "b_decouple", PASSWORD, "/workflow/work/")
    officer.click("a:has-text('行业协会商会脱钩')")
    officer.click("a:has-text('上海市闵行区餐饮行业协会')")
    officer.wait_for_selector("#item-assets a:has-text('resolution.pdf')")
    assets = DecouplingItem.objects.get(separation="assets")
    officer.fill(f"#return-{assets.pk}", "缺少独立银行账户的开户许可证。")
    officer.click("#item-assets button:has-text('退回')")
    officer.wait_for_selector("text=已退回：资产财务分离")
    for count, separation in enumerate(["institution", "functions", "personnel", "party_affairs"], start=1):
        officer.click(f"#item-{separation} button:has-text('核实通过')")
        officer.wait_for_selector(f"#item-{separation} .status:has-text('已核实')")
        assert f"已核实 {count} / 5 项" in officer.inner_text("#decoupling-state")
    assert Decoupling.objects.get().decoupled_on is None
    public.reload()
    status = public.inner_text("#decoupling-status")
    assert "已核实 4 / 5 项" in status and "已脱钩" not in status

    # The association sees the return and resubmits the item, with one more document.
    page.reload()
    assert "缺少独立银行账户的开户许可证" in page.inner_text("#item-assets")
    page.fill("#description-assets", "已开立独立基本存款账户，附开户许可证和财务制度。")
    page.set_input_files("#evidence-assets", str(evidence))
    page.click("#item-assets button:has-text('重新提交')")
    page.wait_for_selector("text=等待登记管理机关核实")
    no_sideways_scroll(page)

    # The fifth verification decouples the association.
    officer.reload()
    officer.click("#item-assets button:has-text('核实通过')")
    officer.wait_for_selector("#decoupling-state:has-text('已脱钩')")
    record = Decoupling.objects.get()
    assert record.decoupled_on is not None
    public.reload()
    text = public.inner_text("#decoupling-status")
    assert "已脱钩" in text and f"{record.decoupled_on.year}" in text
    no_sideways_scroll(public)
