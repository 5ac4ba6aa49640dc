"""Credit repair (信用修复) in a real browser: the organization applies from its portal on a phone, an officer
decides, and the public record shows the removal (社会组织信用信息管理办法, 民政部令第60号)."""

import pytest
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import CreditEntry, CreditRepair, Organization, RepairStatus
from registry.services.credit import credit_list_add
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes
from tests.workflows.test_browser_pages import fits

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_credit_repair_from_the_portal_to_the_officers_decision_changes_the_public_record(
    browser, live_server, make_org, tmp_path
):
    organization = make_org(name="上海市闵行区邻里互助协会")
    entry = credit_list_add(
        organization=organization, reason_code="unreachable", reason="两次邮寄专用信函至登记住所，均无人签收。"
    )
    representative = confirmed_applicant(
        mobile="13700003333", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    assign_perm("registry.manage_organization", representative, organization)
    inspector = make_officer("b_credit", organization.jurisdiction, OfficerRole.INSPECTOR)
    inspector.set_password(PASSWORD)
    inspector.save()
    evidence = tmp_path / "lease.pdf"
    evidence.write_bytes(pdf_bytes("lease"))

    # The public record before: on the abnormal list.
    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    assert "两次邮寄专用信函至登记住所" in public.content()

    # The organization applies from its portal, on a phone.
    page = log_in(browser, live_server, "13700003333", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('信用记录和信用修复')")
    page.wait_for_selector("button:has-text('申请信用修复')")
    fits(page, "credit-portal", tmp_path, "h1", f"#grounds-{entry.pk}", "button:has-text('申请信用修复')")
    page.set_viewport_size(PHONE)
    # Too short a reason is refused beside the form and saves nothing.
    page.fill(f"#grounds-{entry.pk}", "已改")
    page.click("button:has-text('申请信用修复')")
    page.wait_for_selector(f"#errors-{entry.pk}")
    assert "至少10个字" in page.inner_text(f"#errors-{entry.pk}") and not CreditRepair.objects.exists()
    page.fill(f"#grounds-{entry.pk}", "已迁入新住所并恢复联系，附新住所租赁合同。")
    page.set_input_files(f"#evidence-{entry.pk}", str(evidence))
    page.click("button:has-text('申请信用修复')")
    page.wait_for_selector("text=已提交信用修复申请")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    repair = CreditRepair.objects.get()
    assert repair.status == RepairStatus.PENDING and repair.files.count() == 1
    assert "信用修复申请待审核" in page.content()

    # The officer finds it in the credit-repair list, sees the evidence, and approves it.
    officer = log_in(browser, live_server, "b_credit", PASSWORD, "/workflow/work/")
    officer.click("a:has-text('信用修复')")
    officer.click(f"a:has-text('{repair.number}')")
    officer.wait_for_selector("a:has-text('lease.pdf')")
    officer.check("input[name=approve][value='1']")
    officer.fill("textarea[name=reason]", "经实地核查，已在新住所恢复联系。")
    officer.click("button:has-text('提交审核意见')")
    officer.wait_for_selector("text=已作出决定")
    repair.refresh_from_db()
    entry.refresh_from_db()
    assert repair.status == RepairStatus.APPROVED and entry.removed_on is not None

    # The public record after: off the list, the removal and its reason shown.
    assert not Organization.objects.get(pk=organization.pk).on_abnormal_list
    public.reload()
    assert "经实地核查，已在新住所恢复联系" in public.content()
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The organization sees the decision in its portal.
    page.reload()
    assert "准予移出" in page.content() and not CreditEntry.objects.filter(removed_on__isnull=True).exists()
