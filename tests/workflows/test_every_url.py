"""Every URL pattern of the project, opened by every kind of user: each answer must be the expected one.

The patterns come from the resolver, not from a list kept by hand, so a new page cannot slip in
unchecked: a pattern without an expected outcome for every role fails the test. The data behind the
URLs is one Minhang applicant's files in all five processes (registration, annual inspection, cleanup,
evaluation, penalty); the officers of Songjiang hold the same roles as Minhang's and must see none of it.
"""

import datetime
import fnmatch
import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task

from registry.choices import OfficerRole, OrgType
from registry.models import AnnualReport, Certificate, DormancyCase, Jurisdiction, PenaltyEvidence, PurchaserMember
from registry.services.annual import report_attach_audit
from registry.services.branches import branch_application_create, branch_draft_update
from registry.services.certificates import issue_registration_certificates
from registry.services.charters import charter_application_save, charter_application_start, charter_document_attach
from registry.services.complaints import complaint_submit
from registry.services.credit import credit_list_add
from registry.services.credit_repair import credit_repair_apply
from registry.services.decoupling import decoupling_item_submit
from registry.services.dormancy import sweep_dormant
from registry.services.elections import election_file, election_submit
from registry.services.opendata import open_data_export
from registry.services.penalty_cases import evidence_path, open_case
from registry.services.purchase_applications import application_document_attach, application_save
from registry.services.spotchecks import campaign_create, campaign_draw, campaign_publish_plan, check_record
from tests.factories import (
    ApplicantFactory,
    CommunityGroupFactory,
    IncubationBaseFactory,
    OrganizationFactory,
    PurchaseApplicationFactory,
    PurchasingUnitFactory,
    ReviewCallFactory,
    ServiceCallFactory,
    ServiceProjectFactory,
    SubdistrictFactory,
    UserFactory,
)
from tests.workflows.conftest import PASSWORD, fill_application, make_officer, pdf_bytes, upload
from tests.workflows.test_evaluation_flow import apply_with_self_assessment, make_evaluator, open_round
from workflows.flows.archive.services import archive_request_apply
from workflows.flows.branch.services import branch_application_send
from workflows.flows.certificate.services import certificate_service_apply
from workflows.flows.charter.services import charter_submit
from workflows.flows.election.services import election_filing_start
from workflows.flows.officer_filing.services import officer_filing_start
from workflows.flows.purchase.services import purchase_application_send
from workflows.flows.purchase_delivery.services import contract_sign
from workflows.flows.term_extension.services import term_extension_start
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db

ROLES = [OfficerRole.WINDOW, OfficerRole.REVIEWER, OfficerRole.APPROVER, OfficerRole.INSPECTOR, OfficerRole.EVALUATOR]
ACTORS = (
    ["anonymous", "applicant", "stranger"]
    + [f"mh_{role.value}" for role in ROLES]
    + [f"sj_{role.value}" for role in ROLES]
    + ["evaluator", "admin"]
)
MISSING = 999_999

# What an answer is, read from the response.
OK, MOVED, LOGIN, ADMIN_LOGIN, OTP = "ok", "moved", "login", "admin-login", "otp"
FORBIDDEN, NOT_FOUND, METHOD = "forbidden", "not-found", "method"


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/accounts/otp/"):
            return OTP
        return MOVED
    if 200 <= code < 300:
        return OK
    return {403: FORBIDDEN, 404: NOT_FOUND, 405: METHOD}.get(code, f"status {code}")


def url_patterns(patterns=None, prefix="", namespace=()):
    """(route, full name) of every pattern, walked from the root resolver."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join(namespace + (pattern.name or "",))


def build_scenario(client, applicant, minhang, songjiang):
    """One Minhang applicant's files in every process, the users who act on them, and the objects by kind."""
    users = {"applicant": applicant, "admin": UserFactory(username="root", is_staff=True, is_superuser=True)}
    users["stranger"] = UserFactory(username="stranger")
    for role in ROLES:
        users[f"mh_{role.value}"] = make_officer(f"mh_{role.value}", minhang, role)
        users[f"sj_{role.value}"] = make_officer(f"sj_{role.value}", songjiang, role)
    users["evaluator"] = make_evaluator("expert_wang").user

    # Registration: submitted, waiting at 受理.
    application = fill_application(client, applicant, minhang, OrgType.SERVICE_AGENCY)
    assert client.post(f"/portal/applications/{application.pk}/submit/", {"declaration": "on"}).status_code == 302
    # An organization of the applicant's, with certificates, due an annual report, under evaluation.
    organization = _registered_organization(applicant, minhang)
    with TestCase.captureOnCommitCallbacks(execute=True):
        issue_registration_certificates(organization=organization)
    call_command("open_annual_inspection", year=datetime.date.today().year - 1)
    report = AnnualReport.objects.get(organization=organization)
    report_attach_audit(report=report, uploaded=upload("audit.pdf", pdf_bytes("audit")), by=applicant)
    evaluation_round = open_round(users["mh_evaluator"])
    evaluation = apply_with_self_assessment(applicant, evaluation_round, organization)
    # A dormant organization of the applicant's with an open cleanup case.
    dormant = _registered_organization(applicant, minhang, name="上海市闵行区沉睡读书会", last_report=2020)
    sweep_dormant()
    case = DormancyCase.objects.get(organization=dormant)
    inspector = Client()
    inspector.force_login(users["mh_inspector"])
    assert (
        inspector.post(
            "/workflow/work/dormancy/candidates/", {"case": case.pk, "action": "open", "confirmed": "yes"}
        ).status_code
        == 302
    )

    # Daily supervision: a published spot check of both organizations with a recorded result, and a complaint.
    make_officer("mh_inspector_second", minhang, OfficerRole.INSPECTOR)  # at least 2 inspectors on site
    campaign = campaign_create(
        by=users["mh_approver"],
        jurisdiction=minhang,
        name="双随机抽查",
        year=2026,
        sample_size=2,
        inspectors_per_check=2,
    )
    campaign = campaign_publish_plan(
        campaign=campaign_draw(campaign=campaign, by=users["mh_approver"]), by=users["mh_approver"]
    )
    check = campaign.checks.get(organization=organization)
    check_record(
        check=check, by=users["mh_approver"], result="passed", findings="正常。", uploads=[upload("a.pdf", pdf_bytes())]
    )
    complaint, _code = complaint_submit(
        organization=organization, category="fees", description="强制会员缴纳赞助费，否则不予评优。", name="王小明"
    )
    # A complaint against the applicant's organization, filed and waiting for the section head, with evidence.
    penalty = open_case(
        organization=organization,
        source="complaint",
        source_reference="TS-0001",
        facts="群众举报超范围收费",
        by=users["mh_inspector"],
    )
    evidence = PenaltyEvidence.objects.create(
        case=penalty,
        description="举报材料",
        original_name="report.pdf",
        stored_name="ab" * 16 + ".pdf",
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=users["mh_inspector"],
    )
    evidence_path(evidence.stored_name).parent.mkdir(parents=True, exist_ok=True)
    evidence_path(evidence.stored_name).write_bytes(b"%PDF-1.4 evidence")
    # The applicant's organization on the activity-abnormal list, applying for credit repair with evidence.
    entry = credit_list_add(organization=organization, reason_code="unreachable", reason="两次邮寄无人签收。")
    repair = credit_repair_apply(
        entry=entry, grounds="已恢复联系，附住所证明。", uploads=[upload("lease.pdf", pdf_bytes())], by=applicant
    )

    # Charter approval: the organization's amended charter, submitted and waiting at 受理.
    charter_application = charter_application_start(applicant=applicant, organization=organization)
    charter_application_save(
        application=charter_application,
        by=applicant,
        new_text=charter_application.old_text + "第四十条　本会设立专业委员会。\n",
        resolution_body="representatives",
        resolution_date=datetime.date.today(),
    )
    charter_document_attach(
        application=charter_application, kind="resolution", uploaded=upload("r.pdf", pdf_bytes()), by=applicant
    )
    charter_application = charter_submit(application=charter_application, by=applicant)
    # A branch the applicant's association reported, waiting for the window officer to file it.
    branch_application = branch_application_create(organization=organization, by=applicant, kind="set_up")
    branch_draft_update(
        application=branch_application,
        by=applicant,
        fields={
            "branch_kind": "branch",
            "name": organization.name + "青年工作委员会",
            "head_name": "王芳",
            "head_id_number": "110101199003070011",
            "address": organization.domicile,
            "business_scope": "组织青年志愿服务",
            "resolved_on": datetime.date.today(),
        },
        uploads={"resolution": upload("resolution.pdf", pdf_bytes()), "head": upload("head.pdf", pdf_bytes())},
    )
    branch_application_send(application=branch_application, by=applicant)
    # A replacement of the organization's certificate and a lawyer's archive request, each at its officer step.
    certificate_application = certificate_service_apply(
        organization=organization,
        by=applicant,
        kind="replacement",
        copy="duplicate",
        cause="damaged",
        returned=True,
    )
    archive = archive_request_apply(
        organization=organization,
        requester_kind="lawyer",
        requester_name="王律师",
        requester_unit="上海某律师事务所",
        case_reference="（2026）沪0112民初1号",
        grounds="代理合同纠纷案件，需核实登记情况。",
        proof=upload("licence.pdf", pdf_bytes("licence")),
    )

    # Leadership: an election filed and an extension of its term waiting for the section head; a later
    # election and an officer filing waiting at the window.
    leadership = {"organization": organization, "by": applicant, "voting_body": "assembly", "term_years": 5}
    earlier = election_submit(
        **leadership,
        elected_on=datetime.date(2022, 1, 10),
        officers_elected="会长张伟",
        minutes=upload("m.pdf", pdf_bytes()),
    )
    election_file(election=earlier, by=users["mh_window"], filed=True)
    extension = term_extension_start(
        organization=organization, by=applicant, new_date=datetime.date(2027, 6, 30), reason="会员分布各地，需推迟召开"
    )
    election = election_filing_start(
        **leadership,
        elected_on=datetime.date.today() - datetime.timedelta(days=1),
        officers_elected="会长张伟；秘书长王芳",
        minutes=upload("m.pdf", pdf_bytes()),
    )
    officer_filing = officer_filing_start(
        organization=organization,
        by=applicant,
        leaving_ids=[],
        appointments=[
            {
                "position": "vice_chair",
                "name": "李娜",
                "id_number": "110105198501010039",
                "term_ends_on": datetime.date.today() + datetime.timedelta(days=700),
            }
        ],
    )
    # A purchased project of the applicant's organization, under contract, its first milestone waiting for the report.
    service_project = ServiceProjectFactory(application__organization=organization)
    purchaser = UserFactory(username="street_purchaser")
    PurchaserMember.objects.create(user=purchaser, unit=service_project.unit)
    contract_sign(
        project=service_project,
        by=purchaser,
        number="HT-2026-URL",
        signed_on=service_project.service_start,
        amount=service_project.amount,
        milestones=[
            {
                "title": "需求调研",
                "deliverable": "调研报告",
                "due_on": service_project.service_start + datetime.timedelta(days=30),
                "payment_amount": service_project.amount,
            }
        ],
    )

    # Government purchase of services: the Minhang bureau's open call (its officers act for the bureau's unit),
    # and an application of another of the applicant's organizations, waiting for the eligibility check.
    purchase_call = ServiceCallFactory(unit=PurchasingUnitFactory(jurisdiction=minhang))
    provider = _registered_organization(applicant, minhang, name="上海市闵行区为老服务协会")
    provider.last_inspection_result = "passed"
    provider.save(update_fields=["last_inspection_result"])
    purchase_application = application_save(
        call=purchase_call,
        organization=provider,
        by=applicant,
        project_name="银龄助餐",
        plan="每周五天送餐上门",
        budget_lines=[{"item": "人员经费", "amount": "60000"}],
    )
    purchase_document = application_document_attach(
        application=purchase_application, by=applicant, kind="plan", uploaded=upload("plan.pdf", pdf_bytes())
    )
    purchase_application = purchase_application_send(application=purchase_application, by=applicant)
    assert purchase_application.status == "submitted", purchase_application.refusal_reasons
    # A purchase call of the Minhang bureau under review, with the organization's eligible application.
    review_call = ReviewCallFactory(created_by=users["mh_evaluator"])
    review_application = PurchaseApplicationFactory(call=review_call, organization=organization)

    processes = {
        "purchaseapplication": BureauProcess.objects.get(purchase_application=purchase_application),
        "purchasedelivery": BureauProcess.objects.get(service_project=service_project),
        "election": BureauProcess.objects.get(election=election),
        "termextension": BureauProcess.objects.get(term_extension=extension),
        "officerfiling": BureauProcess.objects.get(officer_filing=officer_filing),
        "charter": BureauProcess.objects.get(charter_application=charter_application),
        "registration": BureauProcess.objects.get(application=application),
        "certificateservice": BureauProcess.objects.get(certificate_application=certificate_application),
        "archiverequest": BureauProcess.objects.get(archive_request=archive),
        "annualinspection": BureauProcess.objects.get(annual_report=report),
        "evaluation": BureauProcess.objects.get(evaluation=evaluation),
        "dormancy": BureauProcess.objects.get(dormancy_case=case),
        "penalty": BureauProcess.objects.get(penalty_case=penalty),
        "branch": BureauProcess.objects.get(branch_application=branch_application),
    }
    # An industry association of the applicant's with the evidence of one separation submitted (脱钩).
    association = OrganizationFactory(jurisdiction=minhang, name="上海市闵行区餐饮行业协会", direct_category="industry")
    assign_perm("registry.manage_organization", applicant, association)
    decoupling_item = decoupling_item_submit(
        organization=association,
        separation="assets",
        description="已开立独立银行账户，附开户许可证。",
        uploads=[upload("bank.pdf", pdf_bytes())],
        by=applicant,
    )
    objects = {
        "application": application,
        "organization": organization,
        "report": report,
        "evaluation": evaluation,
        "round": evaluation_round,
        "case": case,
        "certificate": Certificate.objects.filter(organization=organization).first(),
        "document": application.documents.first(),
        "campaign": campaign,
        "check": check,
        "complaint": complaint,
        "file": check.files.first(),
        "penalty": penalty,
        "evidence": evidence,
        "repair": repair,
        "repair_file": repair.files.first(),
        "charter_application": charter_application,
        "charter_document": charter_application.documents.first(),
        "branch_application": branch_application,
        "branch_document": branch_application.documents.first(),
        "certificate_application": certificate_application,
        "archive": archive,
        "election": election,
        "extension": extension,
        "officer_filing": officer_filing,
        "association": association,
        "decoupling_file": decoupling_item.files.first(),
        "purchase_call": purchase_call,
        "purchase_application": purchase_application,
        "purchase_document": purchase_document,
        "review_call": review_call,
        "review_application": review_application,
        "service_project": service_project,
    }
    # Incubation: the district's park with the applicant's organization incubating there.
    objects["incubation_base"] = IncubationBaseFactory(jurisdiction=minhang, name="闵行区公益园")
    objects["incubation_base"].admissions.create(
        organization=organization,
        field="service",
        admitted_on=datetime.date(2026, 1, 5),
        planned_graduation_on=datetime.date(2027, 1, 5),
    )
    # A community group of the applicant's, filed with a Minhang street (社区社会组织备案).
    objects["community_group"] = CommunityGroupFactory(
        applicant=applicant, subdistrict=SubdistrictFactory(code="310112006", name="古美街道", district=minhang)
    )
    open_data_export(by=users["admin"])  # the public register's open-data files
    return {"users": users, "processes": processes, "objects": objects}


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scenario, built once for the module inside a transaction rolled back at its end, and each URL to open.

    Every test of the module runs in a savepoint of that transaction, so each actor starts from the same
    data; the files the scenario writes stay in this module's own directories.
    """
    root = tmp_path_factory.mktemp("every_url")
    paths = {
        "MEDIA_ROOT": root / "uploads",
        "CERTIFICATE_ROOT": root / "certificates",
        "OPEN_DATA_ROOT": root / "opendata",
    }
    fast = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"], "STAFF_OTP_REQUIRED": False}
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(**paths, **fast),
            translation.override(django_settings.LANGUAGE_CODE),
        ):
            applicant = ApplicantFactory(mobile="13812345678", email="founder@example.org", password=PASSWORD)
            minhang, songjiang = (Jurisdiction.objects.get(code=code) for code in ("310112", "310117"))
            scenario = build_scenario(Client(), applicant, minhang, songjiang)
            urls = [(route, name, url_for(route, name, scenario)) for route, name in url_patterns()]
        yield {"scenario": scenario, "urls": urls, "paths": paths}
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def scenario(walk, settings):
    """The module's scenario for one test: its files, production's second factor, rate limits afresh."""
    for name, path in walk["paths"].items():
        setattr(settings, name, path)
    cache.clear()  # the sign-up and API rate limits start afresh for the walk
    settings.STAFF_OTP_REQUIRED = True  # as in production; each staff client passes it (see client_for)
    return walk["scenario"]


def _registered_organization(applicant, jurisdiction, *, name="上海市闵行区社区公益服务协会", last_report=None):
    organization = OrganizationFactory(
        jurisdiction=jurisdiction,
        name=name,
        founded_on=datetime.date(2018, 4, 1),
        last_annual_report_year=last_report,
    )
    assign_perm("registry.manage_organization", applicant, organization)
    return organization


def client_for(actor: str, users) -> Client:
    """A browser of its own for `actor`; staff have passed the second factor."""
    client = Client()
    if actor == "anonymous":
        return client
    user = users[actor]
    client.force_login(user)
    if user.is_staff:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


# The object a `pk` means on each page (by URL name); others are taken as missing.
PK_OBJECTS = {
    "portal_application": "application",
    "portal_application_step": "application",
    "portal_application_submit": "application",
    "portal_application_receipt": "application",
    "portal_decision_document": "application",
    "portal_application_withdraw": "application",
    "portal_application_rate": "application",
    "portal_application_establish": "application",
    "portal_annual_report": "report",
    "portal_document": "document",
    "portal_evaluation_detail": "evaluation",
    "evaluator_scoring": "evaluation",
    "dormancy_respond": "case",
    "penalty_statement": "penalty",
    "penalty_decision_pdf": "penalty",
    "filing_submit": "organization",
    "evaluation_notice": "round",
    "certificate_download": "certificate",
    "work:evaluation_round": "round",
    "work:evaluation_grade": "organization",
    "work:id_numbers": "application",
    "spot_check_public": "campaign",
    "work:spot_check": "campaign",
    "work:spot_check_result": "check",
    "work:complaint": "complaint",
    "work:supervision_file": "file",
    "work:penalty_evidence": "evidence",
    "work:annual_audit": "report",
    "work:penalty_extend": "penalty",
    "portal_credit": "organization",
    "work:credit_repair": "repair",
    "work:credit_repair_file": "repair_file",
    "portal_charter": "charter_application",
    "portal_charter_decision": "charter_application",
    "portal_charter_document": "charter_document",
    "portal_charter_withdraw": "charter_application",
    "work:charter_extend": "charter_application",
    "work:branch_extend": "branch_application",
    "portal_branch_application": "branch_application",
    "portal_branch_decision": "branch_application",
    "portal_branch_document": "branch_document",
    "portal_certificate_decision": "certificate_application",
    "work:archive_proof": "archive",
    "portal_extension_decision": "extension",
    "work:officer_filing_id_numbers": "officer_filing",
    "portal_decoupling": "association",
    "work:decoupling_detail": "association",
    "work:decoupling_file": "decoupling_file",
    "work:party_building_edit": "organization",
    "purchase_call": "purchase_call",
    "work:purchase_call": "purchase_call",
    "portal_purchase_application": "purchase_application",
    "portal_purchase_document": "purchase_document",
    "work:incubation_base": "incubation_base",
    "community_group": "community_group",
    "portal_community_group": "community_group",
    "portal_community_report": "community_group",
    "portal_community_cancel": "community_group",
    "portal_community_move_up": "community_group",
    "community_officer_group": "community_group",
    "community_officer_cancel": "community_group",
    "community_officer_members": "community_group",
    "purchase_call_results": "review_call",
    "purchase_expert_call": "review_call",
    "purchase_expert_application": "review_application",
    "work:purchase_review": "review_call",
    "portal_service_project": "service_project",
    "purchaser_project": "service_project",
}


def url_for(route: str, name: str, scenario) -> str:
    """A URL for the pattern, its parameters filled from the scenario (or a number that matches nothing)."""
    objects, processes = scenario["objects"], scenario["processes"]
    kwargs = {}
    for key in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if key == "pk":
            target = objects.get(PK_OBJECTS.get(name, ""))
            kwargs[key] = target.pk if target is not None else MISSING
        elif key == "organization_pk":
            kwargs[key] = objects["organization"].pk
        elif key == "process_pk":
            process = processes.get(name.split(":")[1]) if name.startswith("work:") else None
            kwargs[key] = process.pk if process is not None else MISSING
        elif key == "task_pk":
            process_pk, node = kwargs.get("process_pk"), name.split(":")[2]
            task = Task.objects.filter(process_id=process_pk, flow_task_type__isnull=False).order_by("pk")
            task = next((t for t in task if t.flow_task.name == node), None)
            kwargs[key] = task.pk if task is not None else MISSING
        elif key in ("uscc", "code"):  # the organization's page; its API record (api_organization)
            kwargs[key] = objects["organization"].uscc
        elif key == "token":
            kwargs[key] = objects["certificate"].token if name == "certificate_verify" else "not-a-token"
        elif key == "step":
            kwargs[key] = "particulars"
        elif key == "fmt":
            kwargs[key] = "csv"
        elif key == "slug":
            kwargs[key] = "establishment"  # a service guide
        else:
            kwargs[key] = {"app_label": "registry", "content_type_id": 1}.get(key, MISSING)
    if name.endswith(":") or not name:
        return "/" + re.sub(r"<[^>]+>", "x", route).lstrip("^").rstrip("$")
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # noqa: BLE001 - a regex admin pattern: fill its groups by hand
        filled = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs.get(m.group(1), "registry")), route)
        return "/" + filled.strip("^$")


# Who sees what. Each rule: URL names it covers (shell patterns, first match wins) and the outcome for each
# actor. A value is one outcome or a set of acceptable ones; `mh`/`sj` give one value for every role or a
# dict by role code. Minhang owns all the data; Songjiang's officers hold the same roles elsewhere.
def expect(*, anonymous, applicant, stranger, mh, sj, evaluator, admin):
    table = {"anonymous": anonymous, "applicant": applicant, "stranger": stranger, "evaluator": evaluator}
    table["admin"] = admin
    for prefix, value in (("mh", mh), ("sj", sj)):
        for role in ROLES:
            table[f"{prefix}_{role.value}"] = value[role.value] if isinstance(value, dict) else value
    return table


def everyone(value, *, anonymous=None):
    return expect(
        anonymous=anonymous or value, applicant=value, stranger=value, mh=value, sj=value, evaluator=value, admin=value
    )


def signed_in(value, *, applicant=None, officers=None, admin=None, evaluator=None):
    """Anonymous visitors are sent to log in; everyone signed in gets `value` unless told otherwise."""
    return expect(
        anonymous=LOGIN,
        applicant=applicant or value,
        stranger=value,
        mh=officers or value,
        sj=officers or value,
        evaluator=evaluator or value,
        admin=admin or value,
    )


def officers_only(officers, *, mh=None, admin=OK, anonymous=LOGIN):
    """Officer pages: applicants and evaluators are refused; Songjiang's officers get `officers`."""
    return expect(
        anonymous=anonymous,
        applicant=FORBIDDEN,
        stranger=FORBIDDEN,
        mh=mh or officers,
        sj=officers,
        evaluator=FORBIDDEN,
        admin=admin,
    )


def minhang_case(mh, *, sj=FORBIDDEN, admin=OK):
    """A page of one Minhang case: Minhang's officers get `mh`, everyone else is refused."""
    return officers_only(sj, mh=mh, admin=admin)


OWNER_ONLY = expect(
    anonymous=LOGIN, applicant=OK, stranger=NOT_FOUND, mh=NOT_FOUND, sj=NOT_FOUND, evaluator=NOT_FOUND, admin=NOT_FOUND
)
# The officers who may claim the task waiting in each process (the first officer step).
CLAIMS = {"accept": "window", "review": "inspector", "eligibility": "evaluator", "approve_filing": "approver"}
CLAIMS["file_branch"] = "window"
CLAIMS |= {"issue": "window", "decide": "window"}  # certificate renewal and replacement, archive requests
# 换届备案 and 负责人备案 at the window; 延期换届 by the head (a step named like another flow's: keyed by flow).
CLAIMS |= {"record": "window", "termextension:decide": "approver"}

RULES = [
    # Public pages.
    (["open_data_regenerate"], everyone(METHOD)),  # a POST, by a system administrator only
    (
        [
            "home",
            "organization_*",
            "api_*",  # the search, the schema, one organization's record, the change stream (anonymous: public)
            "notices",
            "evaluation_notices",
            "health",
            "login",
            "open_data*",
            "spot_check*_public",
            "complaint_new",
            "complaint_progress",
            "application_progress",
            "document_verify",
            "service_guide*",
            "favicon",
            "purchase_projects",
        ],
        everyone(OK),
    ),
    (["metrics"], everyone(OK)),  # the walk asks from this host, a monitoring address; others: test_metrics.py
    (["set_language", "index"], everyone(MOVED)),
    (["evaluation_notice"], everyone(NOT_FOUND)),  # the round is not under public notice yet
    (["certificate_verify"], everyone(NOT_FOUND)),  # only a rendered, signed token verifies
    (["signup_confirm"], everyone(OK)),  # the confirmation form; a bad token is refused on POST
    (["signup_code", "password_reset_confirm"], everyone(OK)),  # code forms; a wrong code is refused on POST
    (["password_reset"], everyone(MOVED, anonymous=OK)),  # signed in: change the password instead
    (["password_change"], signed_in(OK)),
    (["logout"], everyone(METHOD)),
    (["signup"], everyone(MOVED, anonymous=OK)),
    (["otp"], signed_in(MOVED)),  # staff have passed it already; it is not for anyone else
    # The applicant's portal: lists are per person; a file is its applicant's alone.
    (
        ["portal", "portal_applications", "portal_application_new", "portal_annual", "portal_evaluation"],
        signed_in(OK),
    ),
    (["evaluator_assignments"], signed_in(OK)),  # an empty list for anyone who is no evaluator
    (["portal_branches"], signed_in(OK)),  # the organizations each person acts for
    (["portal_branch_application"], OWNER_ONLY | {"admin": OK}),
    (["portal_branch_decision"], signed_in(NOT_FOUND)),  # the report is not filed yet
    (
        ["portal_branch_document"],
        expect(anonymous=LOGIN, applicant=OK, stranger=NOT_FOUND, mh=OK, sj=NOT_FOUND, evaluator=NOT_FOUND, admin=OK),
    ),
    (["portal_name_check"], signed_in("status 400")),  # no name given
    (["portal_application", "portal_application_receipt"], OWNER_ONLY),
    (["portal_decision_document"], signed_in(NOT_FOUND)),  # no such document for the waiting application
    (["penalty_decision_pdf"], signed_in(NOT_FOUND)),  # the case is not decided yet
    (["portal_application_step"], OWNER_ONLY | {"applicant": MOVED}),  # a submitted application is read-only
    (
        [
            "portal_application_submit",
            "portal_application_withdraw",
            "portal_application_rate",
            "portal_application_establish",
            "portal_application_change",
            "portal_application_deregister",
            "portal_evaluation_apply",
            "dormancy_respond",
            "penalty_statement",
            "filing_submit",
            "rectification_reply",
        ],
        signed_in(METHOD),
    ),
    (["portal_annual_report", "portal_evaluation_detail", "portal_credit"], OWNER_ONLY | {"admin": OK}),
    (["evaluator_scoring"], signed_in(NOT_FOUND)),  # no team has been formed yet
    (
        ["portal_document"],
        expect(anonymous=LOGIN, applicant=OK, stranger=NOT_FOUND, mh=OK, sj=NOT_FOUND, evaluator=NOT_FOUND, admin=OK),
    ),
    (
        ["certificate_download"],
        expect(anonymous=LOGIN, applicant=OK, stranger=NOT_FOUND, mh=OK, sj=NOT_FOUND, evaluator=NOT_FOUND, admin=OK),
    ),
    # The officers' workspace.
    (
        [
            "work:index",
            "work:inspection_progress",
            "work:evaluation_rounds",
            "work:dormancy_candidates",
            "work:id_disclosures",
            "work:spot_checks",
            "work:complaints",
            "work:rectifications",
            "work:credit",
            "work:credit_repairs",
            "work:penalty_new",
            "work:penalty_statistics",
            "work:sector_statistics",
            "work:*:index",
            "work:*:process_list",
            "work:*:task_list",
        ],
        officers_only(OK),
    ),
    (["work:*:chart"], officers_only(OK, anonymous=FORBIDDEN)),
    (
        ["work:evaluation_round", "work:evaluation_grade"],
        minhang_case(
            {"evaluator": OK, "approver": OK} | {r: NOT_FOUND for r in ("window", "reviewer", "inspector")},
            sj=NOT_FOUND,  # the round is looked up among the officer's own bureaus' rounds
        ),
    ),
    (
        [
            "work:spot_check",
            "work:spot_check_result",
            "work:complaint",
            "work:supervision_file",
            "work:credit_repair",
            "work:credit_repair_file",
        ],
        minhang_case(
            {"inspector": OK, "approver": OK} | {r: NOT_FOUND for r in ("window", "reviewer", "evaluator")},
            sj=NOT_FOUND,  # looked up among the records of the officer's own bureaus (supervision roles)
        ),
    ),
    # POST only: full ID numbers are shown on request and logged; an extension is a decision
    (["work:id_numbers", "work:penalty_extend"], officers_only(METHOD, admin=METHOD)),
    (
        ["work:penalty_evidence", "work:annual_audit"],
        minhang_case(OK, sj=NOT_FOUND),
    ),  # evidence of a Minhang case, the audit report of a Minhang organization
    (["work:*:process_detail", "work:*:process_chart"], minhang_case(OK)),
    (["work:*:process_cancel"], minhang_case(FORBIDDEN)),
    (["work:*:*:detail"], minhang_case(OK)),
    (["work:*:*:index"], minhang_case(MOVED, admin=MOVED)),
    (["work:*:*:execute", "work:*:*:unassign"], minhang_case(FORBIDDEN, admin=FORBIDDEN)),  # nobody holds the task
    (["work:*:*:cancel", "work:*:*:revive", "work:*:*:undo"], minhang_case(FORBIDDEN)),  # managers only
    # Certificate renewal and replacement, archive requests: lists per person, actions by POST, the decision once
    # decided (the scenario's is waiting), the requester's pages by signed token only, the proof for the window.
    (["portal_certificates", "portal_archive"], signed_in(OK)),
    (["portal_certificate_apply", "portal_archive_apply"], signed_in(METHOD)),
    (["portal_certificate_decision"], signed_in(NOT_FOUND)),
    (["archive_public_new"], everyone(OK)),
    (["archive_status", "archive_decision", "archive_download*"], everyone(NOT_FOUND)),
    (
        ["work:archive_proof"],
        expect(
            anonymous=LOGIN,
            applicant=NOT_FOUND,
            stranger=NOT_FOUND,
            mh={"window": OK, "approver": OK} | {r: NOT_FOUND for r in ("reviewer", "inspector", "evaluator")},
            sj=NOT_FOUND,
            evaluator=NOT_FOUND,
            admin=OK,
        ),
    ),
    # Leadership (换届, 负责人备案): the organization's page; the decision on an extension not yet made; the
    # overdue list of the officer's own bureaus.
    (["portal_leadership"], OWNER_ONLY | {"admin": OK}),
    (["portal_extension_decision"], signed_in(NOT_FOUND)),
    (["work:overdue_elections"], officers_only(OK)),
    (["work:officer_filing_id_numbers"], officers_only(METHOD, admin=METHOD)),  # POST only, logged
    # Decoupling and party building: the association's own page; the officers' lists; one association's items,
    # its evidence and an organization's party-building record for the supervision officers of its bureau.
    (["portal_decoupling"], OWNER_ONLY | {"admin": OK}),
    (["work:decoupling", "work:party_building"], officers_only(OK)),
    (
        ["work:decoupling_detail", "work:decoupling_file", "work:party_building_edit"],
        minhang_case(
            {"inspector": OK, "approver": OK} | {r: NOT_FOUND for r in ("window", "reviewer", "evaluator")},
            sj=NOT_FOUND,
        ),
    ),
    # Government purchase of services: public calls; the organization's applications; the purchasing unit's
    # pages, for its staff (here the Minhang bureau's officers, acting for the bureau's own unit).
    (["purchase_calls", "purchase_call"], everyone(OK)),
    (["portal_purchase"], signed_in(OK)),
    (["portal_purchase_application"], OWNER_ONLY | {"admin": OK}),
    (
        ["portal_purchase_document"],
        expect(anonymous=LOGIN, applicant=OK, stranger=NOT_FOUND, mh=OK, sj=NOT_FOUND, evaluator=NOT_FOUND, admin=OK),
    ),
    (
        ["work:purchase_calls", "work:purchase_call"],
        expect(
            anonymous=LOGIN, applicant=FORBIDDEN, stranger=FORBIDDEN, mh=OK, sj=FORBIDDEN, evaluator=FORBIDDEN, admin=OK
        ),
    ),
    # Incubation: the public list of bases; the officers' bases of their own district (any role), one base's page.
    (["incubation_bases"], everyone(OK)),
    (["work:incubation_bases"], officers_only(OK)),
    (["work:incubation_base"], minhang_case(OK, sj=NOT_FOUND)),
    # Community groups filed with streets and towns: the public list and record; the applicant's own filings;
    # the street offices' pages, for their officers only (none of the walk's officers works for a street).
    (["community_groups", "community_group"], everyone(OK)),
    (["portal_community_groups", "portal_community_new"], signed_in(OK)),
    (["portal_community_group"], OWNER_ONLY),
    (["portal_community_report"], OWNER_ONLY | {"applicant": MOVED}),  # filed this year: no report due yet
    (["portal_community_cancel", "portal_community_move_up", "community_officer_cancel"], signed_in(METHOD)),
    (
        ["community_officer_groups", "community_officer_reports", "community_officer_group"],
        officers_only(FORBIDDEN, admin=OK),
    ),
    (["community_officer_members"], officers_only(FORBIDDEN, admin=NOT_FOUND)),  # no member list uploaded
    # Purchased projects: lists per person; the organization's project for its accounts, the purchaser's page for
    # the purchasing unit's staff (a street office here: no bureau officer acts for it); evidence and evaluations
    # not yet made; the bureau's oversight for its officers.
    (["portal_service_projects", "purchaser_delivery", "evaluator_projects"], signed_in(OK)),
    (["portal_service_project"], OWNER_ONLY | {"admin": OK}),
    (["purchaser_project"], signed_in(NOT_FOUND, admin=OK)),
    (["service_project_evidence", "evaluator_project"], signed_in(NOT_FOUND)),
    (["work:purchase_oversight"], officers_only(OK)),
    # The admin is the system administrators' alone.
    (
        ["admin:login"],
        everyone(OK) | {"admin": MOVED},
    ),
    (["admin:logout"], everyone(MOVED) | {"admin": METHOD}),
    (["admin:*"], everyone(ADMIN_LOGIN) | {"admin": {OK, MOVED, FORBIDDEN, NOT_FOUND}}),
    # Charter approval: the organization's own accounts apply; its bureau's officers read the documents.
    (["portal_charters"], signed_in(OK)),
    (["portal_charter_start"], signed_in(METHOD)),
    (["work:charter_extend"], officers_only(METHOD, admin=METHOD)),  # POST only: a decision of the section head
    (["work:branch_extend"], officers_only(METHOD, admin=METHOD)),
    (["portal_charter"], OWNER_ONLY | {"admin": OK}),
    (["portal_charter_withdraw"], signed_in(METHOD)),  # POST only: the organization withdraws its application
    (["portal_charter_decision"], signed_in(NOT_FOUND)),  # no written decision of that kind
    (
        ["portal_charter_document"],
        expect(anonymous=LOGIN, applicant=OK, stranger=NOT_FOUND, mh=OK, sj=NOT_FOUND, evaluator=NOT_FOUND, admin=OK),
    ),
    # Purchase review: the results are public once on notice (the call is still under review); experts see the
    # calls of their panels only (no one in the walk sits on one); the purchasing unit's officers (for a bureau's
    # own unit, its officers) work the review page.
    (["purchase_call_results"], everyone(NOT_FOUND)),
    (["purchase_expert_calls"], signed_in(OK)),
    (["purchase_expert_call", "purchase_expert_application"], signed_in(NOT_FOUND)),
    (["work:purchase_reviews"], officers_only(OK)),
    (["work:purchase_review"], minhang_case(OK, sj=NOT_FOUND)),
]


def matches(name: str, pattern: str) -> bool:
    """Shell-style match part by part: "work:*:index" is a flow's index, not a task's."""
    parts, wanted = name.split(":"), pattern.split(":")
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True))


def expected_for(name: str, url: str) -> dict:
    """The expected outcome of each actor for one URL; a URL naming something missing is a 404 to all."""
    if name.startswith("work:") and str(MISSING) in url:
        return signed_in(NOT_FOUND)
    if matches(name, "work:purchaseapplication:*:assign"):
        return minhang_case(OK)  # every Minhang officer acts for the bureau's own purchasing unit
    if matches(name, "work:*:*:assign"):
        flow, node = name.split(":")[1:3]
        claimant = CLAIMS.get(f"{flow}:{node}", CLAIMS.get(node))
        return minhang_case({r.value: OK if claimant == r.value else FORBIDDEN for r in ROLES})
    for names, table in RULES:
        if any(matches(name, pattern) for pattern in names):
            return table
    return {}


# Some answers are settled before any code reads a role: the admin site lets in system administrators only
# (`RegistryAdminSite.has_permission`, around every admin view); `ProcessScopeMiddleware`, before a workspace
# view runs, refuses a URL naming a process or task that does not exist (to everyone), and a process of a
# bureau the user does not work at. Those URLs are asked by one actor of each kind of account (anonymous,
# person, evaluator, officer of either bureau, administrator); a URL of one of Minhang's processes also by
# each of Minhang's officers, whose roles its view tells apart. Every other URL is asked by every actor.
ONE_OF_EACH_KIND = {"anonymous", "applicant", "evaluator", "mh_window", "sj_window", "admin"}
MINHANG = {f"mh_{role.value}" for role in ROLES}


def askers(route: str, name: str, url: str) -> set[str]:
    """The actors who open `url` in the walk (see above)."""
    if name.startswith("admin:") or (name.startswith("work:") and str(MISSING) in url):
        return ONE_OF_EACH_KIND
    if "process_pk>" in route:
        return ONE_OF_EACH_KIND | MINHANG
    return set(ACTORS)


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_answers_every_role_as_expected(actor, walk, scenario):
    client = client_for(actor, scenario["users"])
    problems = []
    for route, name, url in walk["urls"]:
        table = expected_for(name, url)
        if actor not in table:
            problems.append(f"{route} ({name}): no expected outcome for {actor}")
            continue
        if actor not in askers(route, name, url):
            continue
        try:
            got = outcome(client.get(url))
        except Exception as exc:  # noqa: BLE001 - a server error is reported with the others
            got = f"server error {exc.__class__.__name__}: {exc}"
        wanted = table[actor]
        if got not in (wanted if isinstance(wanted, set) else {wanted}):
            problems.append(f"{url} ({name}) as {actor}: {got}, expected {wanted}")
    assert not problems, "\n".join(problems)
