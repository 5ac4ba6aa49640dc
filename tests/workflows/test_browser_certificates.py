"""Certificate renewal and replacement, archive requests and the annual report's disclosure, in a real browser:
from the portal or the public form, through the officer's step, to the public record and the verification page."""

import datetime
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from registry.choices import OfficerRole
from registry.models import ArchiveDownload, ArchiveRequest, Certificate, CertificateApplication, CertificateStatus
from registry.services.annual import report_attach_audit
from registry.services.certificates import issue_registration_certificates, signed_token
from tests.factories import AnnualReportFactory
from tests.workflows.conftest import PASSWORD, log_in, make_officer, pdf_bytes, upload
from tests.workflows.test_browser_pages import representative
from workflows.flows.annual_inspection.services import annual_processes_start, annual_report_submit

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def officer(username, jurisdiction, *roles):
    user = make_officer(username, jurisdiction, *roles)
    user.set_password(PASSWORD)
    user.save()
    return user


def claim_and_open(browser, live_server, username, reference):
    """Log in as `username`, claim the task of `reference` in the inbox and open it."""
    page = log_in(browser, live_server, username, PASSWORD, "/workflow/work/")
    with page.expect_navigation():
        page.locator("tr", has_text=reference).locator("button:has-text('认领')").click()
    page.goto(f"{live_server.url}/workflow/work/?show=mine")
    page.locator("tr", has_text=reference).locator("a", has_text="办理").click()
    page.wait_for_selector("form[novalidate] button[type=submit]")
    return page


def issued(organization, issued_on):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return issue_registration_certificates(organization=organization, issued_on=issued_on)


def test_lost_certificate_replaced_from_the_portal_and_its_qr_code_says_void(browser, live_server, make_org):
    organization = make_org(name="上海市闵行区邻里守望协会")
    old_original, _old_duplicate = issued(organization, timezone.localdate() - datetime.timedelta(days=400))
    representative(organization)
    officer("c_window", organization.jurisdiction, OfficerRole.WINDOW)

    page = log_in(browser, live_server, "13700002222", PASSWORD, "/portal/")
    page.set_viewport_size(PHONE)
    page.click("a:has-text('证书换发和补领')")
    page.select_option("select[name=copy]", "original")
    page.check("input[name=cause][value=lost]")
    page.fill("textarea[name=loss_statement]", "上海市闵行区邻里守望协会不慎遗失登记证书正本，声明作废。")
    page.click("button:has-text('申请补领证书')")
    page.wait_for_selector("text=已提交证书补领申请")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    application = CertificateApplication.objects.get()

    task = claim_and_open(browser, live_server, "c_window", application.reference)
    assert "不慎遗失登记证书正本" in task.content()
    task.check("input[name=decision][value=issue]")
    task.click("button:has-text('提交')")
    task.wait_for_selector("text=已发证")
    application.refresh_from_db()
    assert application.status == "done"

    # The old QR code: void, naming the replacement, which verifies as valid.
    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/verify/{signed_token(old_original)}/")
    assert "已声明作废" in public.content()
    public.click(f"a:has-text('{application.issued_number}')")
    public.wait_for_selector("text=证书真实有效")
    # The loss statement on the organization's public page.
    public.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    assert "不慎遗失登记证书正本，声明作废" in public.content()
    assert Certificate.objects.get(pk=old_original.pk).status == CertificateStatus.VOIDED

    # The organization reads the decision in its portal.
    page.reload()
    with page.expect_response(lambda response: "decision.pdf" in response.url) as decision:
        page.click("a:has-text('下载决定书（PDF）')")
    assert decision.value.status == 200 and decision.value.headers["content-type"] == "application/pdf"


def test_renewal_on_application_from_the_portal_to_the_new_certificate(browser, live_server, make_org):
    organization = make_org(name="上海市闵行区社区睦邻协会")
    # The validity ends in 60 days: inside the 90-day window.
    start = timezone.localdate().replace(year=timezone.localdate().year - 5) + datetime.timedelta(days=61)
    old_original, _old_duplicate = issued(organization, start)
    representative(organization)
    officer("r_window", organization.jurisdiction, OfficerRole.WINDOW)

    page = log_in(browser, live_server, "13700002222", PASSWORD, "/portal/certificates/")
    page.set_viewport_size(PHONE)
    page.click("button:has-text('申请换发证书')")
    page.wait_for_selector("text=已提交证书换发申请")
    application = CertificateApplication.objects.get()

    task = claim_and_open(browser, live_server, "r_window", application.reference)
    task.check("input[name=decision][value=issue]")
    task.click("button:has-text('提交')")
    task.wait_for_selector("text=已发证")

    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/verify/{signed_token(old_original)}/")
    assert "此证书已换发新证" in public.content()
    public.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    application.refresh_from_db()
    new_until = Certificate.objects.get(number=application.issued_number, copy="original").valid_until
    assert new_until.year == timezone.localdate().year + 5 and application.issued_number in public.content()


def test_an_expired_certificate_shows_as_expired_on_the_verification_page(browser, live_server, make_org):
    organization = make_org(name="上海市闵行区过期证书协会")
    original, _duplicate = issued(organization, datetime.date(2015, 6, 1))
    page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/verify/{signed_token(original)}/")
    assert "此证书已超过有效期" in page.content() and "证书真实有效" not in page.content()
    page.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    assert "已过期" in page.content()


def test_passing_the_inspection_publishes_the_report_and_renews_the_certificate(
    browser, live_server, make_org, settings
):
    settings.REGISTRY = {**settings.REGISTRY, "CERTIFICATE_RENEWAL_BY_BUREAU": "310112:inspection"}
    organization = make_org(name="上海市闵行区年报公开协会")
    year = timezone.localdate().year - 1
    # Valid until this year: the inspection held this year (of last year's report) renews it.
    old_original, _old_duplicate = issued(organization, datetime.date(year - 4, 12, 31))
    user = representative(organization)
    report = AnnualReportFactory(
        organization=organization,
        year=year,
        activities="全年开展邻里互助活动二十四次，服务居民三千人次。",
        income=Decimal("1250000.00"),
        expenditure=Decimal("980000.50"),
        total_assets=Decimal("800000.00"),
        total_liabilities=Decimal("100000.00"),
        net_assets=Decimal("700000.00"),
        staff_count=3,
    )
    annual_processes_start(report_ids=[report.pk])
    report_attach_audit(report=report, uploaded=upload("audit.pdf", pdf_bytes("audit")), by=user)
    annual_report_submit(report=report, by=user)
    officer("i_inspector", organization.jurisdiction, OfficerRole.INSPECTOR)

    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/organizations/{organization.uscc}/")
    assert "全年开展邻里互助活动" not in public.content()  # not before the bureau concludes

    task = claim_and_open(browser, live_server, "i_inspector", report.reference)
    task.check("input[name=result][value=passed]")
    task.fill("textarea[name=reason]", "材料齐全，财务规范。")
    task.check("input[name=confirm]")
    task.click("button:has-text('提交年检结论')")
    task.wait_for_url("**/workflow/work/")

    public.reload()
    content = public.content()
    assert "年度工作报告公开" in content and "全年开展邻里互助活动二十四次" in content
    assert "1,250,000.00" in content and "980,000.50" in content and "700,000.00" in content
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    renewal = CertificateApplication.objects.get(organization=organization)
    assert renewal.automatic and renewal.issued_number in content
    public.goto(f"{live_server.url}/verify/{signed_token(old_original)}/")
    assert "此证书已换发新证" in public.content()


def test_a_courts_archive_request_from_the_public_form_to_the_expiring_download(
    browser, live_server, make_org, tmp_path
):
    organization = make_org(name="上海市闵行区档案查询协会")
    issued(organization, timezone.localdate() - datetime.timedelta(days=30))
    officer("a_window", organization.jurisdiction, OfficerRole.WINDOW)
    proof = tmp_path / "order.pdf"
    proof.write_bytes(pdf_bytes("order"))

    page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/archive/")
    page.fill("input[name=uscc]", organization.uscc)
    page.select_option("select[name=requester_kind]", "court")
    page.fill("input[name=requester_name]", "李法官")
    page.fill("input[name=requester_unit]", "上海市闵行区人民法院")
    page.fill("input[name=requester_phone]", "02164000000")
    page.fill("input[name=case_reference]", "（2026）沪0112民初88号")
    page.fill("textarea[name=grounds]", "审理合同纠纷案件，需调取被告的登记档案。")
    # Without the proof the request is refused beside the form and nothing is saved.
    page.click("button:has-text('提交查询申请')")
    page.wait_for_selector("text=请上传证明文件")
    assert not ArchiveRequest.objects.exists()
    page.set_input_files("input[name=proof]", str(proof))
    page.click("button:has-text('提交查询申请')")
    page.wait_for_selector("text=请保存本页地址")
    status_url = page.url
    archive = ArchiveRequest.objects.get()

    task = claim_and_open(browser, live_server, "a_window", archive.reference)
    assert "（2026）沪0112民初88号" in task.content()
    task.check("input[name=decision][value=grant]")
    task.locator("input[name=documents]").first.check()
    task.click("button:has-text('提交')")
    task.wait_for_selector("text=已同意查询")

    page.goto(status_url)
    page.click("a:has-text('下载档案材料')")
    page.wait_for_selector("text=全部下载（ZIP）")
    download_url = page.url
    with page.expect_download() as download:
        page.click("a:has-text('全部下载（ZIP）')")
    assert download.value.suggested_filename == f"{archive.reference}.zip"
    assert ArchiveDownload.objects.filter(request=archive).count() == 1

    # After the set days the link says it has expired, in the visitor's language, and serves nothing.
    ArchiveRequest.objects.filter(pk=archive.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    page.goto(download_url)
    assert "下载链接已过期" in page.content()
    page.goto(download_url.replace(live_server.url, f"{live_server.url}/en"))
    assert "Download link expired" in page.content()
    assert ArchiveDownload.objects.filter(request=archive).count() == 1
