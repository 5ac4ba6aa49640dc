"""Pages of a purchased project's delivery: the purchaser's, the organization's and the evaluator's, the public
list as open data, the organization's public page, and the evidence shown to standardization evaluators."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook

from registry.choices import OfficerRole
from registry.models import MilestoneStatus, ProjectStatus, PurchaserMember, PurchaserRole, SecurityLog, TeamMember
from registry.services import purchase_delivery as delivery
from registry.services.purchase_calls import purchaser_member_add
from tests.factories import ServiceProjectFactory, UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from tests.workflows.test_evaluation_flow import apply_with_self_assessment, make_evaluator, open_round
from workflows.flows.purchase_delivery import services as flow

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(applicant):
    project = ServiceProjectFactory()
    assign_perm("registry.manage_organization", applicant, project.organization)
    purchaser = UserFactory(username="street_pd")
    PurchaserMember.objects.create(user=purchaser, unit=project.unit)
    return {"project": project, "org": applicant, "purchaser": purchaser, "evaluator": make_evaluator("expert_pg")}


def contract_post(project, rows):
    data = {
        "action": "contract",
        "number": "HT-2026-001",
        "signed_on": project.service_start.isoformat(),
        "amount": "100000",
        "m-TOTAL_FORMS": "4",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "12",
    }
    for n, (title, due, amount) in enumerate(rows):
        data |= {
            f"m-{n}-title": title,
            f"m-{n}-deliverable": f"{title}成果",
            f"m-{n}-due_on": due,
            f"m-{n}-payment_amount": amount,
        }
    return data


def test_purchaser_records_the_contract_from_the_page_and_a_wrong_sum_is_shown(setup):
    project, client = setup["project"], login(setup["purchaser"])
    due = (project.service_start + datetime.timedelta(days=60)).isoformat()
    later = (project.service_start + datetime.timedelta(days=200)).isoformat()
    response = client.post(
        f"/portal/delivery/{project.pk}/",
        contract_post(project, [("需求调研", due, "30000"), ("服务实施", later, "60000")]),
        follow=True,
    )
    assert "与合同金额 100,000.00 元不一致" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWARDED
    response = client.post(
        f"/portal/delivery/{project.pk}/",
        contract_post(project, [("需求调研", due, "40000"), ("服务实施", later, "60000")]),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONTRACTED
    assert list(project.milestones.values_list("title", flat=True)) == ["需求调研", "服务实施"]


def test_other_people_do_not_see_the_purchasers_project(setup):
    project = setup["project"]
    assert login(UserFactory(username="nobody_pd")).get(f"/portal/delivery/{project.pk}/").status_code == 404
    assert login(setup["org"]).get(f"/portal/delivery/{project.pk}/").status_code == 404
    assert login(setup["purchaser"]).get(f"/portal/service-projects/{project.pk}/").status_code == 404


def sign(setup, *payments):
    project = setup["project"]
    flow.contract_sign(
        project=project,
        by=setup["purchaser"],
        number=f"HT-{project.pk}",
        signed_on=project.service_start,
        amount=sum(Decimal(p) for p in payments),
        milestones=[
            {
                "title": f"阶段{n}",
                "deliverable": "记录",
                "due_on": project.service_start + datetime.timedelta(days=30 * n),
                "payment_amount": Decimal(p),
            }
            for n, p in enumerate(payments, start=1)
        ],
    )
    project.refresh_from_db()
    return project


def test_the_organization_reports_from_its_portal_and_the_evidence_is_private(setup):
    project = sign(setup, "100000")
    milestone = project.milestones.get()
    client = login(setup["org"])
    response = client.post(
        f"/portal/service-projects/{project.pk}/",
        {"milestone": milestone.pk, "text": "完成调研", "files": [upload("proof.pdf", pdf_bytes("proof"))]},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REPORTED
    evidence = milestone.reports.get().evidence.get()
    url = f"/portal/service-projects/evidence/{evidence.pk}/"
    assert client.get(url).status_code == 200
    assert login(setup["purchaser"]).get(url).status_code == 200
    assert login(UserFactory(username="nosy_pd")).get(url).status_code == 404
    assert str(delivery.evidence_path(evidence.stored_name)).startswith(str(delivery.evidence_path("xx").parents[2]))


def finish(setup, grade="excellent"):
    project = sign(setup, "40000", "60000")
    for milestone in project.milestones.all():
        flow.milestone_report_send(
            milestone=milestone, by=setup["org"], text="完成", uploads=[upload("a.pdf", pdf_bytes())]
        )
        flow.milestone_decide(milestone=milestone, by=setup["purchaser"], accept=True)
    evaluation = delivery.project_evaluator_assign(
        project=project, by=setup["purchaser"], stage="final", evaluator=setup["evaluator"]
    )
    flow.evaluation_record(
        evaluation=evaluation,
        by=setup["evaluator"].user,
        grade=grade,
        score=Decimal("91"),
        findings="成效显著。",
        evaluated_on=datetime.date.today(),
    )
    project.refresh_from_db()
    return project


def test_the_evaluator_records_the_final_result_from_the_page(setup):
    project = sign(setup, "100000")
    milestone = project.milestones.get()
    flow.milestone_report_send(
        milestone=milestone, by=setup["org"], text="完成", uploads=[upload("a.pdf", pdf_bytes())]
    )
    flow.milestone_decide(milestone=milestone, by=setup["purchaser"], accept=True)
    evaluation = delivery.project_evaluator_assign(
        project=project, by=setup["purchaser"], stage="final", evaluator=setup["evaluator"]
    )
    client = login(setup["evaluator"].user)
    assert project.title in client.get("/portal/evaluating/projects/").content.decode()
    response = client.post(
        f"/portal/evaluating/projects/{evaluation.pk}/",
        {"grade": "good", "score": "85", "findings": "按计划完成。", "evaluated_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.final_grade) == (ProjectStatus.COMPLETED, "good")
    assert (
        login(UserFactory(username="other_pd")).get(f"/portal/evaluating/projects/{evaluation.pk}/").status_code == 404
    )


def test_delivered_and_ongoing_projects_show_on_the_public_page(setup, client):
    done = finish(setup)
    ongoing = ServiceProjectFactory(application__organization=done.organization, application__call__title="助残服务")
    body = client.get(f"/organizations/{done.organization.uscc}/").content.decode()
    assert "承接的政府购买服务项目" in body
    assert done.title in body and ongoing.title in body
    assert "结项评估：优秀" in body
    section = body[body.index('id="purchased-projects"') :]
    assert done.unit.name in section and "100000.00" in section


def test_the_public_list_exports_csv_xlsx_and_json_with_the_results(setup, client):
    done = finish(setup, grade="fail")
    ServiceProjectFactory()
    page = client.get("/purchase/projects/")
    assert page.status_code == 200 and done.title in page.content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get("/purchase/projects/?format=csv").content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = next(r for r in rows if r["title"] == done.title)
    assert (row["organization_uscc"], row["amount_yuan"], row["final_result"]) == (
        done.organization.uscc,
        "100000.00",
        "不合格",
    )
    records = json.loads(client.get("/purchase/projects/?format=json&status=completed").content)
    assert [r["title"] for r in records] == [done.title]
    sheet = load_workbook(io.BytesIO(client.get("/purchase/projects/?format=xlsx").content)).active
    assert sheet.max_row == 3 and sheet.cell(1, 1).value == "项目名称"
    assert SecurityLog.objects.filter(detail__report="purchase_projects").count() == 3


def test_standardization_evaluators_see_the_delivered_projects_as_work_performance_evidence(setup, minhang):
    done = finish(setup)
    assign_perm("registry.manage_organization", setup["org"], done.organization)
    evaluation_round = open_round(make_officer("mh_evaluator_pd", minhang, "evaluator"))
    application = apply_with_self_assessment(setup["org"], evaluation_round, done.organization)
    expert = make_evaluator("expert_team_pd")
    TeamMember.objects.create(application=application, evaluator=expert, leader=True)
    body = login(expert.user).get(f"/portal/evaluating/{application.pk}/").content.decode()
    assert "工作绩效佐证：承接的政府购买服务项目" in body
    assert done.title in body and "结项评估：优秀" in body


def test_the_purchasers_officers_and_the_evaluators_are_led_to_the_projects_from_their_home_pages(setup, songjiang):
    purchaser = UserFactory(username="street_officer", is_staff=True)  # the unit's staff in the officers' site
    purchaser_member_add(user=purchaser, unit=setup["project"].unit, role=PurchaserRole.OFFICER)
    assert 'href="/portal/delivery/"' in login(purchaser).get("/workflow/work/").content.decode()
    outsider = make_officer("sj_window", songjiang, OfficerRole.WINDOW)  # another bureau: no purchasing unit
    assert 'href="/portal/delivery/"' not in login(outsider).get("/workflow/work/").content.decode()
    evaluator = setup["evaluator"].user
    assert 'href="/portal/evaluating/projects/"' in login(evaluator).get("/portal/evaluating/").content.decode()
