"""The demo 公益创投 contest: in its final round, after a computed preliminary."""

import pytest
from django.core.management import call_command

from registry.models import CallKind, ExpertScore, PurchaseApplicationStatus, ServiceCall
from registry.selectors.purchase_review import review_stage

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_contest_in_its_final_round():
    call_command("seed_demo", orgs=300, seed=7)
    call_command("seed_demo_purchase_contest")
    call_command("seed_demo_purchase_contest")  # a second run changes nothing
    contest = ServiceCall.objects.get(kind=CallKind.VENTURE)
    assert review_stage(contest) == ""  # the final is being scored
    statuses = sorted(contest.applications.values_list("status", flat=True))
    assert statuses == [PurchaseApplicationStatus.ELIGIBLE] * 2 + [PurchaseApplicationStatus.NOT_ADVANCED]
    assert ExpertScore.objects.filter(application__call=contest, stage="preliminary").count() == 27
    assert ExpertScore.objects.filter(application__call=contest, stage="").count() == 6
