"""Dates in a purchased project's delivery: each refusal says why and changes nothing (the contract, the report,
the evaluation are not recorded and the process does not move)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from guardian.shortcuts import assign_perm

from registry.models import (
    MilestoneReport,
    MilestoneStatus,
    ProjectChange,
    ProjectContract,
    ProjectEvaluation,
    ProjectStatus,
    PurchaserMember,
)
from registry.services import purchase_delivery as delivery
from tests.factories import ServiceProjectFactory, UserFactory
from tests.workflows.conftest import pdf_bytes, upload
from tests.workflows.test_evaluation_flow import make_evaluator
from tests.workflows.test_purchase_delivery import deliver_all, open_steps, plan, sign
from workflows.flows.purchase_delivery import services as flow
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def people(applicant):
    """A street office's awarded project (its service period began 30 days ago), its staff, the organization's
    representative and an evaluator."""
    project = ServiceProjectFactory()
    assign_perm("registry.manage_organization", applicant, project.organization)
    purchaser = UserFactory(username="street_officer")
    PurchaserMember.objects.create(user=purchaser, unit=project.unit)
    return {"project": project, "org": applicant, "purchaser": purchaser, "evaluator": make_evaluator("expert_pd")}


def contract(people, *, signed_on, milestones=None, service_start=None):
    project = people["project"]
    return flow.contract_sign(
        project=project,
        by=people["purchaser"],
        number=f"HT-{project.pk}",
        signed_on=signed_on,
        amount=Decimal("100000"),
        milestones=milestones or plan(project, "40000", "60000"),
        service_start=service_start,
    )


def test_a_contract_signed_after_the_service_began_is_refused_and_nothing_is_recorded(people):
    project = people["project"]  # its service period began 30 days ago
    with pytest.raises(ValidationError, match="前签订"):
        contract(people, signed_on=project.service_start + DAY)
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWARDED and not project.milestones.exists()
    assert not ProjectContract.objects.exists() and not BureauProcess.objects.filter(service_project=project).exists()


def test_a_contract_signed_before_the_award_or_in_the_future_is_refused(db):
    today = timezone.localdate()
    project = ServiceProjectFactory(awarded_on=today - 5 * DAY, application__call__service_start=today + 30 * DAY)
    purchaser = UserFactory(username="street_dates")
    PurchaserMember.objects.create(user=purchaser, unit=project.unit)
    setup = {"project": project, "purchaser": purchaser}
    with pytest.raises(ValidationError, match="不能早于立项日期"):
        contract(setup, signed_on=today - 6 * DAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        contract(setup, signed_on=today + DAY)
    assert not ProjectContract.objects.exists()
    contract(setup, signed_on=today)  # between the award and the start, not ahead of today
    assert ProjectContract.objects.get().signed_on == today


def test_milestones_outside_the_period_or_out_of_order_are_refused(people):
    project = people["project"]
    rows = plan(project, "40000", "60000")
    rows[1]["due_on"] = project.service_end + DAY
    with pytest.raises(ValidationError, match="服务期内"):
        contract(people, signed_on=project.service_start, milestones=rows)
    rows = plan(project, "40000", "60000")
    rows[0]["due_on"], rows[1]["due_on"] = rows[1]["due_on"], rows[0]["due_on"]
    with pytest.raises(ValidationError, match="按序号先后"):
        contract(people, signed_on=project.service_start, milestones=rows)
    assert not ProjectContract.objects.exists() and not project.milestones.exists()


def test_no_report_before_the_service_period_starts_nor_dated_ahead(people):
    project = sign(people, "40000", "60000")
    milestone = project.milestones.first()

    def send(day):
        flow.milestone_report_send(
            milestone=milestone, by=people["org"], text="已完成", uploads=[upload("p.pdf", pdf_bytes())], today=day
        )

    with pytest.raises(ValidationError, match="此前不能报送里程碑"):
        send(project.service_start - DAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        send(timezone.localdate() + DAY)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING and not MilestoneReport.objects.exists()
    assert open_steps(project) == ["report"]
    send(project.service_start)  # the first day of the period is fine
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REPORTED and open_steps(project) == ["inspect"]


def test_a_midterm_evaluation_is_not_dated_before_the_period_starts(people):
    project = sign(people, "40000", "60000")
    evaluation = delivery.project_evaluator_assign(
        project=project, by=people["purchaser"], stage="midterm", evaluator=people["evaluator"]
    )
    result = {"grade": "good", "score": None, "findings": "进度正常。"}
    with pytest.raises(ValidationError, match="不能早于服务期开始日期"):
        flow.evaluation_record(
            evaluation=evaluation, by=people["evaluator"].user, evaluated_on=project.service_start - DAY, **result
        )
    evaluation.refresh_from_db()
    assert not evaluation.recorded
    flow.evaluation_record(
        evaluation=evaluation, by=people["evaluator"].user, evaluated_on=project.service_start, **result
    )
    assert ProjectEvaluation.objects.get(project=project, stage="midterm").grade == "good"


def test_a_final_evaluation_is_not_dated_before_the_last_acceptance(people):
    project = sign(people, "40000", "60000")
    deliver_all(people, project)  # both accepted today
    evaluation = delivery.project_evaluator_assign(
        project=project, by=people["purchaser"], stage="final", evaluator=people["evaluator"]
    )
    result = {"grade": "excellent", "score": Decimal("92"), "findings": "服务成效显著。"}
    with pytest.raises(ValidationError, match="最后一个里程碑的验收日期"):
        flow.evaluation_record(
            evaluation=evaluation, by=people["evaluator"].user, evaluated_on=timezone.localdate() - DAY, **result
        )
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONTRACTED and project.final_grade == ""
    assert open_steps(project) == ["evaluate"]
    # Before the period's end is fine: the project was delivered early.
    flow.evaluation_record(
        evaluation=evaluation, by=people["evaluator"].user, evaluated_on=timezone.localdate(), **result
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED and project.evaluated_on < project.service_end


def test_the_organizations_page_says_when_reporting_opens(db, applicant):
    today = timezone.localdate()
    project = ServiceProjectFactory(awarded_on=today - 5 * DAY, application__call__service_start=today + 30 * DAY)
    assign_perm("registry.manage_organization", applicant, project.organization)
    purchaser = UserFactory(username="street_dates")
    PurchaserMember.objects.create(user=purchaser, unit=project.unit)
    contract({"project": project, "purchaser": purchaser}, signed_on=today)
    client = Client()
    client.force_login(applicant)
    page = client.get(f"/portal/service-projects/{project.pk}/").content.decode()
    assert (
        f"服务期自 {project.service_start:%Y-%m-%d} 开始，此前不能报送里程碑。" in page
        and "报送里程碑</button>" not in page
    )
    project.service_start = today
    project.save(update_fields=["service_start"])
    page = client.get(f"/portal/service-projects/{project.pk}/").content.decode()
    assert 'id="not-started"' not in page and "报送里程碑</button>" in page


def test_a_contract_signed_late_agrees_its_own_start_and_the_move_is_recorded(people):
    project = people["project"]  # awarded to start 30 days ago
    awarded_start, today = project.service_start, timezone.localdate()
    with pytest.raises(ValidationError, match="前签订"):  # the agreed start may not precede the signing either
        contract(people, signed_on=today, service_start=today - DAY)
    with pytest.raises(ValidationError, match="须早于服务期结束日期"):
        contract(people, signed_on=today, service_start=project.service_end)
    project.refresh_from_db()
    assert project.service_start == awarded_start and not ProjectChange.objects.exists()
    contract(people, signed_on=today, service_start=today)
    project.refresh_from_db()
    assert (project.status, project.service_start) == (ProjectStatus.CONTRACTED, today)
    change = ProjectChange.objects.get(project=project)
    assert (change.kind, change.before, change.after) == (
        "period",
        {"service_start": awarded_start.isoformat()},
        {"service_start": today.isoformat()},
    )


def test_the_contract_page_shows_a_late_signing_and_takes_the_agreed_start(people):
    project = people["project"]
    today = timezone.localdate()
    client = Client()
    client.force_login(people["purchaser"])
    data = {
        "action": "contract",
        "number": "HT-2026-009",
        "signed_on": today.isoformat(),
        "amount": "100000",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "12",
        "m-0-title": "服务实施",
        "m-0-deliverable": "服务记录",
        "m-0-due_on": (today + 60 * DAY).isoformat(),
        "m-0-payment_amount": "100000",
    }
    page = client.post(f"/portal/delivery/{project.pk}/", data).content.decode()
    assert "请在合同中约定新的服务期开始日期" in page
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWARDED
    response = client.post(f"/portal/delivery/{project.pk}/", data | {"service_start": today.isoformat()})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.service_start) == (ProjectStatus.CONTRACTED, today)
