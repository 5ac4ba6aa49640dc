"""The officers' inbox shows the eligibility checks (资格审查) of every purchasing unit the officer acts for
(`units_for`: a unit's own staff, a bureau's officers for the bureau's unit), and no other unit's."""

import datetime

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task

from registry.choices import OfficerRole
from registry.models import PurchaseApplicationStatus, PurchaserKind, PurchaserRole
from registry.services import purchase_applications as applications
from registry.services import purchase_calls as calls
from tests.factories import OfficerFactory, PurchasingUnitFactory, ServiceCallFactory, UserFactory
from tests.workflows.conftest import make_officer
from workflows.flows.purchase import PurchaseApplicationFlow
from workflows.flows.purchase.services import purchase_application_send
from workflows.inbox.selectors import officer_tasks

pytestmark = pytest.mark.django_db

BUDGET = [{"item": "人员经费", "amount": "60000"}]


@pytest.fixture
def checks(minhang, make_org):
    """An application to the bureau's own call and one to a street office's call, each waiting for its check."""
    bureau_unit = PurchasingUnitFactory(name="闵行区民政局", kind=PurchaserKind.BUREAU, jurisdiction=minhang)
    street_unit = PurchasingUnitFactory(name="古美路街道办事处", kind=PurchaserKind.STREET, jurisdiction=minhang)
    representative = UserFactory(username="org_rep")
    org = make_org(
        name="上海市闵行区青年志愿者协会", last_inspection_result="passed", founded_on=datetime.date(2019, 4, 1)
    )
    assign_perm("registry.manage_organization", representative, org)
    sent = {}
    for key, unit, project in (("bureau", bureau_unit, "银龄助餐"), ("street", street_unit, "社区探访")):
        call = ServiceCallFactory(unit=unit, title=f"{unit.name}项目征集")
        draft = applications.application_save(
            call=call,
            organization=org,
            by=representative,
            project_name=project,
            plan="每周服务",
            budget_lines=BUDGET,
            team=[],
        )
        sent[key] = purchase_application_send(application=draft, by=representative)
        assert sent[key].status == PurchaseApplicationStatus.SUBMITTED
    return {"bureau_unit": bureau_unit, "street_unit": street_unit, **sent}


def checks_in_inbox(user) -> set[str]:
    return {
        task.process.bureauprocess.purchase_application.reference
        for task in officer_tasks(user)
        if task.flow_task == PurchaseApplicationFlow.check_eligibility
    }


def test_a_bureau_officer_sees_the_bureau_units_check_and_claims_it_from_the_inbox(checks, minhang):
    officer = make_officer("mh_reviewer", minhang, OfficerRole.REVIEWER)  # no membership of any unit
    assert checks_in_inbox(officer) == {checks["bureau"].reference}
    client = Client()
    client.force_login(officer)
    page = client.get("/workflow/work/").content.decode()
    assert checks["bureau"].reference in page and "银龄助餐" in page
    assert checks["street"].reference not in page and "社区探访" not in page
    task = Task.objects.get(
        process__bureauprocess__purchase_application=checks["bureau"],
        flow_task=PurchaseApplicationFlow.check_eligibility,
    )
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.owner == officer
    assert checks_in_inbox(officer) == {checks["bureau"].reference}  # now as a task the officer holds


def test_each_units_staff_see_their_own_units_checks_only(checks):
    street_staff = UserFactory(username="gm_purchase", is_staff=True)
    calls.purchaser_member_add(user=street_staff, unit=checks["street_unit"], role=PurchaserRole.OFFICER)
    assert checks_in_inbox(street_staff) == {checks["street"].reference}
    both = UserFactory(username="both_purchase", is_staff=True)
    calls.purchaser_member_add(user=both, unit=checks["street_unit"], role=PurchaserRole.OFFICER)
    calls.purchaser_member_add(user=both, unit=checks["bureau_unit"], role=PurchaserRole.OFFICER)
    assert checks_in_inbox(both) == {checks["street"].reference, checks["bureau"].reference}


def test_competent_units_reviewers_and_other_bureaus_do_not_see_the_check(checks, minhang, songjiang):
    competent = OfficerFactory(
        username="mh_unit",
        roles=[OfficerRole.UNIT],
        roles__jurisdiction=minhang,
        roles__unit_name="上海市闵行区教育局",
        view_register=True,
    )  # works for a competent business unit
    assert checks_in_inbox(competent) == set()
    assert checks_in_inbox(make_officer("sj_reviewer", songjiang, OfficerRole.REVIEWER)) == set()
    # A stray object permission on the unit does not open the wall: units_for alone decides.
    assign_perm(calls.UNIT_PERMISSION, competent, checks["bureau_unit"])
    assert checks_in_inbox(competent) == set()
    client = Client()
    client.force_login(competent)
    assert checks["bureau"].reference not in client.get("/workflow/work/").content.decode()
