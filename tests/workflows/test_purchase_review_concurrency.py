"""Two officers of one purchasing unit award the same call at the same moment: one award counts, one set of
projects is made, the other officer is told (PostgreSQL row locks)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection  # noqa: F401 - read by the skipif condition

from registry.choices import OfficerRole
from registry.models import CallStatus, ServiceProject
from registry.services.purchase_review import (
    award_decide,
    award_propose,
    conflict_declare,
    notice_start,
    panel_assign,
    results_compute,
    review_of,
    scores_save,
)
from tests.factories import PurchaseApplicationFactory, ReviewCallFactory, ReviewExpertFactory
from tests.workflows.conftest import make_officer
from tests.workflows.test_registration_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]


def test_two_officers_awarding_at_once_make_one_set_of_projects(minhang):
    first = make_officer("mh_purchase_a", minhang, OfficerRole.EVALUATOR)
    second = make_officer("mh_purchase_b", minhang, OfficerRole.REVIEWER)
    call = ReviewCallFactory(created_by=first)
    experts = [ReviewExpertFactory() for _ in range(3)]
    panel_assign(call=call, by=first, experts=experts)
    applications = [PurchaseApplicationFactory(call=call) for _ in range(2)]
    for expert in experts:
        for application in applications:
            conflict_declare(application=application, by=expert.user, conflicted=False)
            scores = {c.pk: (Decimal(75), "") for c in call.criteria.all()}
            scores_save(application=application, by=expert.user, scores=scores, submit=True)
    results_compute(call=call, by=first)
    award_propose(call=call, by=first)
    notice_start(call=call, by=first, today=datetime.date(2026, 7, 6))
    after = review_of(call).notice_ends_on + datetime.timedelta(days=1)

    def award(user):
        def call_award():
            try:
                return len(award_decide(call=call, by=user, today=after))
            except ValidationError as exc:
                return exc.messages

        return call_award

    results = at_once(award(first), award(second))
    call.refresh_from_db()
    assert call.status == CallStatus.AWARDED
    assert ServiceProject.objects.count() == 2
    assert sorted(results, key=str) == sorted(
        [2, ["该项目征集当前状态为“已确定立项”，不能办理此事项（可能已由他人处理）。"]], key=str
    )
