"""A form-level error is shown once, above the form, and the page keeps what was typed."""

import datetime
import uuid

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from registry.choices import OfficerRole
from registry.models import PenaltyCase
from registry.services.certificates import issue_registration_certificates
from tests.workflows.conftest import make_officer

pytestmark = pytest.mark.django_db


def test_new_application_shows_its_refusal_once(client, applicant, minhang):
    client.force_login(applicant)
    response = client.post(
        "/portal/applications/new/", {"org_type": "3", "jurisdiction": minhang.pk, "create_token": uuid.uuid4()}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("本机关不能登记基金会") == 1


def test_progress_lookup_shows_a_wrong_code_once(client):
    response = client.post("/progress/", {"number": "310112-2026-000001", "code": "ABCDEFGH"})
    assert response.status_code == 404
    assert response.content.decode().count("申请编号或查询码不正确") == 1


def test_penalty_investigation_shows_its_refusal_once(make_org, applicant, minhang):
    inspector = make_officer("mh_inspector", minhang, OfficerRole.INSPECTOR)
    approver = make_officer("mh_approver", minhang, OfficerRole.APPROVER)
    org = make_org(name="上海市闵行区违规活动协会", founded_on=datetime.date(2018, 4, 1))
    issue_registration_certificates(organization=org)
    assign_perm("registry.manage_organization", applicant, org)
    client = Client()
    client.force_login(inspector)
    client.post("/workflow/work/penalties/new/", {"uscc": org.uscc, "facts": "日常监管发现超出业务范围开展收费活动"})
    case = PenaltyCase.objects.get(organization=org)

    def act(user, data):
        officer = Client()
        officer.force_login(user)
        task = Task.objects.get(
            process__bureauprocess__penalty_case=case, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        args = [task.process_id, task.pk]
        officer.post(task.flow_task.reverse("assign", args=args))
        return officer.post(task.flow_task.reverse("execute", args=args), data)

    assert act(approver, {"decision": "approve", "opinion": "同意立案调查"}).status_code == 302
    alone = act(
        inspector,
        {
            "outcome": "propose",
            "findings": "超出业务范围收取培训费用两万元",
            "kinds": ["fine"],
            "fine_basis": "income",
            "illegal_amount_yuan": "20000",
            "fine_multiple": "3",
            "fine_yuan": "60000",
        },
    )
    assert alone.status_code == 200
    assert alone.content.decode().count("两名以上执法人员") == 1
