"""The demo review of purchase calls: expert accounts and a call at each stage of the review."""

import pytest
from django.core.management import call_command

from registry.models import (
    CallStatus,
    ConflictDeclaration,
    ExpertScore,
    NoticeObjection,
    PurchaseApplicationStatus,
    ReviewExpert,
    ServiceCall,
    ServiceProject,
)

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_call_being_scored_one_on_notice_with_an_objection_and_one_awarded():
    call_command("seed_demo", orgs=300, seed=7)
    call_command("seed_demo_purchase_review")
    call_command("seed_demo_purchase_review")  # a second run changes nothing
    assert ReviewExpert.objects.count() == 3
    calls = {call.status: call for call in ServiceCall.objects.all()}
    assert ServiceCall.objects.count() == 3 and set(calls) == {CallStatus.REVIEW, CallStatus.NOTICE, CallStatus.AWARDED}
    scoring = calls[CallStatus.REVIEW]
    assert ConflictDeclaration.objects.filter(application__call=scoring, conflicted=True).count() == 1
    assert ExpertScore.objects.filter(application__call=scoring, submitted_at__isnull=True).exists()
    assert NoticeObjection.objects.filter(call=calls[CallStatus.NOTICE]).count() == 1
    awarded = calls[CallStatus.AWARDED]
    statuses = set(awarded.applications.values_list("status", flat=True))
    assert PurchaseApplicationStatus.AWARDED in statuses
    assert (
        ServiceProject.objects.filter(application__call=awarded).count()
        == awarded.applications.filter(status=PurchaseApplicationStatus.AWARDED).count()
    )
