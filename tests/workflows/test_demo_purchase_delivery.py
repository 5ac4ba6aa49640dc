"""The demo delivery of purchased projects: milestones at each state, a closed project, a terminated one."""

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import MilestoneStatus, ProjectContract, ProjectStatus, ServiceProject

pytestmark = pytest.mark.django_db


def test_the_demo_holds_projects_at_each_state_and_runs_once(capsys):
    call_command("seed_demo", orgs=60, seed=5)
    call_command("seed_demo_purchase_delivery")
    statuses = {p.title: p.status for p in ServiceProject.objects.all()}
    assert sorted(statuses.values()) == sorted(
        [
            ProjectStatus.CONTRACTED,
            ProjectStatus.CONTRACTED,
            ProjectStatus.COMPLETED,
            ProjectStatus.TERMINATED,
            ProjectStatus.AWARDED,
        ]
    )
    milestone_states = set(
        ServiceProject.objects.filter(status=ProjectStatus.CONTRACTED).values_list("milestones__status", flat=True)
    )
    assert {
        MilestoneStatus.PAID,
        MilestoneStatus.REPORTED,
        MilestoneStatus.RETURNED,
        MilestoneStatus.PENDING,
    } <= milestone_states
    completed = ServiceProject.objects.get(status=ProjectStatus.COMPLETED)
    assert completed.final_grade == "excellent" and completed.evaluated_on is not None
    waiting = {
        t.flow_task.name
        for t in Task.objects.filter(process__bureauprocess__service_project__isnull=False, status=STATUS.NEW)
    }
    assert waiting == {"report", "inspect"}
    contracts = ProjectContract.objects.count()
    call_command("seed_demo_purchase_delivery")
    assert ProjectContract.objects.count() == contracts == 4
