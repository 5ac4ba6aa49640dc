"""Every page a person, an applicant or a Minhang officer can open, in a real browser at a phone and a desktop width.

The pages come from the URL conf (through test_every_url's scenario and URL list), not from a list kept by hand.
Each page must keep every element inside the viewport, must have no box that scrolls sideways (an intended
horizontally scrolling wrapper included: on a phone it hides columns), and must have no serious or critical
finding of axe-core's WCAG 2.0/2.1 A and AA rules (labels, contrast, names of links and buttons, keyboard).

Viewflow's own pages (its process and task lists, process and task pages, the same for every flow) and the
navigation drawer around every officers' page are drawn by Viewflow's material templates, restyled through the
project's overrides (templates/viewflow/): they are held to the same checks as every other page.
"""

import datetime
import time
from dataclasses import dataclass

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from registry.choices import OrgType
from registry.models import ArchiveRequest, Branch, Jurisdiction
from registry.services.archive_requests import (
    archive_download_token,
    archive_file_documents,
    archive_request_grant,
    archive_request_submit,
    archive_status_token,
)
from registry.services.branches import branch_application_create
from registry.services.purchase_applications import application_save
from tests.factories import ApplicantFactory
from tests.workflows.conftest import PASSWORD, fill_application
from tests.workflows.test_every_url import MISSING, build_scenario, url_for, url_patterns

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})
# Who opens the pages, in order: each page is opened by the first of them that gets it as a page.
VISITORS = ("anonymous", "applicant", "evaluator", "mh_approver", "mh_inspector", "mh_window", "mh_reviewer")
VISITORS += ("mh_evaluator",)
# Pages that exist only with a query, besides the URL conf's own.
EXTRA = {"anonymous": ["/organizations/?q=协会"]}
# The steps of an application being filled in.
DRAFT_STEPS = ("particulars", "people", "documents", "confirm")
# Not pages: files, JSON, charts, the admin site (Django's own).
SKIP_NAMES = ("api_", "health", "admin:")
SERIOUS = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Every element past the right edge of the viewport, every box that scrolls sideways or cuts its content off.
OVERFLOW_JS = """() => {
  const edge = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const past = [], sideways = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || (style.position === 'absolute' && box.width <= 1)) continue;
    if (box.right > edge + 1) past.push(name(el) + ' (' + Math.round(box.right) + 'px)');
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) || style.display.startsWith('inline')) continue;
    // Decoration without content (a button's ripple layer) holds nothing that could be cut off.
    if (!el.textContent.trim() && !el.querySelector('img, svg, input, select, textarea, button')) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      sideways.push(name(el) + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
    }
  }
  return {past, sideways};
}"""


def viewflow_kind(name: str) -> str | None:
    """The page kind of one of Viewflow's own pages, the same for every flow ("work:*:*:detail"); else None.

    Viewflow draws a process list, a task list, a process or a task page of every flow with the same
    template: one flow's page stands for the others, which keeps the sweep short.
    """
    parts = name.split(":")
    if parts[0] != "work" or len(parts) < 3:
        return None
    return ":".join(["work", "*"] + ["*"] * (len(parts) - 3) + [parts[-1]])


@dataclass
class Visit:
    visitor: str
    path: str


def pages_to_visit(scenario) -> tuple[list[Visit], dict]:
    """Every HTML page of the URL conf, each opened by the first visitor who gets it; and the visitors' clients."""
    clients = {}
    for visitor in VISITORS:
        client = Client()
        if visitor != "anonymous":
            client.force_login(scenario["users"][visitor])
        clients[visitor] = client
    visits, seen, kinds = [], set(), set()
    for route, name in url_patterns():
        if name.startswith(SKIP_NAMES) or not name:
            continue
        path = url_for(route, name, scenario)
        kind = viewflow_kind(name)
        if path in seen or (kind is not None and kind in kinds) or str(MISSING) in path:  # MISSING: a 404
            continue
        for visitor, client in clients.items():
            if name.startswith("work:") != visitor.startswith("mh_"):
                continue  # officers' pages by officers, the others by the public, applicants and evaluators
            response = client.get(path)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                visits.append(Visit(visitor, path))
                seen.add(path)
                kinds.add(kind)
                break
    draft = scenario["draft"]
    visits += [Visit("applicant", f"/portal/applications/{draft.pk}/edit/{step}/") for step in DRAFT_STEPS]
    visits += [Visit("applicant", f"/portal/branches/{scenario['branch_draft'].pk}/")]
    visits += [Visit("applicant", f"/portal/purchase/{scenario['purchase_draft'].pk}/")]
    visits += [Visit(visitor, path) for visitor, paths in EXTRA.items() for path in paths]
    visits += [Visit("anonymous", path) for path in scenario.get("by_token", [])]
    return sorted(visits, key=lambda visit: VISITORS.index(visit.visitor)), clients


@pytest.fixture
def swept_site(live_server, settings):
    """The scenario of test_every_url (one applicant's files in every process), with the database search."""
    settings.SEARCH_BACKEND = "database"
    applicant = ApplicantFactory(mobile="13812345678", email="founder@example.org", password=PASSWORD)
    minhang, songjiang = (Jurisdiction.objects.get(code=code) for code in ("310112", "310117"))
    scenario = build_scenario(Client(), applicant, minhang, songjiang)
    # An application still being filled in, for the applicant's steps (people table, uploads).
    scenario["draft"] = fill_application(Client(), applicant, minhang, OrgType.SOCIAL_ASSOCIATION)
    # A branch on the association's public record, and a branch report still being filled in.
    organization = scenario["objects"]["organization"]
    Branch.objects.create(
        organization=organization,
        kind="office",
        sub_kind="联络处",
        name=organization.name + "松江联络处",
        head_name="王芳",
        head_id_number="110101199003070011",
        address="上海市松江区中山路1号",
        business_scope="联络会员",
        set_up_on=datetime.date(2024, 3, 1),
    )
    scenario["branch_draft"] = branch_application_create(organization=organization, by=applicant, kind="set_up")
    # An application to a call still being filled in (budget and team rows, uploads).
    call = scenario["objects"]["purchase_call"]
    scenario["purchase_draft"] = application_save(
        call=call, organization=organization, by=applicant, project_name="邻里互助", budget_lines=[]
    )
    scenario["by_token"] = archive_pages(scenario, applicant)
    return scenario


def archive_pages(scenario, applicant) -> list[str]:
    """An archive request's pages reached by signed token only: its status, its download list, an expired link."""
    organization, window = scenario["objects"]["organization"], scenario["users"]["mh_window"]
    pages = []
    for expired in (False, True):
        archive = archive_request_submit(
            organization=organization, by=applicant, requester_kind="organization", requester_name="李红"
        )
        keys = [document.key for document in archive_file_documents(organization)]
        archive = archive_request_grant(request=archive, by=window, keys=keys)
        if expired:
            ArchiveRequest.objects.filter(pk=archive.pk).update(expires_at=timezone.now())
            archive.refresh_from_db()
        pages += [
            f"/archive/requests/{archive_status_token(archive)}/",
            f"/archive/download/{archive_download_token(archive)}/",
        ]
    return pages


# axe-core (loaded into every page of the context beforehand) on the whole page; only what is needed comes back.
AXE_JS = """options => axe.run(document, options).then(results => results.violations.map(violation => ({
  id: violation.id, impact: violation.impact, targets: violation.nodes.map(node => node.target.join(' ')),
})))"""


def overflow_findings(page) -> list[tuple[str, str]]:
    """(what, where) of each element past the viewport's right edge and each box scrolling sideways.

    After a resize the officers' pages lay their drawer out again from script: give the layout up to 3 s to
    settle before looking (what still overflows then is reported).
    """
    try:
        page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth", timeout=3000)
    except PlaywrightTimeoutError:
        pass
    overflow = page.evaluate(OVERFLOW_JS)
    return [("past the right edge", element) for element in overflow["past"]] + [
        ("scrolls sideways", element) for element in overflow["sideways"]
    ]


def axe_findings(page) -> list[tuple[str, str]]:
    """(what, where) of each serious or critical axe-core finding on the page as it is."""
    return [
        (f"axe {violation['id']}", target)
        for violation in page.evaluate(AXE_JS, AXE_OPTIONS)
        if violation["impact"] in SERIOUS
        for target in violation["targets"]
    ]


def test_every_page_fits_a_phone_and_a_desktop_and_passes_axe(browser, live_server, swept_site):
    """Each page is loaded at the phone width, as a phone loads it, and checked; then widened to the desktop and
    checked again, with axe-core, with every folded panel (<details>) opened so that nothing escapes either check.

    axe-core runs once per page, at the desktop width, where every part of the page is shown (table headings
    are hidden on phones); its rules (labels, names, contrast, keyboard) do not depend on the width.
    """
    visits, clients = pages_to_visit(swept_site)
    assert len(visits) > 40, visits  # the walk found the site's pages
    phone, desktop = VIEWPORTS
    context = browser.new_context(locale="zh-CN", viewport=phone, has_touch=True)
    context.add_init_script(AXE_SCRIPT)  # axe-core as bundled by axe-playwright-python: no network
    page = context.new_page()
    problems, started = [], time.monotonic()
    visitor_now = None
    for visit in visits:
        if visit.visitor != visitor_now:  # the visitor's session cookie
            context.clear_cookies()
            if visit.visitor != "anonymous":
                session = clients[visit.visitor].cookies[django_settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
                )
            visitor_now = visit.visitor
        page.set_viewport_size(phone)
        page.goto(f"{live_server.url}{visit.path}")
        page.evaluate("document.querySelectorAll('details').forEach(panel => { panel.open = true; })")
        found = [(phone, finding) for finding in overflow_findings(page)]
        page.set_viewport_size(desktop)
        found += [(desktop, finding) for finding in overflow_findings(page)]
        found += [(desktop, finding) for finding in axe_findings(page)]
        for viewport, (what, element) in found:
            problems.append(f"{visit.path} ({visit.visitor}, {viewport['width']} px): {what}: {element}")
    elapsed = time.monotonic() - started
    context.close()
    print(f"Swept {len(visits)} pages at {phone['width']} and {desktop['width']} px in {elapsed:.0f} s.")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
