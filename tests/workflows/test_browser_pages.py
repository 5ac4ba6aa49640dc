"""Pages in a real browser (headless Chromium) at a desktop and a phone width, and the journeys through them.

Every page checked here is screenshotted at 1366 and 390 px into the test's tmp dir, must not scroll sideways,
and must show its key elements.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole, OrgType
from registry.models import (
    AnnualReport,
    EvaluationApplication,
    EvaluationStatus,
    IndicatorScore,
    Jurisdiction,
    ReportStatus,
)
from registry.search.backends import ElasticsearchBackend
from tests.workflows.conftest import PASSWORD, confirmed_applicant, log_in, make_officer, pdf_bytes
from tests.workflows.test_annual_inspection import FIGURES
from tests.workflows.test_evaluation_flow import act, apply_with_self_assessment, make_evaluator, open_round

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1366, 390)


def fits(page, name, tmp_path, *visible):
    """At each width: screenshot the page, check that nothing scrolls sideways and `visible` elements show."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{name} at {width} px is {overflow[0]} px wide"
        for selector in visible:
            assert page.locator(selector).first.is_visible(), f"{selector} not visible on {name} at {width} px"


def header_fits(page):
    """No header link is squeezed into a column of single characters: each stays on one line."""
    heights = page.eval_on_selector_all("header nav a", "links => links.map(a => a.getBoundingClientRect().height)")
    line = page.eval_on_selector("header nav a", "a => parseFloat(getComputedStyle(a).lineHeight) || 24")
    assert heights and max(heights) <= line * 1.5, heights


def representative(organization, mobile="13700002222"):
    user = confirmed_applicant(mobile=mobile, password=PASSWORD, real_name="陈静", id_number="11010519491231002X")
    assign_perm("registry.manage_organization", user, organization)
    return user


@pytest.fixture
def register(make_org, es_index):
    """An organization in every bureau (one a service agency), indexed on the real node."""
    organizations = [
        make_org(
            name=f"{bureau.full_name}社区公益服务协会",
            jurisdiction=bureau,
            founded_on=datetime.date(1990 + index, 3, 1),
        )
        for index, bureau in enumerate(Jurisdiction.objects.order_by("code"))
    ]
    organizations.append(
        make_org(
            name="上海市闵行区阳光社区服务中心",
            org_type=OrgType.SERVICE_AGENCY,
            founded_on=datetime.date(2019, 9, 9),
        )
    )
    backend = ElasticsearchBackend()
    backend.rebuild(organizations=organizations)
    return organizations


def test_public_pages_fit_a_phone_and_a_desktop(browser, live_server, register, tmp_path):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/")
    fits(page, "home", tmp_path, "header .brand", "input[name=q]")
    header_fits(page)
    page.goto(f"{live_server.url}/organizations/?q=协会")
    fits(page, "search", tmp_path, "input[name=q]", ".facets summary", "tr.result a")
    page.goto(f"{live_server.url}/organizations/{register[0].uscc}/")
    fits(page, "organization", tmp_path, "h1")
    page.goto(f"{live_server.url}/notices/")
    fits(page, "notices", tmp_path, "h1")
    page.goto(f"{live_server.url}/accounts/login/")
    fits(page, "login", tmp_path, "input[name=username]", "input[name=password]", "button[type=submit]")
    page.goto(f"{live_server.url}/accounts/signup/")
    fits(page, "signup", tmp_path, "input[name=real_name]", "button[type=submit]")
    page.goto(f"{live_server.url}/guide/")
    fits(page, "guides", tmp_path, "h1", "main a[href='/guide/establishment/']")
    page.goto(f"{live_server.url}/guide/establishment/")
    fits(page, "guide", tmp_path, "h1", "main a[href='/guide/establishment/form.pdf']")
    page.goto(f"{live_server.url}/progress/")
    fits(page, "progress", tmp_path, "main button[type=submit]")
    page.goto(f"{live_server.url}/complaints/")
    fits(page, "complaint", tmp_path, "input[name=organization]", "textarea", "main button[type=submit]")
    page.goto(f"{live_server.url}/spot-checks/")
    fits(page, "spot-checks", tmp_path, "h1")


def test_search_on_a_phone_shows_cards_and_filters_behind_a_button(browser, live_server, register, tmp_path):
    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/organizations/")
    facet_link = page.locator(".facets a", has_text="社会服务机构")
    assert not facet_link.is_visible()  # folded away until asked for
    results = page.locator("tr.result")
    assert results.first.evaluate("row => getComputedStyle(row).display") == "block"  # a card, not a table row
    name_cell = results.first.locator("td").first
    assert name_cell.evaluate("cell => cell.getBoundingClientRect().width") > 250  # names are not one character wide
    page.click(".facets summary")
    assert facet_link.is_visible()
    facet_link.click()
    page.wait_for_url("**org_type=2**")
    assert page.locator("tr.result").count() == 1
    assert page.locator(".facets").evaluate("panel => panel.open")  # still open for the next choice
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / "search-filtered-390.png"), full_page=True)


def test_facets_list_everything_and_each_choice_comes_off_on_its_own(browser, live_server, register, tmp_path):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/organizations/")
    bureaus = Jurisdiction.objects.order_by("code")
    facets = page.locator(".facets")
    for bureau in bureaus:  # every bureau with organizations, not the first twelve
        assert facets.locator("a", has_text=bureau.name).count() >= 1, bureau.name
    for year in (1990, 1990 + len(bureaus) - 1, 2019):  # every founding year present
        assert facets.locator("a", has_text=str(year)).count() == 1, year

    page.locator(".facets a", has_text="社会服务机构").click()
    page.wait_for_url("**org_type=2**")
    # The other type is still offered, with its count, after one type was chosen.
    association = page.locator(".facets li", has_text="社会团体")
    assert association.locator(".muted").inner_text() == str(len(bureaus))
    page.locator(".facets a", has_text="2019").click()
    page.wait_for_url("**founded_year=2019**")
    chips = page.locator(".chips a")
    assert chips.count() == 2
    page.screenshot(path=str(tmp_path / "search-two-filters-1366.png"), full_page=True)
    chips.filter(has_text="组织类型").click()  # take the type off, keep the year
    page.wait_for_url(lambda url: "org_type" not in url and "founded_year=2019" in url)
    assert page.locator(".chips a").count() == 1
    assert page.locator("tr.result").count() == 1 + sum(1 for b in range(len(bureaus)) if 1990 + b == 2019)


def test_larger_text_is_switched_on_in_the_header_and_kept_on_every_page(browser, live_server, minhang):
    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/guide/")
    root_size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.evaluate(root_size)
    switch = page.locator("header button[data-text-size]")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.focus()
    page.keyboard.press("Enter")  # by keyboard, as by touch
    assert page.evaluate(root_size) >= normal * 1.2
    page.goto(f"{live_server.url}/notices/")  # the next page is drawn large from the start
    assert page.evaluate(root_size) >= normal * 1.2
    assert page.locator("header button[data-text-size]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("header button[data-text-size]").click()
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate(root_size) == normal


def test_notices_are_filtered_by_keyboard_with_the_focus_always_visible(browser, live_server, make_org):
    """A keyboard user skips the header, chooses a kind of notice and searches; every focused control shows a ring."""
    make_org(name="上海市闵行区新设围棋协会", founded_on=timezone.localdate())
    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/notices/")
    # A date field's focused part (year, month or day) is highlighted by the browser itself.
    ring = """() => { const focused = document.activeElement, style = getComputedStyle(focused);
      return focused.type === 'date' || (style.outlineStyle !== 'none' && style.outlineWidth !== '0px'); }"""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文" and page.evaluate(ring)
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # from the main region, the first control of the page's content
    while page.evaluate("document.activeElement.tagName") != "SUMMARY":  # the filters, folded on a phone
        assert page.evaluate(ring), page.evaluate("document.activeElement.outerHTML")
        page.keyboard.press("Tab")
    assert page.evaluate(ring)
    page.keyboard.press("Enter")
    while page.evaluate("document.activeElement.name") != "kind":
        assert page.evaluate(ring), page.evaluate("document.activeElement.outerHTML")
        page.keyboard.press("Tab")
    page.select_option("select[name=kind]", "establishment")  # the browser's own list, the focus stays on it
    while page.evaluate("document.activeElement.textContent") != "查询":
        page.keyboard.press("Tab")
        assert page.evaluate(ring), page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Enter")
    page.wait_for_url("**kind=establishment**")
    assert page.locator(".notice-item h2").all_inner_texts() == ["上海市闵行区新设围棋协会"]


def test_the_language_switcher_goes_both_ways_on_the_same_page(browser, live_server, register):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/organizations/?q=协会")
    labels = page.locator("select[name=language] option").all_inner_texts()
    assert labels == ["简体中文", "English"]  # each language in its own words, never 英语
    page.select_option("select[name=language]", "en")
    page.wait_for_url("**/en/organizations/**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("select[name=language] option").all_inner_texts() == ["简体中文", "English"]
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_url(lambda url: "/en/" not in url and "/organizations/" in url)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "查询社会组织" in page.content()


def test_the_annual_report_is_filled_uploaded_first_and_submitted(browser, live_server, make_org, tmp_path):
    organization = make_org(name="上海市闵行区年检示范协会", founded_on=datetime.date(2020, 3, 1))
    representative(organization)
    make_officer("b_inspector", organization.jurisdiction, OfficerRole.INSPECTOR)
    call_command("open_annual_inspection", year=2025)
    report = AnnualReport.objects.get(organization=organization, year=2025)
    audit = tmp_path / "audit.pdf"
    audit.write_bytes(pdf_bytes("audit"))

    page = log_in(browser, live_server, "13700002222", PASSWORD, "/portal/")
    fits(page, "portal", tmp_path, "h1", "header nav a")
    header_fits(page)
    page.goto(f"{live_server.url}/portal/annual/{report.pk}/")
    fits(page, "annual", tmp_path, "textarea[name=activities]", "input[name=audit]", "button[value=review]")
    header_fits(page)
    for name, value in FIGURES.items():
        page.fill(f"[name={name}]", value)
    # The audit report goes up before the figures were saved: what was typed stays, and is saved with it.
    page.set_input_files("input[name=audit]", str(audit))
    page.click("button[value=upload]")
    page.wait_for_selector("text=已上传：audit.pdf")
    assert page.input_value("textarea[name=activities]") == FIGURES["activities"]
    assert page.input_value("input[name=income]") == FIGURES["income"]
    page.click("button:has-text('报送年度工作报告')")
    page.click("button:has-text('确认报送')")
    page.wait_for_selector("text=已报送年度工作报告。")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.income == Decimal(FIGURES["income"])
    fits(page, "annual-submitted", tmp_path, "text=年度工作报告已报送。")


def test_on_a_phone_submitting_the_annual_report_sends_what_is_on_screen(browser, live_server, make_org, tmp_path):
    """Edits typed after the last save are listed for confirmation and are what is submitted, then stay readable."""
    organization = make_org(name="上海市闵行区年检示范协会", founded_on=datetime.date(2020, 3, 1))
    representative(organization)
    make_officer("b_inspector", organization.jurisdiction, OfficerRole.INSPECTOR)
    call_command("open_annual_inspection", year=2025)
    report = AnnualReport.objects.get(organization=organization, year=2025)
    audit = tmp_path / "audit.pdf"
    audit.write_bytes(pdf_bytes("audit"))

    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/annual/{report.pk}/")
    page.fill("input[name=username]", "13700002222")
    page.fill("input[name=password]", PASSWORD)
    page.tap("button[type=submit]")
    page.wait_for_url(f"**/portal/annual/{report.pk}/")
    for name, value in FIGURES.items():
        page.fill(f"[name={name}]", value)
    page.set_input_files("input[name=audit]", str(audit))
    page.tap("button[value=upload]")  # saves the draft with the audit report
    page.wait_for_selector("text=已上传：audit.pdf")
    # Typed after the last save, never saved by hand.
    page.fill("textarea[name=activities]", "举办社区读书会24次，服务居民5000人次。")
    page.fill("input[name=events_held]", "24")
    page.tap("button:has-text('报送年度工作报告')")
    confirmation = page.locator("#confirm-report")
    confirmation.wait_for()
    assert "举办社区读书会24次" in confirmation.inner_text() and "audit.pdf" in confirmation.inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN  # nothing is sent before the confirmation
    page.tap("button:has-text('确认报送')")
    page.wait_for_selector("text=已报送年度工作报告。")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.activities == "举办社区读书会24次，服务居民5000人次。" and report.events_held == 24
    # The submitted report stays readable, and nothing on the page can change it.
    assert "举办社区读书会24次" in page.locator("dl.summary").inner_text()
    assert page.locator("main textarea, main input[type=number], main button[value=submit]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def evaluation(make_org):
    """An organization of two years' standing and an open evaluation round of its bureau."""
    organization = make_org(name="上海市闵行区社区公益服务协会", founded_on=datetime.date(2019, 4, 1))
    user = representative(organization)
    manager = make_officer("b_evaluation", organization.jurisdiction, OfficerRole.EVALUATOR)
    return organization, user, manager, open_round(manager)


def test_the_evaluation_application_keeps_typed_scores_and_is_submitted(browser, live_server, evaluation, tmp_path):
    organization, _user, _manager, _round = evaluation
    page = log_in(browser, live_server, "13700002222", PASSWORD, "/portal/evaluation/")
    page.click("button:has-text('申请评估')")
    page.wait_for_selector("text=自评报告")
    application = EvaluationApplication.objects.get(organization=organization)
    scores = list(application.scores.select_related("indicator"))
    fits(page, "evaluation", tmp_path, "textarea[name=summary]", f"input[name=points_{scores[0].indicator_id}]")
    for score in scores:
        page.fill(f"input[name=points_{score.indicator_id}]", str(score.indicator.max_points))
    bad = scores[1]
    page.fill(f"input[name=points_{bad.indicator_id}]", str(bad.indicator.max_points + 5))
    page.fill("textarea[name=summary]", "本会章程健全，理事会按期换届，财务制度完善，服务社区居民。")
    page.click("button:has-text('保存自评')")
    error = page.locator(f"#points_{bad.indicator_id}_error")
    assert f"超过该项满分 {bad.indicator.max_points} 分" in error.inner_text()
    # Nothing was saved, and everything typed is still there to correct.
    assert not IndicatorScore.objects.filter(application=application, self_points__isnull=False).exists()
    assert page.input_value(f"input[name=points_{scores[0].indicator_id}]") == str(scores[0].indicator.max_points)
    assert page.input_value("textarea[name=summary]").startswith("本会章程健全")
    page.screenshot(path=str(tmp_path / "evaluation-refused-390.png"), full_page=True)
    page.fill(f"input[name=points_{bad.indicator_id}]", str(bad.indicator.max_points))
    page.click("button:has-text('保存自评')")
    page.wait_for_selector("text=已保存自评。")
    page.click("button:has-text('提交评估申请')")
    page.wait_for_selector("text=已提交评估申请，请等待资格审核。")
    application.refresh_from_db()
    assert application.status == EvaluationStatus.SUBMITTED


def test_an_invalid_score_on_the_evaluators_sheet_keeps_the_others(browser, live_server, evaluation, tmp_path):
    organization, user, manager, evaluation_round = evaluation
    application = apply_with_self_assessment(user, evaluation_round, organization)
    expert, colleague = make_evaluator("b_expert"), make_evaluator("b_expert2")
    expert.user.set_password(PASSWORD)
    expert.user.save()
    act(manager, application, {"eligible": "1", "note": "符合条件。"})
    act(manager, application, {"evaluators": [expert.pk, colleague.pk], "leader": expert.pk})

    page = log_in(browser, live_server, "b_expert", PASSWORD, f"/portal/evaluating/{application.pk}/")
    scores = list(application.scores.select_related("indicator"))
    fits(page, "scoring", tmp_path, f"input[name=points_{scores[0].indicator_id}]", "textarea[name=team_summary]")
    for score in scores:
        page.fill(f"input[name=points_{score.indicator_id}]", str(score.indicator.max_points))
    bad = scores[2]
    page.fill(f"input[name=points_{bad.indicator_id}]", "-1")
    page.fill(f"input[name=note_{scores[0].indicator_id}]", "档案完整")
    page.fill("textarea[name=team_summary]", "内部治理规范，服务成效明显。")
    page.click("button:has-text('保存评分')")
    error = page.locator(f"#points_{bad.indicator_id}_error")
    assert "不能为负数" in error.inner_text()
    assert not IndicatorScore.objects.filter(application=application, team_points__isnull=False).exists()
    assert page.input_value(f"input[name=points_{scores[0].indicator_id}]") == str(scores[0].indicator.max_points)
    assert page.input_value(f"input[name=note_{scores[0].indicator_id}]") == "档案完整"
    assert page.input_value("textarea[name=team_summary]") == "内部治理规范，服务成效明显。"
    page.fill(f"input[name=points_{bad.indicator_id}]", str(bad.indicator.max_points))
    page.click("button:has-text('保存评分')")
    page.wait_for_selector("text=已保存评分。")
    assert IndicatorScore.objects.filter(application=application, team_points__isnull=True).count() == 0
