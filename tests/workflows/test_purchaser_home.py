"""One home for a purchasing unit's staff: after login a purchaser without an officer's account lands on the unit's
calls, which lead to its contracts; an officer who acts for a unit finds both on the inbox and in the
navigation; the contracts page leads back to the calls."""

import pytest
from django.test import Client

from registry.choices import OfficerRole
from registry.models import MilestoneStatus, ProjectMilestone, PurchaserKind, PurchaserRole
from registry.services import purchase_calls as calls
from tests.factories import OfficerFactory, PurchasingUnitFactory, ServiceProjectFactory, UserFactory
from tests.workflows.conftest import PASSWORD, log_in, make_officer
from tests.workflows.test_browser_sweep import VIEWPORTS, overflow_findings

PHONE, DESKTOP = VIEWPORTS


def street_purchaser(username="xz_purchaser"):
    """A street office's purchasing staff member: no officer's account (not staff), a project to contract."""
    project = ServiceProjectFactory(application__call__title="莘庄镇社区助老服务")
    user = UserFactory(username=username, is_staff=False)
    user.set_password(PASSWORD)
    user.save()
    calls.purchaser_member_add(user=user, unit=project.unit, role=PurchaserRole.OFFICER)
    return user, project


@pytest.mark.django_db
def test_a_purchaser_without_an_officers_account_lands_on_the_units_calls_and_contracts():
    user, project = street_purchaser()
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/workflow/work/purchase/calls/"
    page = client.get("/workflow/work/purchase/calls/").content.decode()
    assert 'href="/portal/delivery/"' in page and project.unit.name in page
    assert "待登记合同 1 项" in page and "待验收里程碑 0 个" in page
    contracts = client.get("/portal/delivery/").content.decode()
    assert project.title in contracts and 'href="/workflow/work/purchase/calls/"' in contracts


@pytest.mark.django_db
def test_an_explicit_next_page_still_wins_and_others_land_as_before(applicant):
    user, _project = street_purchaser()
    client = Client()
    response = client.post("/accounts/login/?next=/portal/delivery/", {"username": user.username, "password": PASSWORD})
    assert response["Location"] == "/portal/delivery/"
    applicant.set_password(PASSWORD)
    applicant.save()
    response = Client().post("/accounts/login/", {"username": applicant.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] != "/workflow/work/purchase/calls/"


@pytest.mark.django_db
def test_an_officer_acting_for_the_bureaus_unit_sees_calls_and_contracts_on_the_inbox(minhang):
    PurchasingUnitFactory(name="闵行区民政局", kind=PurchaserKind.BUREAU, jurisdiction=minhang)
    officer = make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER)
    client = Client()
    client.force_login(officer)
    page = client.get("/workflow/work/").content.decode()
    assert 'id="purchaser-work"' in page and "闵行区民政局" in page
    assert page.count('href="/portal/delivery/"') == 2  # the inbox's purchaser card and the navigation
    # An officer who acts for no unit gets neither.
    other = OfficerFactory(
        username="mh_unit",
        roles=[OfficerRole.UNIT],
        roles__jurisdiction=minhang,
        roles__unit_name="上海市闵行区教育局",
        view_register=True,
    )
    client.force_login(other)
    page = client.get("/workflow/work/").content.decode()
    assert 'id="purchaser-work"' not in page and 'href="/portal/delivery/"' not in page


@pytest.mark.django_db
def test_the_workload_counts_reports_waiting_for_acceptance(minhang):
    user, project = street_purchaser()
    project.status = "contracted"
    project.save(update_fields=["status"])
    ProjectMilestone.objects.create(
        project=project,
        order=1,
        title="需求评估",
        deliverable="报告",
        due_on=project.service_start,
        payment_amount=1,
        status=MilestoneStatus.REPORTED,
    )
    client = Client()
    client.force_login(user)
    page = client.get("/workflow/work/purchase/calls/").content.decode()
    assert "待登记合同 0 项" in page and "实施中 1 项" in page and "待验收里程碑 1 个" in page


@pytest.mark.django_db(transaction=True)
def test_browser_a_purchaser_logs_in_and_reaches_the_contracts_from_a_phone(browser, live_server):
    user, project = street_purchaser()
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith("/workflow/work/purchase/calls/")
    assert not overflow_findings(page), overflow_findings(page)
    with page.expect_navigation():
        page.click("a:has-text('购买服务项目合同和验收')")
    assert project.title in page.inner_text("main")
    assert not overflow_findings(page), overflow_findings(page)
    with page.expect_navigation():
        page.click("a:has-text('返回本单位的项目征集')")
    assert page.url.endswith("/workflow/work/purchase/calls/")


@pytest.mark.django_db(transaction=True)
def test_browser_an_officer_reaches_the_contracts_from_the_navigation(browser, live_server, minhang):
    PurchasingUnitFactory(name="闵行区民政局", kind=PurchaserKind.BUREAU, jurisdiction=minhang)
    officer = make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER)
    officer.set_password(PASSWORD)
    officer.save()
    page = log_in(browser, live_server, "mh_reviewer", PASSWORD, "/workflow/work/")
    page.set_viewport_size(DESKTOP)
    with page.expect_navigation():
        page.click("nav.vf-toolbar-links a:has-text('合同和验收')")
    assert page.url.endswith("/portal/delivery/") and "购买服务项目实施" in page.inner_text("h1")
