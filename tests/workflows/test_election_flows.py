"""Leadership services walked through HTTP: portal → officer's step → the register and the public record."""

import datetime
import io

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pypdf import PdfReader
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry import signing
from registry.choices import OfficerRole
from registry.models import (
    Election,
    ExtensionStatus,
    FilingStatus,
    OfficerFiling,
    OrganizationOfficer,
    Rectification,
    TermExtension,
)
from registry.selectors import overdue_elections
from registry.services.certificates import issue_registration_certificates
from registry.services.elections import election_file, election_submit
from tests.factories import UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def local_today():
    """Today in the bureau's time zone, read when a test runs (a run may pass midnight)."""
    return timezone.localdate()


@pytest.fixture
def staff(minhang, songjiang):
    return {
        "window": make_officer("lw_window", minhang, OfficerRole.WINDOW),
        "approver": make_officer("lw_approver", minhang, OfficerRole.APPROVER),
        "inspector": make_officer("lw_inspector", minhang, OfficerRole.INSPECTOR),
        "songjiang": make_officer("lw_sj", songjiang, OfficerRole.WINDOW, OfficerRole.APPROVER, OfficerRole.INSPECTOR),
    }


@pytest.fixture
def org(make_org):
    organization = make_org(name="上海市闵行区摄影协会")
    issue_registration_certificates(organization=organization)
    organization.representative = UserFactory(username="photo_rep")
    assign_perm("registry.manage_organization", organization.representative, organization)
    return organization


def open_task(**subject):
    return Task.objects.get(
        **{f"process__bureauprocess__{k}": v for k, v in subject.items()},
        flow_task_type="HUMAN",
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )


def act(client, user, task, data):
    client.force_login(user)
    args = [task.process_id, task.pk]
    assert client.post(task.flow_task.reverse("assign", args=args)).status_code == 302
    return client.post(task.flow_task.reverse("execute", args=args), data)


def portal(client, org, data):
    client.force_login(org.representative)
    return client.post(f"/portal/organizations/{org.pk}/leadership/", data)


def test_an_election_filed_from_the_portal_is_filed_by_the_window_and_shown_publicly(client, org, staff):
    response = portal(
        client,
        org,
        {
            "action": "election",
            "election-elected_on": (local_today() - datetime.timedelta(days=3)).isoformat(),
            "election-voting_body": "delegates",
            "election-term_years": "4",
            "election-officers_elected": "会长张伟；秘书长王芳",
            "election-minutes": upload("minutes.pdf", pdf_bytes("minutes")),
        },
    )
    assert response.status_code == 302
    election = Election.objects.get(organization=org)
    task = open_task(election=election)
    assert task.flow_task.role == OfficerRole.WINDOW

    client.force_login(staff["songjiang"])
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code in (403, 404)

    act(client, staff["window"], task, {"decision": "file", "reason": ""})
    election.refresh_from_db()
    assert election.status == FilingStatus.FILED
    page = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert "会员代表大会" in page and "本届任期至" in page


def test_a_refused_portal_submission_shows_the_reasons_and_starts_nothing(client, org):
    response = portal(
        client,
        org,
        {
            "action": "election",
            "election-elected_on": local_today().isoformat(),
            "election-voting_body": "assembly",
            "election-term_years": "3",
            "election-officers_elected": "会长张伟",
            "election-legal_rep_changes": "on",
            "election-minutes": upload("minutes.pdf", pdf_bytes("minutes")),
        },
    )
    assert response.status_code == 200
    assert "换届前财务审计" in response.content.decode()
    assert not Election.objects.exists() and not Task.objects.exists()


def test_an_extension_is_decided_by_the_section_head_with_a_pdf_decision(client, org, staff):
    ended = election_submit(
        organization=org,
        by=org.representative,
        elected_on=datetime.date(2021, 1, 10),
        voting_body="assembly",
        term_years=5,
        officers_elected="会长张伟",
        minutes=upload("m.pdf", pdf_bytes()),
    )
    election_file(election=ended, by=staff["window"], filed=True)
    new_date = datetime.date(2026, 12, 31)
    response = portal(
        client,
        org,
        {
            "action": "extension",
            "extension-new_date": new_date.isoformat(),
            "extension-reason": "会员分布各地，年底集中召开",
        },
    )
    assert response.status_code == 302
    extension = TermExtension.objects.get()
    task = open_task(term_extension=extension)
    client.force_login(staff["window"])
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 403
    act(client, staff["approver"], task, {"decision": "approve", "reason": "确有特殊情况，准予延期"})
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED

    client.force_login(org.representative)
    pdf = client.get(f"/portal/leadership/extensions/{extension.pk}/decision.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert signing.check_pdf(pdf.content).outcome == "intact"  # sealed by the bureau's key
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = "".join(text.split())
    assert "准予延期换届决定书" in text and "民社延准字" in text and "确有特殊情况，准予延期" in text
    client.force_login(staff["songjiang"])
    assert client.get(f"/portal/leadership/extensions/{extension.pk}/decision.pdf").status_code == 404


def test_officer_filing_updates_the_public_record_with_names_only(client, org, staff):
    OrganizationOfficer.objects.create(
        organization=org, position="会长", name="张伟", id_number=org.legal_rep_id_number
    )
    sg = OrganizationOfficer.objects.create(
        organization=org, position="秘书长", name="王芳", id_number="110101199003070011"
    )
    term_end = (local_today() + datetime.timedelta(days=365 * 3)).isoformat()
    response = portal(
        client,
        org,
        {
            "action": "officers",
            "officers-leaving": [str(sg.pk)],
            "officers-position_1": "secretary_general",
            "officers-name_1": "李娜",
            "officers-id_number_1": "110105198501010039",
            "officers-term_ends_on_1": term_end,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filing = OfficerFiling.objects.get()
    task = open_task(officer_filing=filing)
    client.force_login(staff["window"])
    step = client.get(task.flow_task.reverse("detail", args=[task.process_id, task.pk]))
    act(client, staff["window"], task, {"decision": "file", "reason": ""})
    page = client.get(task.flow_task.reverse("detail", args=[task.process_id, task.pk])).content.decode()
    assert "110105198501010039" not in page
    assert step.status_code in (200, 302)

    public = client.get(f"/organizations/{org.uscc}/").content.decode()
    assert "李娜" in public and "秘书长" in public and "王芳" not in public
    for number in ("110105198501010039", "110101199003070011", org.legal_rep_id_number, "110105****"):
        assert number not in public


def test_the_overdue_page_reminds_then_orders_rectification_and_filing_clears_it(client, org, staff, settings):
    ended = election_submit(
        organization=org,
        by=org.representative,
        elected_on=datetime.date(2019, 3, 1),
        voting_body="council",
        term_years=5,
        officers_elected="理事长张伟",
        minutes=upload("m.pdf", pdf_bytes()),
    )
    election_file(election=ended, by=staff["window"], filed=True)
    client.force_login(staff["inspector"])
    page = client.get("/workflow/work/supervision/elections/").content.decode()
    assert org.name in page and "发出换届提醒" in page
    client.force_login(staff["songjiang"])
    page = client.get("/workflow/work/supervision/elections/").content.decode()
    assert org.uscc not in page and "没有逾期未换届的组织。" in page
    refused = client.post("/workflow/work/supervision/elections/", {"organization": org.pk, "text": "请换届"})
    assert refused.status_code == 404

    client.force_login(staff["inspector"])
    remind = {"organization": org.pk, "action": "remind", "text": "请于30日内换届"}
    client.post("/workflow/work/supervision/elections/", remind)
    settings.REGISTRY = {**settings.REGISTRY, "ELECTION_REMINDER_GRACE_DAYS": 0}
    assert "责令限期整改" in client.get("/workflow/work/supervision/elections/").content.decode()
    client.post("/workflow/work/supervision/elections/", {"organization": org.pk, "action": "rectify"})
    assert Rectification.objects.get().organization == org

    election_file(
        election=election_submit(
            organization=org,
            by=org.representative,
            elected_on=local_today(),
            voting_body="council",
            term_years=5,
            officers_elected="理事长张伟",
            minutes=upload("m.pdf", pdf_bytes()),
        ),
        by=staff["window"],
        filed=True,
    )
    assert overdue_elections() == []
    page = client.get("/workflow/work/supervision/elections/").content.decode()
    assert org.uscc not in page and "没有逾期未换届的组织。" in page


def test_the_election_record_is_served_to_the_officers_of_its_bureau_only(client, org, staff):
    election = election_submit(
        organization=org,
        by=org.representative,
        elected_on=local_today(),
        voting_body="assembly",
        term_years=5,
        officers_elected="会长张伟",
        minutes=upload("minutes.pdf", pdf_bytes("minutes")),
    )
    url = f"/workflow/work/elections/{election.pk}/minutes/"
    client.force_login(staff["window"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(f"/workflow/work/elections/{election.pk}/audit/").status_code == 404  # none was needed
    for outsider in (staff["songjiang"], org.representative):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_a_filing_whose_process_cannot_start_leaves_no_record_and_no_file(org, monkeypatch, settings):
    from workflows.flows.election import ElectionFlow
    from workflows.flows.election.services import election_filing_start

    def broken(**kwargs):
        raise RuntimeError("the process could not start")

    monkeypatch.setattr(ElectionFlow.start, "run", broken)
    with pytest.raises(RuntimeError):
        election_filing_start(
            organization=org,
            by=org.representative,
            elected_on=local_today(),
            voting_body="assembly",
            term_years=5,
            officers_elected="会长张伟",
            minutes=upload("minutes.pdf", pdf_bytes("minutes")),
        )
    assert not Election.objects.exists()
    stored = settings.MEDIA_ROOT / "elections"
    assert not stored.exists() or not any(path.is_file() for path in stored.rglob("*"))


def test_the_full_id_numbers_of_a_filing_are_shown_on_request_and_logged(client, org, staff):
    from registry.models import IdNumberDisclosure
    from registry.services.officer_filings import officer_filing_submit

    filing = officer_filing_submit(
        organization=org,
        by=org.representative,
        leaving_ids=[],
        appointments=[
            {
                "position": "supervisor",
                "name": "赵强",
                "id_number": "110105198001010016",
                "term_ends_on": local_today() + datetime.timedelta(days=800),
            }
        ],
    )
    url = f"/workflow/work/officer-filings/{filing.pk}/id-numbers/"
    client.force_login(staff["songjiang"])
    assert client.post(url).status_code == 404 and not IdNumberDisclosure.objects.exists()
    client.force_login(staff["window"])
    page = client.post(url, {"back": "/workflow/work/"}).content.decode()
    assert "110105198001010016" in page and "监事" in page
    logged = IdNumberDisclosure.objects.get()
    assert logged.case_reference == filing.reference and logged.id_number_masked == "110*************16"
