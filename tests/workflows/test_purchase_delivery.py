"""Delivery of a purchased project: contract, milestones reported, accepted or returned, payments, changes,
termination and the third party's evaluations, with the project's process moving along."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import OfficerRole
from registry.models import (
    MilestoneStatus,
    ProjectChange,
    ProjectEvaluation,
    ProjectStatus,
    PurchaserKind,
    PurchaserMember,
)
from registry.selectors.purchase_delivery import organization_barred_until
from registry.services import purchase_delivery as delivery
from tests.factories import ServiceProjectFactory, StreetUnitFactory, UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from tests.workflows.test_evaluation_flow import make_evaluator
from workflows.flows.purchase_delivery import services as flow
from workflows.models import BureauProcess

pytestmark = pytest.mark.django_db


def plan(project, *payments):
    """Milestones spread over the service period with the given payments."""
    step = (project.service_end - project.service_start) // (len(payments) + 1)
    return [
        {
            "title": f"第{n}阶段",
            "deliverable": f"第{n}阶段服务记录和台账",
            "due_on": project.service_start + step * n,
            "payment_amount": Decimal(amount),
        }
        for n, amount in enumerate(payments, start=1)
    ]


@pytest.fixture
def people(applicant):
    project = ServiceProjectFactory()
    assign_perm("registry.manage_organization", applicant, project.organization)
    purchaser = UserFactory(username="street_officer")
    PurchaserMember.objects.create(user=purchaser, unit=project.unit)
    return {"project": project, "org": applicant, "purchaser": purchaser, "evaluator": make_evaluator("expert_pd")}


def sign(people, *payments, amount="100000"):
    project = people["project"]
    flow.contract_sign(
        project=project,
        by=people["purchaser"],
        number=f"HT-{project.pk}",
        signed_on=project.service_start,
        amount=Decimal(amount),
        milestones=plan(project, *payments),
    )
    project.refresh_from_db()
    return project


def open_steps(project):
    return sorted(
        t.flow_task.name
        for t in Task.objects.filter(process__bureauprocess__service_project=project, status=STATUS.NEW)
    )


def report(people, milestone, text="已完成"):
    return flow.milestone_report_send(
        milestone=milestone, by=people["org"], text=text, uploads=[upload("proof.pdf", pdf_bytes("proof"))]
    )


def test_recording_the_contract_starts_the_process_at_the_first_report(people):
    project = sign(people, "40000", "60000")
    assert project.status == ProjectStatus.CONTRACTED
    assert project.contract.amount == Decimal("100000")
    assert [m.order for m in project.milestones.all()] == [1, 2]
    process = BureauProcess.objects.get(service_project=project)
    assert process.jurisdiction == project.unit.jurisdiction
    assert open_steps(project) == ["report"]


def test_payments_that_do_not_add_up_are_refused_and_nothing_is_recorded(people):
    with pytest.raises(ValidationError) as refused:
        sign(people, "40000", "50000")
    assert "与合同金额 100,000.00 元不一致" in refused.value.messages[0]
    people["project"].refresh_from_db()
    assert people["project"].status == ProjectStatus.AWARDED
    assert not people["project"].milestones.exists()
    assert not BureauProcess.objects.filter(service_project=people["project"]).exists()


def test_a_contract_above_the_awarded_amount_is_refused(people):
    with pytest.raises(ValidationError, match="超过立项金额"):
        sign(people, "60000", "60000", amount="120000")


def test_only_the_purchasers_staff_record_the_contract(people):
    other_unit = StreetUnitFactory(name="另一街道")
    stranger = UserFactory(username="other_street")
    PurchaserMember.objects.create(user=stranger, unit=other_unit)
    people["purchaser"] = stranger
    with pytest.raises(PermissionDenied):
        sign(people, "100000")


def test_a_bureau_officer_acts_for_the_bureau_as_purchaser(people, minhang, songjiang):
    project = people["project"]
    project.unit.kind = PurchaserKind.BUREAU
    project.unit.save()
    people["purchaser"] = make_officer("sj_reviewer_pd", songjiang, OfficerRole.REVIEWER)
    with pytest.raises(PermissionDenied):
        sign(people, "100000")
    people["purchaser"] = make_officer("mh_reviewer_pd", minhang, OfficerRole.REVIEWER)
    assert sign(people, "100000").status == ProjectStatus.CONTRACTED


def test_return_then_report_again_then_accept_moves_the_process(people):
    project = sign(people, "40000", "60000")
    first, second = project.milestones.all()
    with pytest.raises(ValidationError, match="请按顺序报送里程碑：当前应报送第 1 个"):
        report(people, second)
    report(people, first)
    assert open_steps(project) == ["inspect"]
    with pytest.raises(ValidationError, match="退回须写明理由"):
        flow.milestone_decide(milestone=first, by=people["purchaser"], accept=False, reason=" ")
    flow.milestone_decide(milestone=first, by=people["purchaser"], accept=False, reason="缺少签到表")
    first.refresh_from_db()
    assert first.status == MilestoneStatus.RETURNED
    assert open_steps(project) == ["report"]
    report(people, first, "补充了签到表")
    flow.milestone_decide(milestone=first, by=people["purchaser"], accept=True)
    first.refresh_from_db()
    assert first.status == MilestoneStatus.ACCEPTED
    assert [r.decision for r in first.reports.all()] == ["returned", "accepted"]
    assert first.on_time is True
    assert open_steps(project) == ["report"]
    with pytest.raises(ValidationError, match="不能办理此事项"):
        report(people, first)
    report(people, second)
    flow.milestone_decide(milestone=second, by=people["purchaser"], accept=True)
    assert open_steps(project) == ["evaluate"]


def test_the_organization_must_attach_evidence_and_be_the_provider(people, applicant):
    project = sign(people, "100000")
    milestone = project.milestones.get()
    with pytest.raises(ValidationError, match="请上传佐证材料"):
        flow.milestone_report_send(milestone=milestone, by=people["org"], text="完成", uploads=[])
    with pytest.raises(PermissionDenied):
        flow.milestone_report_send(
            milestone=milestone, by=people["purchaser"], text="完成", uploads=[upload("a.pdf", pdf_bytes())]
        )
    with pytest.raises(ValidationError):
        flow.milestone_report_send(
            milestone=milestone, by=people["org"], text="完成", uploads=[upload("a.pdf", b"<html>not a pdf")]
        )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING and not milestone.reports.exists()


def test_a_late_report_is_not_on_time(people):
    project = people["project"]
    flow.contract_sign(
        project=project,
        by=people["purchaser"],
        number=f"HT-{project.pk}",
        signed_on=project.service_start,
        amount=Decimal("100000"),
        milestones=[
            {
                "title": "需求评估",
                "deliverable": "需求评估报告",
                "due_on": project.service_start + datetime.timedelta(days=5),
                "payment_amount": Decimal("100000"),
            }
        ],
    )
    milestone = project.milestones.get()
    delivery.milestone_report(  # today: 25 days after the milestone was due
        milestone=milestone, by=people["org"], text="完成", uploads=[upload("a.pdf", pdf_bytes())]
    )
    delivery.milestone_accept(milestone=milestone, by=people["purchaser"])
    milestone.refresh_from_db()
    assert milestone.on_time is False


def test_payment_only_after_acceptance_and_not_above_the_milestone(people):
    project = sign(people, "40000", "60000")
    first = project.milestones.first()
    today = datetime.date.today()
    with pytest.raises(ValidationError, match="验收通过后方可付款"):
        delivery.milestone_payment_record(
            milestone=first, by=people["purchaser"], paid_on=today, amount=Decimal("40000")
        )
    report(people, first)
    with pytest.raises(ValidationError, match="验收通过后方可付款"):
        delivery.milestone_payment_record(
            milestone=first, by=people["purchaser"], paid_on=today, amount=Decimal("40000")
        )
    flow.milestone_decide(milestone=first, by=people["purchaser"], accept=True)
    with pytest.raises(ValidationError, match="不超过该里程碑约定的 40,000.00 元"):
        delivery.milestone_payment_record(
            milestone=first, by=people["purchaser"], paid_on=today, amount=Decimal("40001")
        )
    paid = delivery.milestone_payment_record(
        milestone=first, by=people["purchaser"], paid_on=today, amount=Decimal("40000")
    )
    assert (paid.status, paid.paid_amount, paid.paid_on) == (MilestoneStatus.PAID, Decimal("40000"), today)


def test_the_second_of_two_officers_deciding_one_report_is_refused(people):
    project = sign(people, "100000")
    milestone = project.milestones.get()
    report(people, milestone)
    colleague = UserFactory(username="street_officer_2")
    PurchaserMember.objects.create(user=colleague, unit=project.unit)
    flow.milestone_decide(milestone=milestone, by=people["purchaser"], accept=True)
    with pytest.raises(ValidationError, match="不能办理此事项"):
        flow.milestone_decide(milestone=milestone, by=colleague, accept=False, reason="材料不全")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.ACCEPTED
    assert [r.decision for r in milestone.reports.all()] == ["accepted"]


def test_changes_are_recorded_with_who_and_what(people):
    project = sign(people, "40000", "60000")
    end = project.service_end + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="与合同金额 110,000.00 元不一致"):
        delivery.project_change(project=project, by=people["purchaser"], reason="增加服务量", amount=Decimal("110000"))
    changes = delivery.project_change(
        project=project,
        by=people["purchaser"],
        reason="增加服务量，延长服务期",
        amount=Decimal("110000"),
        service_end=end,
        milestones=plan(project, "50000", "60000"),
    )
    assert sorted(c.kind for c in changes) == ["amount", "milestones", "period"]
    assert all(c.by == people["purchaser"] for c in changes)
    project.refresh_from_db()
    assert project.contract.amount == Decimal("110000") and project.service_end == end
    assert [m.payment_amount for m in project.milestones.all()] == [Decimal("50000"), Decimal("60000")]


def test_termination_cancels_open_milestones_and_the_open_step(people):
    project = sign(people, "40000", "60000")
    report(people, project.milestones.first())
    assert open_steps(project) == ["inspect"]
    with pytest.raises(ValidationError, match="终止项目须写明理由"):
        flow.project_terminate(project=project, by=people["purchaser"], reason="")
    flow.project_terminate(project=project, by=people["purchaser"], reason="承接组织无法继续提供服务")
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED
    assert set(project.milestones.values_list("status", flat=True)) == {MilestoneStatus.CANCELLED}
    assert open_steps(project) == []
    assert Task.objects.filter(process__bureauprocess__service_project=project, status=STATUS.CANCELED).exists()
    change = ProjectChange.objects.get(project=project, kind="termination")
    assert change.by == people["purchaser"] and change.reason == "承接组织无法继续提供服务"
    with pytest.raises(ValidationError):
        report(people, project.milestones.last())


def deliver_all(people, project):
    for milestone in project.milestones.all():
        report(people, milestone)
        flow.milestone_decide(milestone=milestone, by=people["purchaser"], accept=True)


def test_final_evaluation_needs_every_milestone_and_sets_the_grade(people):
    project = sign(people, "40000", "60000")
    evaluation = delivery.project_evaluator_assign(
        project=project, by=people["purchaser"], stage="final", evaluator=people["evaluator"]
    )
    result = {
        "grade": "good",
        "score": Decimal("86.5"),
        "findings": "服务记录完整。",
        "evaluated_on": datetime.date.today(),
    }
    with pytest.raises(ValidationError, match="全部里程碑验收通过后"):
        flow.evaluation_record(evaluation=evaluation, by=people["evaluator"].user, **result)
    deliver_all(people, project)
    with pytest.raises(PermissionDenied):
        flow.evaluation_record(evaluation=evaluation, by=people["purchaser"], **result)
    flow.evaluation_record(evaluation=evaluation, by=people["evaluator"].user, **result)
    project.refresh_from_db()
    assert (project.status, project.final_grade, project.evaluated_on) == (
        ProjectStatus.COMPLETED,
        "good",
        datetime.date.today(),
    )
    assert BureauProcess.objects.get(service_project=project).finished is not None
    assert organization_barred_until(project.organization) is None


def test_a_midterm_evaluation_leaves_the_project_under_way(people):
    project = sign(people, "40000", "60000")
    evaluation = delivery.project_evaluator_assign(
        project=project, by=people["purchaser"], stage="midterm", evaluator=people["evaluator"]
    )
    flow.evaluation_record(
        evaluation=evaluation,
        by=people["evaluator"].user,
        grade="pass",
        score=None,
        findings="进度正常。",
        evaluated_on=datetime.date.today(),
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.CONTRACTED and project.final_grade == ""
    assert ProjectEvaluation.objects.get(project=project, stage="midterm").grade == "pass"


@pytest.mark.parametrize("years", [2, 3])
def test_a_failed_final_evaluation_bars_the_organization_for_the_years_set(people, years):
    project = sign(people, "100000")
    deliver_all(people, project)
    evaluation = delivery.project_evaluator_assign(
        project=project, by=people["purchaser"], stage="final", evaluator=people["evaluator"]
    )
    evaluated_on = datetime.date.today() - datetime.timedelta(days=1)
    project.milestones.update(accepted_on=evaluated_on - datetime.timedelta(days=1))  # accepted before that
    flow.evaluation_record(
        evaluation=evaluation,
        by=people["evaluator"].user,
        grade="fail",
        score=Decimal("52"),
        findings="未达目标。",
        evaluated_on=evaluated_on,
    )
    project.refresh_from_db()
    assert (project.final_grade, project.evaluated_on) == ("fail", evaluated_on)
    with override_settings(REGISTRY_PURCHASE_BAR_YEARS=years):
        assert organization_barred_until(project.organization) == evaluated_on.replace(year=evaluated_on.year + years)
