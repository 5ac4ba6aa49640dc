"""The demo's purchase of services: two purchasing units with staff, and calls at draft, open and review."""

import pytest
from django.core.management import call_command

from registry.models import CallStatus, PurchaseApplication, PurchaseApplicationStatus, ServiceCall
from workflows.inbox.selectors import officer_tasks

pytestmark = pytest.mark.django_db


def test_demo_calls_at_each_stage_with_an_eligible_and_a_refused_application(django_user_model, client):
    call_command("seed_demo", orgs=300, seed=7)
    call_command("seed_demo_purchase")
    call_command("seed_demo_purchase")  # a second run changes nothing
    assert sorted(ServiceCall.objects.values_list("status", flat=True)) == sorted(
        [CallStatus.DRAFT, CallStatus.OPEN, CallStatus.REVIEW]
    )
    open_call = ServiceCall.objects.get(status=CallStatus.OPEN)
    statuses = sorted(PurchaseApplication.objects.filter(call=open_call).values_list("status", flat=True))
    assert statuses == [PurchaseApplicationStatus.REFUSED, PurchaseApplicationStatus.SUBMITTED]
    refused = PurchaseApplication.objects.get(call=open_call, status=PurchaseApplicationStatus.REFUSED)
    assert refused.refusal_reasons
    review = PurchaseApplication.objects.get(call__status=CallStatus.REVIEW)
    assert review.status == PurchaseApplicationStatus.ELIGIBLE
    bureau_staff = django_user_model.objects.get(username="mh_purchase")
    assert [t.flow_task.name for t in officer_tasks(bureau_staff)] == ["check_eligibility"]
    assert list(officer_tasks(django_user_model.objects.get(username="gm_purchase"))) == []
    page = client.get("/purchase/").content.decode()
    draft = ServiceCall.objects.get(status=CallStatus.DRAFT)
    assert open_call.title in page and draft.title not in page  # the draft is not public
