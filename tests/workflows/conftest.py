"""Actors of the registration flow: an applicant and the officers of two bureaus, acting through HTTP."""

import io
import os
import uuid
from decimal import Decimal

import pytest
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import DirectCategory, OfficerRole, OrgType
from registry.models import Evaluator, PurchaserRole, PurchasingUnit, RegistrationApplication
from registry.services.applicants import applicant_confirm, applicant_sign_up, confirmation_token
from registry.services.application_checks import required_documents
from registry.services.purchase_calls import purchaser_member_add
from tests.factories import ApplicantFactory, OfficerFactory, ReviewExpertFactory, UserFactory

PASSWORD = "Apply-2026-pass"
NAMES = {
    OrgType.SOCIAL_ASSOCIATION: "上海市闵行区青年志愿者协会",
    OrgType.SERVICE_AGENCY: "上海市闵行区阳光养老服务中心",
    OrgType.FOUNDATION: "上海市春晖助学基金会",
}
TRADE_NAMES = {OrgType.SOCIAL_ASSOCIATION: "", OrgType.SERVICE_AGENCY: "阳光", OrgType.FOUNDATION: "春晖"}
FUNDS = {
    OrgType.SOCIAL_ASSOCIATION: Decimal("50000"),
    OrgType.SERVICE_AGENCY: Decimal("100000"),
    OrgType.FOUNDATION: Decimal("2000000"),
}


def pdf_bytes(text: str = "charter") -> bytes:
    """A real one-page PDF (an A4 blank page) carrying `text` as its title."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def make_officer(username, jurisdiction, *roles):
    return OfficerFactory(username=username, roles=roles, roles__jurisdiction=jurisdiction, view_register=True)


@pytest.fixture
def bureau(minhang, songjiang):
    """Window, reviewer and approver of Minhang, and a window officer of Songjiang."""
    return {
        "window": make_officer("mh_window", minhang, OfficerRole.WINDOW),
        "reviewer": make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER),
        "approver": make_officer("mh_approver", minhang, OfficerRole.APPROVER),
        "sj_window": make_officer(
            "sj_window", songjiang, OfficerRole.WINDOW, OfficerRole.REVIEWER, OfficerRole.APPROVER
        ),
    }


def confirmed_applicant(**details):
    """Sign up through the service and open the confirmation link, as a new applicant does."""
    return applicant_confirm(token=confirmation_token(applicant_sign_up(**details)))


@pytest.fixture
def city_bureau(shanghai):
    """The Shanghai bureau, province-level, where foundations register; one officer holds every role."""
    officer = make_officer("sh_officer", shanghai, OfficerRole.WINDOW, OfficerRole.REVIEWER, OfficerRole.APPROVER)
    return {"window": officer, "reviewer": officer, "approver": officer}


@pytest.fixture
def applicant(db):
    return ApplicantFactory(mobile="13812345678", email="founder@example.org", password=PASSWORD)


def open_task(application, **extra):
    """The one open human task of the application's current process."""
    return Task.objects.get(
        process__bureauprocess__application=application,
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
        **extra,
    )


def act(client, user, application, data, *, claim=True):
    """As `user`, claim the application's open task and complete it with `data`; return the final response."""
    client.force_login(user)
    task = open_task(application)
    args = [task.process_id, task.pk]
    if claim:
        response = client.post(task.flow_task.reverse("assign", args=args))
        assert response.status_code == 302, response
    response = client.post(task.flow_task.reverse("execute", args=args), data)
    return response


def _trade_name(name, jurisdiction, org_type):
    """The default trade name, or the two characters after the area of a name a test chose."""
    if name is None or not TRADE_NAMES[org_type]:
        return TRADE_NAMES[org_type]
    return name[len(jurisdiction.full_name) :][:2]


def fill_application(client, applicant, jurisdiction, org_type, *, name=None, trade_name=None, skip_document=None):
    """Apply through the portal as the applicant: open, fill each step, upload every document."""
    client.force_login(applicant)
    token = uuid.uuid4()
    response = client.post(
        "/portal/applications/new/",
        {"org_type": org_type, "jurisdiction": jurisdiction.pk, "create_token": token},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = RegistrationApplication.objects.get(create_token=token)
    particulars = {
        "name": name or NAMES[org_type],
        "trade_name": trade_name if trade_name is not None else _trade_name(name, jurisdiction, org_type),
        "domicile": f"{jurisdiction.full_name}莘庄镇莘松路100号",
        "activity_area": jurisdiction.full_name,
        "business_scope": "组织志愿服务；开展培训与交流",
        "registered_funds": str(FUNDS[org_type]),
        "competent_unit": "",
        "direct_category": DirectCategory.CHARITY,
        "individual_members": 60,
        "unit_members": 0,
        "foundation_fundraising": "non_public",
        "contact_phone": "021-64120000",
    }
    response = client.post(f"/portal/applications/{application.pk}/edit/particulars/", particulars)
    assert response.status_code == 302, response.content.decode()[:3000]
    people = {
        "rep-legal_rep_name": "张伟",
        "rep-legal_rep_id_number": "11010519491231002X",
        "officers-TOTAL_FORMS": "2",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "30",
        "officers-0-position": "理事长",
        "officers-0-name": "张伟",
        "officers-0-id_number": "11010519491231002X",
        "officers-1-position": "秘书长",
        "officers-1-name": "王芳",
        "officers-1-id_number": "110101199003070011",
        "officers-1-full_time": "on",
    }
    response = client.post(f"/portal/applications/{application.pk}/edit/people/", people)
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    for requirement in required_documents(application):
        if requirement.code == skip_document:
            continue
        content = png_bytes() if requirement.code == "domicile_proof" else pdf_bytes(requirement.code)
        name = "domicile.png" if requirement.code == "domicile_proof" else f"{requirement.code}.pdf"
        response = client.post(
            f"/portal/applications/{application.pk}/edit/documents/",
            {"requirement": requirement.pk, "file": upload(name, content)},
        )
        assert response.status_code == 302
    application.refresh_from_db()
    return application


# The browser (headless Chromium through playwright) and a live server, for the tests that drive pages in it.

CHROMIUM = os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def live_server(django_db_setup, django_db_blocker):
    """A live server for this module only; its request threads' database sessions end with it.

    Request threads of a keep-alive connection may outlive the server by a moment and hold a
    session open, which would keep the test database from being dropped at the end of the run.
    """
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost:0")
    yield server
    server.stop()
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="module")
def chromium(live_server):
    """Headless Debian Chromium, started once for the module; without it the test fails rather than skips.

    Under playwright's event loop the ORM keeps a database connection of its own. It is closed when the
    browser goes, before the module's live server (started first, so stopped last) ends the stray sessions:
    the live server's teardown then runs on the test's own connection and leaves the next module a live one.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    # Playwright's sync API runs an event loop in this thread; the tests still call the ORM synchronously.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def browser(chromium):
    """The module's Chromium for one test: the contexts (cookies, storage, pages) it opens close after it."""
    yield chromium
    for context in chromium.contexts:
        context.close()


def log_in(browser, live_server, username, password, next_path, *, blocked=None):
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    if blocked is not None:
        page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")
    return page


# The purchase of services in a browser: the world its tests start from, and the phone they check pages on.
PHONE = {"width": 390, "height": 844}
REVIEW_EXPERTS = (("王教授", "expert_wang"), ("李老师", "expert_li"), ("赵研究员", "expert_zhao"))


def fits_phone(page) -> bool:
    """Nothing on the page scrolls sideways at its current width."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def phone_page(browser):
    """An anonymous visitor's page at a phone's size."""
    return browser.new_context(locale="zh-CN", viewport=PHONE).new_page()


def account(username, **extra):
    """A user who logs in with PASSWORD."""
    return UserFactory(username=username, password=PASSWORD, **extra)


def purchasing_unit_officer(*, name, kind, jurisdiction, username):
    """A purchasing unit and its officer (a staff account that logs in with PASSWORD)."""
    unit = PurchasingUnit.objects.create(name=name, kind=kind, jurisdiction=jurisdiction)
    officer = account(username, is_staff=True)
    purchaser_member_add(user=officer, unit=unit, role=PurchaserRole.OFFICER)
    return unit, officer


def representative_of(mobile, *organizations):
    """A confirmed applicant account (陈静) that represents `organizations` on the portal."""
    representative = confirmed_applicant(
        mobile=mobile, password=PASSWORD, real_name="陈静", id_number="11010519491231002X"
    )
    for organization in organizations:
        assign_perm("registry.manage_organization", representative, organization)
    return representative


def evaluator_account(username, *, agency="上海社会组织评估事务所"):
    """A third-party evaluator who logs in with PASSWORD."""
    return Evaluator.objects.create(user=account(username, first_name=username), agency=agency)


@pytest.fixture
def review_experts(db):
    """Three review experts of purchase calls, each logging in with PASSWORD."""
    return [ReviewExpertFactory(name=name, user=account(username)) for name, username in REVIEW_EXPERTS]


def fill_purchase_application(page, call, organization, plan, *, budget, project_name=None):
    """On the portal's call list: open the organization's application to `call`, fill in the plan, beneficiaries,
    the two budget lines of `budget` ((item, amount), (item, amount)), the project lead and the plan document,
    and save the draft."""
    page.locator(f"#call-{call.pk}-org-{organization.pk}").locator("button:has-text('在线申报')").click()
    page.wait_for_selector("textarea[name=plan]")
    if project_name:
        page.fill("input[name=project_name]", project_name)
    page.fill("textarea[name=plan]", "每周五天为120位老人送餐上门，每月探访一次。")
    page.fill("textarea[name=beneficiaries]", "辖区独居、高龄老人")
    page.fill("input[name=beneficiary_count]", "120")
    items, amounts = page.locator("input[name=budget_item]"), page.locator("input[name=budget_amount]")
    for n, (item, amount) in enumerate(budget):
        items.nth(n).fill(item)
        amounts.nth(n).fill(amount)
    page.locator("input[name=team_name]").nth(0).fill("王晓明")
    page.locator("input[name=team_role]").nth(0).fill("项目负责人")
    page.set_input_files("#document_plan", str(plan))
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=已保存草稿")


def record_contract(page, *, number, signed_on, amount, milestones):
    """On the purchaser's project page: record the contract with its milestones ((title, due_on, payment), …)."""
    page.fill("input[name=number]", number)
    page.fill("input[name=signed_on]", signed_on.isoformat())
    page.fill("input[name=amount]", amount)
    for n, (title, due_on, payment) in enumerate(milestones):
        page.fill(f"input[name=m-{n}-title]", title)
        page.fill(f"textarea[name=m-{n}-deliverable]", f"{title}的成果材料")
        page.fill(f"input[name=m-{n}-due_on]", due_on.isoformat())
        page.fill(f"input[name=m-{n}-payment_amount]", payment)
    with page.expect_navigation():
        page.click("button:has-text('登记合同')")
    assert "已登记合同" in page.content()
