"""The sector statistics in a real browser (headless Chromium): a city head opens the page from the workspace,
picks a district and the year, and reads the same figures as counted here, at a desktop and a phone width."""

import datetime

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.utils import timezone

from registry.choices import OfficerRole
from registry.models import Organization
from tests.factories import OrganizationFactory, RegistrationApplicationFactory, ServiceRatingFactory
from tests.workflows.conftest import PASSWORD, log_in, make_officer
from tests.workflows.test_browser_sweep import axe_findings, overflow_findings

pytestmark = pytest.mark.django_db(transaction=True)


def figure(page, chart_key: str, row_label: str, column: int = 1) -> str:
    """The text of one cell of a chart's table, found by its row's label."""
    row = page.locator(f"figure[data-chart={chart_key}] tbody tr", has=page.locator("th", has_text=row_label))
    return row.locator(f"td[data-column='{column}']").inner_text().strip()


def test_a_city_head_reads_a_district_s_figures_at_desktop_and_phone_width(browser, live_server, shanghai, songjiang):
    head = make_officer("city_head", shanghai, OfficerRole.HEAD)
    head.set_password(PASSWORD)
    head.save()
    year = timezone.localdate().year
    Organization.objects.bulk_create(  # enough for a thousands separator
        OrganizationFactory.build(
            name=f"上海市松江区浏览器统计{index}协会",
            jurisdiction=songjiang,
            founded_on=datetime.date(2015, 1, 1),
            uscc=None,
        )
        for index in range(1203)
    )
    OrganizationFactory(name="上海市松江区已注销统计协会", jurisdiction=songjiang, status="deregistered")
    for score in (5, 5, 4, 2):
        ServiceRatingFactory(
            application=RegistrationApplicationFactory(jurisdiction=songjiang, status="completed"), score=score
        )
    registered = len([o for o in Organization.objects.filter(jurisdiction=songjiang) if o.status == "normal"])
    satisfied = len([s for s in (5, 5, 4, 2) if s >= 3])

    signed_in = log_in(browser, live_server, "city_head", PASSWORD, "/workflow/work/")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.add_init_script(AXE_SCRIPT)  # axe-core as bundled by axe-playwright-python: no network
    context.add_cookies(signed_in.context.cookies())
    page = context.new_page()
    page.goto(f"{live_server.url}/workflow/work/")
    page.click("a:has-text('社会组织行业统计')")
    page.wait_for_selector("figure[data-chart=organizations_by_bureau]")
    page.select_option("select[name=bureau]", songjiang.code)
    page.select_option("select[name=year]", str(year))
    with page.expect_navigation():
        page.click("button:has-text('查看')")
    assert figure(page, "organizations_by_bureau", songjiang.name) == f"{registered:,}" == "1,203"
    assert figure(page, "satisfaction", songjiang.name, column=3) == f"{100 * satisfied / 4:.1f}%"
    assert overflow_findings(page) == []
    assert axe_findings(page) == []

    # At a phone's width, as a phone loads it: the same figures, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_timeout(300)
    assert figure(page, "organizations_by_bureau", songjiang.name) == "1,203"
    assert overflow_findings(page) == []
