"""Two officers of the purchaser deciding one milestone report at the same moment: exactly one decision counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.models import MilestoneStatus, PurchaserMember
from tests.factories import ServiceProjectFactory, UserFactory
from tests.workflows.conftest import pdf_bytes, upload
from tests.workflows.test_registration_concurrency import at_once
from workflows.flows.purchase_delivery import services as flow

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def test_accept_and_return_at_once_leave_one_decision_and_one_next_step(applicant):
    project = ServiceProjectFactory()
    assign_perm("registry.manage_organization", applicant, project.organization)
    officers = [UserFactory(username=f"street_race_{n}") for n in (1, 2)]
    for officer in officers:
        PurchaserMember.objects.create(user=officer, unit=project.unit)
    flow.contract_sign(
        project=project,
        by=officers[0],
        number="HT-RACE-1",
        signed_on=project.service_start,
        amount=Decimal("100000"),
        milestones=[
            {
                "title": "调研",
                "deliverable": "报告",
                "due_on": project.service_start + datetime.timedelta(days=30),
                "payment_amount": Decimal("40000"),
            },
            {
                "title": "实施",
                "deliverable": "台账",
                "due_on": project.service_start + datetime.timedelta(days=90),
                "payment_amount": Decimal("60000"),
            },
        ],
    )
    milestone = project.milestones.get(order=1)
    flow.milestone_report_send(milestone=milestone, by=applicant, text="完成", uploads=[upload("a.pdf", pdf_bytes())])

    def decide(officer, accept):
        def call():
            try:
                flow.milestone_decide(milestone=milestone, by=officer, accept=accept, reason="" if accept else "不全")
                return "won"
            except ValidationError:
                return "lost"

        return call

    results = at_once(decide(officers[0], True), decide(officers[1], False))
    assert sorted(results) == ["lost", "won"]
    milestone.refresh_from_db()
    assert [r.decision for r in milestone.reports.all()] == [milestone.reports.get().decision]
    assert milestone.status in (MilestoneStatus.ACCEPTED, MilestoneStatus.RETURNED)
    open_tasks = Task.objects.filter(process__bureauprocess__service_project=project, status=STATUS.NEW)
    assert [t.flow_task.name for t in open_tasks] == ["report"]
    assert connection.vendor == "postgresql"
