"""Sign-up by code, password reset and the receipt's query code in a real browser, on a phone (390 px) and a desktop.

Each journey clicks the buttons a person clicks; every page on the way must not scroll sideways.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from registry.choices import OrgType
from registry.sms import MemorySmsBackend
from tests.workflows.conftest import PASSWORD, confirmed_applicant, fill_application, log_in
from tests.workflows.test_browser_pages import fits

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def text_messages(settings):
    settings.SMS_BACKEND = "registry.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    cache.clear()


def last_code(mobile):
    texts = [text for number, text in MemorySmsBackend.outbox if number == mobile]
    return re.search(r"验证码 (\d{6})", texts[-1]).group(1)


def no_sideways_scroll(page, name):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name} is {width[0]} px wide at {width[1]} px"


def phone(browser):
    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    return page


def test_sign_up_with_the_code_from_a_text_message(browser, live_server, minhang, tmp_path):
    page = phone(browser)
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=mobile]", "13700001313")
    page.fill("input[name=real_name]", "陈静")
    page.fill("input[name=id_number]", "11010519491231002X")
    page.fill("input[name=password]", "Apply-2026-pass")
    page.fill("input[name=password_again]", "Apply-2026-pass")
    page.click("main button[type=submit]")
    page.wait_for_selector("input[name=code]")
    no_sideways_scroll(page, "signup code")
    page.fill("input[name=code]", last_code("13700001313"))
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/applications/")
    no_sideways_scroll(page, "applications")


def test_reset_a_forgotten_password_with_a_code(browser, live_server, minhang, tmp_path):
    confirmed_applicant(mobile="13700001414", password=PASSWORD, real_name="陈静", id_number="11010519491231002X")
    MemorySmsBackend.outbox.clear()
    page = phone(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("main a[href='/accounts/password/reset/']")
    page.wait_for_url("**/accounts/password/reset/")
    fits(page, "password-reset", tmp_path, "input[name=contact]", "main button[type=submit]")
    page.fill("input[name=contact]", "13700001414")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/password/reset/code/")
    fits(page, "password-reset-code", tmp_path, "input[name=code]", "input[name=password]", "main button[type=submit]")
    page.fill("input[name=code]", last_code("13700001414"))
    page.fill("input[name=password]", "New-pass-2026-x")
    page.fill("input[name=password_again]", "New-pass-2026-x")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/login/")
    page.fill("input[name=username]", "13700001414")
    page.fill("input[name=password]", "New-pass-2026-x")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_a_new_query_code_opens_the_progress_page(browser, live_server, minhang, tmp_path):
    applicant = confirmed_applicant(
        mobile="13700001515", password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    client = Client()
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    application.refresh_from_db()
    page = log_in(browser, live_server, "13700001515", PASSWORD, f"/portal/applications/{application.pk}/receipt/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("main form button[type=submit]")  # 生成新的查询码
    code = page.locator("#query-code").inner_text()
    no_sideways_scroll(page, "receipt")
    page.goto(f"{live_server.url}/progress/?number={application.reference}")
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=已提交，待受理")
    assert "code=" not in page.url
    no_sideways_scroll(page, "progress")
