"""Incubation (孵化) in a real browser: an officer admits a group to the district's park, logs a training for it
and graduates it as registered, and the base's figures follow; the public list of bases fits a phone."""

import datetime

import pytest

from registry.choices import OfficerRole
from registry.models import Admission, AdmissionStatus, IncubationService
from tests.factories import IncubationBaseFactory
from tests.workflows.conftest import PASSWORD, log_in, make_officer
from tests.workflows.test_browser_pages import fits

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def figure(page, key: str) -> str:
    return page.inner_text(f"#figure-{key}").strip()


def test_an_officer_admits_a_group_logs_a_service_and_graduates_it_as_registered(
    browser, live_server, make_org, minhang, tmp_path
):
    park = IncubationBaseFactory(name="闵行区公益园", jurisdiction=minhang, capacity=1)
    registered = make_org(name="上海市闵行区古美编织服务中心")
    officer = make_officer("mh_incubation", minhang, OfficerRole.REVIEWER)
    officer.set_password(PASSWORD)
    officer.save()
    today = datetime.date.today()

    page = log_in(browser, live_server, "mh_incubation", PASSWORD, "/workflow/work/")
    page.click("a:has-text('孵化基地')")
    page.click("a:has-text('闵行区公益园')")
    page.wait_for_selector("#figures")
    assert (figure(page, "current"), figure(page, "vacancy")) == ("0", "1")

    # Admission: an informal group, with its contact.
    page.fill("#id_admit-group_name", "古美一村编织队")
    page.fill("#id_admit-contact_name", "王芳")
    page.fill("#id_admit-contact_phone", "13800001111")
    page.select_option("#id_admit-field", "culture")
    page.fill("#id_admit-admitted_on", (today - datetime.timedelta(days=20)).isoformat())
    page.fill("#id_admit-planned_graduation_on", (today + datetime.timedelta(days=340)).isoformat())
    page.click("button:has-text('办理入驻')")
    page.wait_for_selector("text=已办理入驻：古美一村编织队")
    assert (figure(page, "current"), figure(page, "vacancy")) == ("1", "0")
    assert figure(page, "admitted").startswith("1")

    # The base is now full: a second group is refused beside the form and nothing is saved.
    page.fill("#id_admit-group_name", "古美二村舞蹈队")
    page.fill("#id_admit-contact_name", "陈静")
    page.fill("#id_admit-contact_phone", "13800002222")
    page.select_option("#id_admit-field", "culture")
    page.fill("#id_admit-admitted_on", today.isoformat())
    page.fill("#id_admit-planned_graduation_on", (today + datetime.timedelta(days=180)).isoformat())
    page.click("button:has-text('办理入驻')")
    page.wait_for_selector("#errors-admit")
    assert "名额已满" in page.inner_text("#errors-admit") and Admission.objects.count() == 1

    # A training of 3.5 hours.
    page.goto(f"{live_server.url}/workflow/work/incubation/{park.pk}/")
    page.select_option("#id_service-admission", label="古美一村编织队")
    page.select_option("#id_service-kind", "training")
    page.fill("#id_service-provided_on", today.isoformat())
    page.fill("#id_service-hours", "3.5")
    page.fill("#id_service-provider", "李老师（社工督导）")
    page.click("button:has-text('记录服务')")
    page.wait_for_selector("text=已记录服务")
    assert figure(page, "hours-1").startswith("3.5")
    assert IncubationService.objects.get().hours == 3.5

    # Graduation as registered, with the organization it became.
    page.select_option("#id_graduate-admission", label="古美一村编织队")
    page.check("input[name='graduate-outcome'][value='registered']")
    page.fill("#id_graduate-graduated_on", today.isoformat())
    page.fill("#id_graduate-outcome_organization", registered.uscc)
    page.click("button:has-text('办理出壳')")
    page.wait_for_selector("text=已办理出壳：古美一村编织队（登记成立）")
    assert (figure(page, "current"), figure(page, "vacancy")) == ("0", "1")
    assert figure(page, "outcome-1").startswith("1")
    assert "上海市闵行区古美编织服务中心" in page.inner_text("#graduated")
    admission = Admission.objects.get()
    assert (admission.status, admission.outcome_organization) == (AdmissionStatus.GRADUATED, registered)
    fits(page, "incubation-base", tmp_path, "#figures", "#graduated")

    # The public list of bases, on a phone: the place is free again.
    public = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    public.goto(f"{live_server.url}/incubation/")
    row = public.locator("tr:has-text('闵行区公益园')")
    assert row.locator("td").nth(3).inner_text().strip() == "1"
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
