"""Calls for government-purchased services and the per-application process: the purchaser drafts and publishes a
call, organizations apply from the portal (late or ineligible submissions are refused with reasons), the
purchaser checks eligibility, and the award concludes the waiting step. Each unit works behind its own wall."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from registry.choices import OfficerRole
from registry.models import (
    CallKind,
    CallStatus,
    EvaluationGrade,
    ProjectStatus,
    PurchaseApplication,
    PurchaseApplicationStatus,
    PurchaserKind,
    PurchaserRole,
    ServiceCall,
    ServiceCategory,
    ServiceProject,
)
from registry.selectors.purchase import call_eligibility
from registry.services import purchase_applications as applications
from registry.services import purchase_calls as calls
from tests.factories import PurchasingUnitFactory, ServiceCallFactory, UserFactory
from tests.workflows.conftest import make_officer, pdf_bytes, upload
from workflows.flows.purchase import PurchaseApplicationFlow, conclude_application
from workflows.flows.purchase.services import purchase_application_send, purchase_application_withdraw
from workflows.models import PurchaseApplicationProcess

pytestmark = pytest.mark.django_db

BUDGET = [{"item": "人员经费", "amount": "60000", "note": "2名社工"}, {"item": "活动经费", "amount": "30000.50"}]


@pytest.fixture
def units(minhang):
    bureau = PurchasingUnitFactory(name="闵行区民政局", kind=PurchaserKind.BUREAU, jurisdiction=minhang)
    street = PurchasingUnitFactory(name="古美路街道办事处", kind=PurchaserKind.STREET, jurisdiction=minhang)
    return {"bureau": bureau, "street": street}


@pytest.fixture
def staff(units):
    bureau_staff = UserFactory(username="mh_purchase", is_staff=True)
    street_staff = UserFactory(username="gm_purchase", is_staff=True)
    calls.purchaser_member_add(user=bureau_staff, unit=units["bureau"], role=PurchaserRole.OFFICER)
    calls.purchaser_member_add(user=street_staff, unit=units["street"], role=PurchaserRole.OFFICER)
    return {"bureau": bureau_staff, "street": street_staff}


@pytest.fixture
def representative(db):
    return UserFactory(username="org_rep")


@pytest.fixture
def eligible_org(make_org, representative):
    org = make_org(
        name="上海市闵行区青年志愿者协会", last_inspection_result="passed", founded_on=datetime.date(2019, 4, 1)
    )
    assign_perm("registry.manage_organization", representative, org)
    return org


@pytest.fixture
def ineligible_org(make_org, representative):
    org = make_org(
        name="上海市闵行区书法协会",
        last_inspection_result="passed",
        founded_on=datetime.date(2019, 4, 1),
        on_abnormal_list=True,
    )
    assign_perm("registry.manage_organization", representative, org)
    return org


@pytest.fixture
def call(units):
    return ServiceCallFactory(unit=units["bureau"])


def draft(call, org, by, **changes):
    fields = {"project_name": "银龄助餐", "plan": "每周五天送餐上门", "budget_lines": BUDGET, "team": []}
    fields.update(changes)
    return applications.application_save(call=call, organization=org, by=by, **fields)


def draft_call(unit, by, **changes):
    now = timezone.now()
    fields = {
        "kind": CallKind.PURCHASE,
        "title": "社区为老助餐服务项目",
        "category": ServiceCategory.ELDERLY,
        "description": "为辖区独居和高龄老人提供助餐服务。",
        "budget": Decimal("300000"),
        "max_per_project": Decimal("100000"),
        "service_start": (now + datetime.timedelta(days=60)).date(),
        "service_end": (now + datetime.timedelta(days=400)).date(),
        "deadline": now + datetime.timedelta(days=20),
        "min_years_registered": 2,
        "min_grade": "",
        "grade_bonus": {"5A": 5},
        "trim_extremes": True,
        "notice_days": 5,
        "incubation_support": "",
    }
    fields.update(changes)
    return calls.call_save(unit=unit, by=by, **fields)


def test_weights_must_add_up_to_100_and_a_refusal_changes_nothing(units, staff):
    call = draft_call(units["bureau"], staff["bureau"])
    calls.call_criteria_set(call=call, by=staff["bureau"], criteria=[{"name": "服务方案", "weight": 100}])
    with pytest.raises(ValidationError) as refused:
        calls.call_criteria_set(
            call=call, by=staff["bureau"], criteria=[{"name": "服务方案", "weight": 60}, {"name": "预算", "weight": 30}]
        )
    assert refused.value.messages == ["评分项权重合计须为100，现为90。"]
    assert list(call.criteria.values_list("name", "weight")) == [("服务方案", 100)]


def test_publish_only_a_complete_call_with_a_future_deadline(units, staff):
    by = staff["bureau"]
    call = draft_call(units["bureau"], by, budget=Decimal("50000"))
    with pytest.raises(ValidationError) as refused:
        calls.call_publish(call=call, by=by)
    assert "预算总额不得低于单个项目资助上限。" in refused.value.messages
    assert "请至少设置一个评分项。" in refused.value.messages
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT and call.published_at is None

    call = calls.call_save(unit=units["bureau"], by=by, call=call, budget=Decimal("300000"))
    calls.call_criteria_set(
        call=call, by=by, criteria=[{"name": "服务方案", "weight": 60}, {"name": "能力", "weight": 40}]
    )
    ServiceCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=5))
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="申报截止时间须晚于发布时间"):
        calls.call_publish(call=call, by=by)

    ServiceCall.objects.filter(pk=call.pk).update(deadline=timezone.now() + datetime.timedelta(days=10))
    call.refresh_from_db()
    published = calls.call_publish(call=call, by=by)
    assert published.status == CallStatus.OPEN and published.published_at is not None
    with pytest.raises(ValidationError):
        calls.call_save(unit=units["bureau"], by=by, call=published, title="改名")


def test_a_call_over_one_year_is_published_with_its_reason_shown_to_the_public(units, staff, client):
    by = staff["bureau"]
    start = timezone.localdate() + datetime.timedelta(days=60)
    call = draft_call(units["bureau"], by, service_start=start, service_end=start + datetime.timedelta(days=800))
    calls.call_criteria_set(call=call, by=by, criteria=[{"name": "服务方案", "weight": 100}])
    with pytest.raises(ValidationError, match="第二十四条"):
        calls.call_publish(call=call, by=by)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT
    call = calls.call_save(
        unit=units["bureau"], by=by, call=call, multi_year_reason="为老助餐服务内容固定、连续开展，经费列入滚动预算"
    )
    calls.call_publish(call=call, by=by)
    page = client.get(f"/purchase/{call.pk}/").content.decode()
    assert "跨年度履行理由" in page and "经费列入滚动预算" in page


def test_a_contest_needs_its_rounds_and_keeps_them_in_order(units, staff):
    by = staff["bureau"]
    call = draft_call(units["bureau"], by, kind=CallKind.VENTURE, incubation_support="入驻公益园区一年")
    calls.call_criteria_set(call=call, by=by, criteria=[{"name": "创新性", "weight": 100}])
    assert calls.call_publish_problems(call) == ["公益创投须至少设置一轮比赛（初赛、决赛）。"]
    day = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="决赛日期须晚于初赛日期"):
        calls.call_rounds_set(
            call=call, by=by, rounds=[{"kind": "preliminary", "held_on": day}, {"kind": "final", "held_on": day}]
        )
    calls.call_rounds_set(
        call=call,
        by=by,
        rounds=[
            {"kind": "preliminary", "held_on": day},
            {"kind": "final", "held_on": day + datetime.timedelta(days=7), "presentation": True},
        ],
    )
    assert calls.call_publish_problems(call) == []


def test_cancel_needs_a_reason_and_shows_it_publicly(call, staff, client):
    with pytest.raises(ValidationError):
        calls.call_cancel(call=call, by=staff["bureau"], reason=" ")
    calls.call_cancel(call=call, by=staff["bureau"], reason="预算调整，本年度暂停征集")
    page = client.get(reverse("purchase_call", args=[call.pk])).content.decode()
    assert "预算调整，本年度暂停征集" in page and "已撤销" in page


def test_the_wall_between_purchasing_units(call, units, staff, minhang, eligible_org, representative):
    street = staff["street"]
    with pytest.raises(PermissionDenied):
        calls.call_cancel(call=call, by=street, reason="越权")
    with pytest.raises(PermissionDenied):
        draft_call(units["bureau"], street)
    client = Client()
    client.force_login(street)
    assert client.get(reverse("work:purchase_call", args=[call.pk])).status_code == 404
    assert call.title not in client.get(reverse("work:purchase_calls")).content.decode()

    application = purchase_application_send(application=draft(call, eligible_org, representative), by=representative)
    process = PurchaseApplicationProcess.objects.get(purchase_application=application)
    assert client.get(PurchaseApplicationFlow.instance.reverse("process_detail", args=[process.pk])).status_code == 403
    task = Task.objects.get(process=process, flow_task=PurchaseApplicationFlow.check_eligibility)
    assert client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        applications.application_eligibility_decide(application=application, by=street, eligible=True, reasons=[])

    # A registration officer of the bureau acts for the bureau's own unit, not for the street's.
    window = make_officer("mh_window", minhang, OfficerRole.WINDOW)
    street_call = ServiceCallFactory(unit=units["street"])
    with pytest.raises(PermissionDenied):
        calls.call_cancel(call=street_call, by=window, reason="越权")
    calls.call_cancel(call=ServiceCallFactory(unit=units["bureau"]), by=window, reason="本局撤销")


def test_an_eligible_application_is_checked_then_waits_for_the_result(call, staff, eligible_org, representative):
    application = draft(call, eligible_org, representative)
    assert application.requested_amount == Decimal("90000.50")
    applications.application_document_attach(
        application=application, by=representative, kind="plan", uploaded=upload("方案.pdf", pdf_bytes())
    )
    application = purchase_application_send(application=application, by=representative)
    assert application.status == PurchaseApplicationStatus.SUBMITTED and application.refusal_reasons == []

    client = Client()
    client.force_login(staff["bureau"])
    task = Task.objects.get(
        process__bureauprocess__purchase_application=application, flow_task=PurchaseApplicationFlow.check_eligibility
    )
    args = [task.process_id, task.pk]
    assert client.post(task.flow_task.reverse("assign", args=args)).status_code == 302
    page = client.get(task.flow_task.reverse("execute", args=args)).content.decode()
    assert "银龄助餐" in page and "90000.50" in page
    response = client.post(task.flow_task.reverse("execute", args=args), {"eligible": "1", "reasons": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.ELIGIBLE
    waiting = Task.objects.get(process_id=task.process_id, flow_task=PurchaseApplicationFlow.await_result)
    assert waiting.status == STATUS.NEW

    # Not concluded yet: the waiting step stays.
    conclude_application(application)
    waiting.refresh_from_db()
    assert waiting.status == STATUS.NEW
    PurchaseApplication.objects.filter(pk=application.pk).update(status=PurchaseApplicationStatus.AWARDED)
    conclude_application(application)
    conclude_application(application)  # idempotent
    process = PurchaseApplicationProcess.objects.get(pk=task.process_id)
    assert process.status == PROCESS.DONE


def test_conclude_is_a_no_op_without_a_process(call, eligible_org, representative):
    application = draft(call, eligible_org, representative)
    PurchaseApplication.objects.filter(pk=application.pk).update(status=PurchaseApplicationStatus.NOT_AWARDED)
    conclude_application(application)
    assert not PurchaseApplicationProcess.objects.filter(purchase_application=application).exists()


def test_ineligible_check_ends_the_process_and_tells_the_organization(call, staff, eligible_org, representative):
    application = purchase_application_send(application=draft(call, eligible_org, representative), by=representative)
    client = Client()
    client.force_login(staff["bureau"])
    task = Task.objects.get(process__bureauprocess__purchase_application=application, flow_task_type="HUMAN")
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    response = client.post(task.flow_task.reverse("execute", args=args), {"eligible": "0", "reasons": ""})
    assert "资格审查不通过的，请写明理由。" in response.content.decode()
    client.post(task.flow_task.reverse("execute", args=args), {"eligible": "0", "reasons": "服务方案与征集内容不符"})
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.INELIGIBLE
    assert application.refusal_reasons == ["服务方案与征集内容不符"]
    assert PurchaseApplicationProcess.objects.get(pk=task.process_id).status == PROCESS.DONE
    portal = Client()
    portal.force_login(representative)
    page = portal.get(reverse("portal_purchase_application", args=[application.pk])).content.decode()
    assert "服务方案与征集内容不符" in page


def test_an_ineligible_organization_is_refused_with_the_reasons_and_nothing_starts(
    call, ineligible_org, representative
):
    assert call_eligibility(ineligible_org, call) == ["已列入活动异常名录。"]
    application = purchase_application_send(application=draft(call, ineligible_org, representative), by=representative)
    assert application.status == PurchaseApplicationStatus.REFUSED
    assert application.refusal_reasons == ["已列入活动异常名录。"]
    assert application.project_name == "银龄助餐" and application.requested_amount == Decimal("90000.50")
    assert not PurchaseApplicationProcess.objects.filter(purchase_application=application).exists()
    portal = Client()
    portal.force_login(representative)
    page = portal.get(reverse("portal_purchase_application", args=[application.pk])).content.decode()
    assert "不予受理的理由" in page and "已列入活动异常名录。" in page


def test_a_late_submission_is_refused(call, eligible_org, representative):
    application = draft(call, eligible_org, representative)
    ServiceCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    application = purchase_application_send(application=application, by=representative)
    assert application.status == PurchaseApplicationStatus.REFUSED
    assert application.refusal_reasons[0].startswith("已超过申报截止时间")
    assert not PurchaseApplicationProcess.objects.filter(purchase_application=application).exists()


def test_a_failed_project_bars_the_organization_for_the_set_years(call, eligible_org, representative, settings):
    application = draft(ServiceCallFactory(unit=call.unit), eligible_org, representative)
    ServiceProject.objects.create(
        application=application,
        organization=eligible_org,
        unit=call.unit,
        title="往年项目",
        category=ServiceCategory.ELDERLY,
        amount=Decimal("50000"),
        status=ProjectStatus.COMPLETED,
        awarded_on=timezone.localdate() - datetime.timedelta(days=500),
        service_start=timezone.localdate() - datetime.timedelta(days=480),
        service_end=timezone.localdate() - datetime.timedelta(days=100),
        final_grade=EvaluationGrade.FAIL,
        evaluated_on=timezone.localdate() - datetime.timedelta(days=90),
    )
    assert "不得参与项目征集" in call_eligibility(eligible_org, call)[0]
    settings.REGISTRY = {**settings.REGISTRY, "PURCHASE_BAR_YEARS": 0}
    assert call_eligibility(eligible_org, call) == []


def test_incomplete_content_and_an_over_budget_total_are_errors_not_refusals(call, eligible_org, representative):
    application = draft(call, eligible_org, representative, budget_lines=[{"item": "人员经费", "amount": "100000.01"}])
    with pytest.raises(ValidationError, match="超过单个项目资助上限"):
        applications.application_submit(application=application, by=representative)
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.DRAFT and application.refusal_reasons == []
    with pytest.raises(ValidationError, match="金额不是数字"):
        draft(call, eligible_org, representative, budget_lines=[{"item": "x", "amount": "abc"}])


def test_withdraw_before_the_deadline_cancels_the_process(call, eligible_org, representative):
    application = purchase_application_send(application=draft(call, eligible_org, representative), by=representative)
    purchase_application_withdraw(application=application, by=representative)
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.WITHDRAWN
    assert PurchaseApplicationProcess.objects.get(purchase_application=application).status == PROCESS.CANCELED
    # A withdrawn application frees the organization to apply again.
    assert draft(call, eligible_org, representative).status == PurchaseApplicationStatus.DRAFT


def test_no_withdrawal_after_the_deadline(call, eligible_org, representative):
    application = purchase_application_send(application=draft(call, eligible_org, representative), by=representative)
    ServiceCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="申报截止后不能撤回"):
        purchase_application_withdraw(application=application, by=representative)
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.SUBMITTED


def test_another_organization_cannot_touch_the_application(call, eligible_org, representative):
    application = draft(call, eligible_org, representative)
    stranger = UserFactory(username="stranger")
    with pytest.raises(PermissionDenied):
        applications.application_submit(application=application, by=stranger)
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("portal_purchase_application", args=[application.pk])).status_code == 404


def test_portal_lists_calls_with_live_eligibility_and_applies(call, eligible_org, ineligible_org, representative):
    client = Client()
    client.force_login(representative)
    page = client.get(reverse("portal_purchase")).content.decode()
    assert "本组织符合申报条件。" in page and "已列入活动异常名录。" in page
    # The ineligible organization cannot open an application.
    response = client.post(reverse("portal_purchase"), {"organization": ineligible_org.pk, "call": call.pk})
    assert response.status_code == 302
    assert not PurchaseApplication.objects.filter(organization=ineligible_org).exists()
    response = client.post(reverse("portal_purchase"), {"organization": eligible_org.pk, "call": call.pk})
    application = PurchaseApplication.objects.get(organization=eligible_org)
    assert response["Location"] == reverse("portal_purchase_application", args=[application.pk])
    url = reverse("portal_purchase_application", args=[application.pk])
    data = {
        "project_name": "银龄助餐",
        "plan": "每周五天送餐",
        "beneficiaries": "独居老人",
        "beneficiary_count": "120",
        "budget_item": ["人员经费", "活动经费", ""],
        "budget_amount": ["60000", "30000", ""],
        "budget_note": ["", "", ""],
        "team_name": ["张三"],
        "team_role": ["项目负责人"],
        "team_qualification": ["社会工作师"],
        "action": "submit",
    }
    response = client.post(url, data, follow=True)
    assert "提交前请勾选确认" in response.content.decode()
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.DRAFT and application.requested_amount == Decimal("90000")
    client.post(url, {**data, "confirm": "1"})
    application.refresh_from_db()
    assert application.status == PurchaseApplicationStatus.SUBMITTED
    assert application.team == [{"name": "张三", "role": "项目负责人", "qualification": "社会工作师"}]
    assert application.beneficiary_count == 120


@pytest.mark.django_db(transaction=True)
def test_two_staff_claiming_at_once_only_one_wins(units, staff, eligible_org, representative):
    call = ServiceCallFactory(unit=units["bureau"])
    second = UserFactory(username="mh_purchase2", is_staff=True)
    calls.purchaser_member_add(user=second, unit=units["bureau"], role=PurchaserRole.OFFICER)
    application = purchase_application_send(application=draft(call, eligible_org, representative), by=representative)
    task = Task.objects.get(process__bureauprocess__purchase_application=application, flow_task_type="HUMAN")
    url = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    barrier = threading.Barrier(2)
    results = []

    def claim(user):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            results.append(client.post(url).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(user,)) for user in (staff["bureau"], second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner in (staff["bureau"], second)
    assert sorted(results) in ([302, 302], [302, 403])


def test_public_calls_filter_by_category_kind_and_status_and_hide_drafts(units, staff, client):
    elderly = ServiceCallFactory(unit=units["bureau"], title="为老助餐")
    venture = ServiceCallFactory(
        unit=units["street"], title="社区公益创投", kind=CallKind.VENTURE, category=ServiceCategory.COMMUNITY
    )
    draft_call(units["bureau"], staff["bureau"], title="尚未发布的征集")
    page = client.get(reverse("purchase_calls")).content.decode()
    assert elderly.title in page and venture.title in page and "尚未发布的征集" not in page
    page = client.get(reverse("purchase_calls"), {"kind": "venture"}).content.decode()
    assert venture.title in page and elderly.title not in page
    page = client.get(reverse("purchase_calls"), {"category": "elderly", "status": "open"}).content.decode()
    assert elderly.title in page and venture.title not in page
    draft = ServiceCall.objects.get(title="尚未发布的征集")
    assert client.get(reverse("purchase_call", args=[draft.pk])).status_code == 404
    detail = client.get(reverse("purchase_call", args=[elderly.pk])).content.decode()
    assert "100000.00 元" in detail and "服务方案" in detail and "60%" in detail


def test_admin_shows_a_bureaus_officers_the_units_of_their_district_only(units, songjiang, rf):
    from django.contrib.admin.sites import site

    from registry.admin_purchase import PurchasingUnitAdmin

    PurchasingUnitFactory(name="松江区民政局", jurisdiction=songjiang)
    request = rf.get("/admin/")
    request.user = make_officer("sj_window", songjiang, OfficerRole.WINDOW)
    names = set(
        PurchasingUnitAdmin(units["bureau"].__class__, site).get_queryset(request).values_list("name", flat=True)
    )
    assert names == {"松江区民政局"}


def test_an_application_the_preliminary_sent_home_is_concluded(call, staff, eligible_org, representative):
    application = purchase_application_send(application=draft(call, eligible_org, representative), by=representative)
    client = Client()
    client.force_login(staff["bureau"])
    task = Task.objects.get(
        process__bureauprocess__purchase_application=application, flow_task=PurchaseApplicationFlow.check_eligibility
    )
    args = [task.process_id, task.pk]
    client.post(task.flow_task.reverse("assign", args=args))
    client.post(task.flow_task.reverse("execute", args=args), {"eligible": "1", "reasons": ""})
    PurchaseApplication.objects.filter(pk=application.pk).update(status=PurchaseApplicationStatus.NOT_ADVANCED)
    conclude_application(application)
    assert PurchaseApplicationProcess.objects.get(pk=task.process_id).status == PROCESS.DONE
