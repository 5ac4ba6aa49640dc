"""The rounds of a 公益创投 contest: the panel scores the preliminary, the best advance to the final, the final's
scores rank and award as for a call, and the winners are admitted to the base the call names."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry.choices import OfficerRole
from registry.models import (
    Admission,
    CallKind,
    CallRound,
    CallStatus,
    ExpertScore,
    PurchaseApplicationStatus,
)
from registry.selectors.purchase_review import PRELIMINARY, expert_applications, review_stage
from registry.services.purchase_incubation import contest_winner_admit
from registry.services.purchase_review import (
    award_decide,
    award_propose,
    conflict_declare,
    notice_start,
    panel_assign,
    preliminary_compute,
    results_compute,
    review_of,
    scores_save,
)
from tests.factories import (
    IncubationBaseFactory,
    OfficerFactory,
    PurchaseApplicationFactory,
    ReviewCallFactory,
    ReviewExpertFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
Status = PurchaseApplicationStatus
TODAY = datetime.date(2026, 7, 6)  # a Monday


@pytest.fixture
def purchaser(minhang):
    return OfficerFactory(username="mh_contest", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=minhang)


@pytest.fixture
def contest(minhang):
    call = ReviewCallFactory(kind=CallKind.VENTURE, budget=D("150000.00"), max_per_project=D("60000.00"))
    CallRound.objects.create(call=call, kind="preliminary", held_on=datetime.date(2026, 7, 10), advancing=2)
    CallRound.objects.create(call=call, kind="final", held_on=datetime.date(2026, 7, 20), presentation=True)
    return call


@pytest.fixture
def members(contest, purchaser):
    return panel_assign(call=contest, by=purchaser, experts=[ReviewExpertFactory() for _ in range(3)])


@pytest.fixture
def applications(contest):
    return [PurchaseApplicationFactory(call=contest) for _ in range(3)]


def score_all(call, application, members, value, *, conflicted=()):
    """Each member scores every criterion `value` and submits (declaring first, once, unless declared)."""
    for member in members:
        user = member.expert.user
        if not member.declarations.filter(application=application).exists():
            conflict_declare(
                application=application,
                by=user,
                conflicted=member in conflicted,
                reason="曾在该组织担任理事" if member in conflicted else "",
            )
        if member in conflicted:
            continue
        scores = {c.pk: (D(value), "") for c in call.criteria.all()}
        scores_save(application=application, by=user, scores=scores, submit=True)


def test_the_panel_scores_the_preliminary_first(contest, members, applications):
    assert review_stage(contest) == PRELIMINARY
    score_all(contest, applications[0], members, "80")
    assert set(ExpertScore.objects.values_list("stage", flat=True)) == {PRELIMINARY}


def test_the_final_cannot_be_computed_before_the_preliminary(contest, purchaser, members, applications):
    for application in applications:
        score_all(contest, application, members, "80")
    with pytest.raises(ValidationError, match="请先汇总初赛结果"):
        results_compute(call=contest, by=purchaser)
    assert review_of(contest).computed_at is None


def test_the_best_advance_and_the_others_are_told_why(contest, purchaser, members, applications):
    for application, value in zip(applications, ["70", "90", "80"], strict=True):
        score_all(contest, application, members, value)
    sent_home = preliminary_compute(call=contest, by=purchaser)
    low, high, middle = (a.__class__.objects.get(pk=a.pk) for a in applications)
    assert sent_home == [applications[0]]
    assert (high.status, high.preliminary_rank, high.preliminary_score) == (Status.ELIGIBLE, 1, D("90.00"))
    assert (middle.status, middle.preliminary_rank) == (Status.ELIGIBLE, 2)
    assert low.status == Status.NOT_ADVANCED and low.preliminary_rank == 3
    assert "未晋级决赛" in low.preliminary_note and "80.00" in low.preliminary_note
    assert review_stage(contest) == ""
    assert set(expert_applications(contest)) == {high, middle}
    with pytest.raises(ValidationError, match="初赛结果已经汇总"):
        preliminary_compute(call=contest, by=purchaser)


def test_all_tied_at_the_cut_advance(contest, purchaser, members, applications):
    for application, value in zip(applications, ["90", "80", "80"], strict=True):
        score_all(contest, application, members, value)
    assert preliminary_compute(call=contest, by=purchaser) == []
    assert not contest.applications.filter(status=Status.NOT_ADVANCED).exists()


def test_a_missing_sheet_blocks_the_preliminary_and_changes_nothing(contest, purchaser, members, applications):
    for application in applications[:2]:
        score_all(contest, application, members, "80")
    with pytest.raises(ValidationError, match="还有3名专家未提交评分"):
        preliminary_compute(call=contest, by=purchaser)
    assert review_of(contest).preliminary_computed_at is None
    assert not contest.applications.filter(preliminary_rank__isnull=False).exists()


def test_only_the_purchaser_computes_the_preliminary(contest, members, applications, songjiang):
    stranger = OfficerFactory(username="sj_contest", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=songjiang)
    with pytest.raises(PermissionDenied):
        preliminary_compute(call=contest, by=stranger)


def test_a_call_without_a_preliminary_refuses_it(purchaser, members, minhang):
    call = ReviewCallFactory()
    with pytest.raises(ValidationError, match="没有初赛"):
        preliminary_compute(call=call, by=purchaser)
    assert review_stage(call) == ""


def test_the_final_is_scored_anew_and_ranks_the_award(contest, purchaser, members, applications):
    for application, value in zip(applications, ["70", "90", "80"], strict=True):
        score_all(contest, application, members, value, conflicted=members[:1] if value == "80" else ())
    preliminary_compute(call=contest, by=purchaser)
    low, high, middle = applications
    # The final reverses the order of the two finalists; the conflict declared in the preliminary still recuses.
    score_all(contest, high, members, "75")
    score_all(contest, middle, members, "85", conflicted=members[:1])
    assert not ExpertScore.objects.filter(member=members[0], application=middle).exists()
    results_compute(call=contest, by=purchaser)
    high.refresh_from_db()
    middle.refresh_from_db()
    assert (middle.rank, middle.panel_score) == (1, D("85.00"))
    assert (high.rank, high.panel_score, high.preliminary_score) == (2, D("75.00"), D("90.00"))
    award_propose(call=contest, by=purchaser)
    review = notice_start(call=contest, by=purchaser, today=TODAY)
    concluded = award_decide(call=contest, by=purchaser, today=review.notice_ends_on + datetime.timedelta(days=1))
    assert {a.status for a in concluded} == {Status.AWARDED}
    low.refresh_from_db()
    assert low.status == Status.NOT_ADVANCED


@pytest.fixture
def awarded(contest, purchaser, members, applications):
    for application, value in zip(applications, ["70", "90", "80"], strict=True):
        score_all(contest, application, members, value)
    preliminary_compute(call=contest, by=purchaser)
    for application in applications[1:]:
        score_all(contest, application, members, "85")
    results_compute(call=contest, by=purchaser)
    award_propose(call=contest, by=purchaser)
    review = notice_start(call=contest, by=purchaser, today=TODAY)
    award_decide(call=contest, by=purchaser, today=review.notice_ends_on + datetime.timedelta(days=1))
    contest.refresh_from_db()
    return contest


def test_a_winner_is_admitted_to_the_base_the_contest_names(awarded, purchaser, applications):
    base = IncubationBaseFactory(capacity=1)
    awarded.incubation_base = base
    awarded.save(update_fields=["incubation_base"])
    winner = applications[1]
    admission = contest_winner_admit(application=winner, by=purchaser, today=TODAY)
    assert (admission.base, admission.organization, admission.contest_application) == (
        base,
        winner.organization,
        winner,
    )
    assert admission.admitted_by == purchaser and admission.planned_graduation_on == awarded.service_end
    with pytest.raises(ValidationError, match="已入驻孵化基地"):
        contest_winner_admit(application=winner, by=purchaser, today=TODAY)
    with pytest.raises(ValidationError, match="名额已满"):
        contest_winner_admit(application=applications[2], by=purchaser, today=TODAY)
    with pytest.raises(ValidationError, match="已确定立项的获胜项目"):
        contest_winner_admit(application=applications[0], by=purchaser, today=TODAY)
    assert Admission.objects.count() == 1


def test_no_admission_without_a_named_base_or_by_a_stranger(awarded, purchaser, applications, songjiang):
    with pytest.raises(ValidationError, match="指定了孵化基地的公益创投"):
        contest_winner_admit(application=applications[1], by=purchaser, today=TODAY)
    awarded.incubation_base = IncubationBaseFactory()
    awarded.save(update_fields=["incubation_base"])
    stranger = OfficerFactory(username="sj_admit", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=songjiang)
    with pytest.raises(PermissionDenied):
        contest_winner_admit(application=applications[1], by=stranger, today=TODAY)
    assert not Admission.objects.exists()


def test_a_contest_without_rounds_is_scored_once(purchaser, minhang):
    call = ReviewCallFactory(kind=CallKind.VENTURE)
    members = panel_assign(call=call, by=purchaser, experts=[ReviewExpertFactory() for _ in range(3)])
    application = PurchaseApplicationFactory(call=call)
    score_all(call, application, members, "80")
    assert set(ExpertScore.objects.values_list("stage", flat=True)) == {""}
    results_compute(call=call, by=purchaser)
    application.refresh_from_db()
    assert (application.status, application.rank, application.preliminary_rank) == (Status.SCORED, 1, None)


def test_only_a_contest_names_an_active_incubation_base(purchaser, minhang):
    from registry.services.purchase_calls import call_save
    from tests.factories import ServiceCallFactory

    draft = ServiceCallFactory(status=CallStatus.DRAFT)
    base = IncubationBaseFactory()
    with pytest.raises(ValidationError, match="只有公益创投可以指定"):
        call_save(unit=draft.unit, by=purchaser, call=draft, incubation_base=base)
    base.active = False
    base.save(update_fields=["active"])
    with pytest.raises(ValidationError, match="已停止运营"):
        call_save(unit=draft.unit, by=purchaser, call=draft, kind=CallKind.VENTURE, incubation_base=base)
    draft.refresh_from_db()
    assert draft.incubation_base is None and draft.kind == CallKind.PURCHASE
    base.active = True
    base.save(update_fields=["active"])
    saved = call_save(unit=draft.unit, by=purchaser, call=draft, kind=CallKind.VENTURE, incubation_base=base)
    assert saved.incubation_base == base
