"""The review of a purchase call: panel, conflicts and recusal, scores, results, award proposal, public notice
with objections, and the award that creates the projects."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry.choices import OfficerRole
from registry.models import (
    CallStatus,
    ConflictDeclaration,
    ExpertScore,
    NoticeObjectionStatus,
    PanelMember,
    ProjectStatus,
    PurchaseApplicationStatus,
    PurchaserKind,
    PurchaserMember,
    PurchasingUnit,
    ServiceProject,
)
from registry.selectors import deadline_after
from registry.selectors.purchase_review import RECUSED, expert_calls, results_table
from registry.services.purchase_review import (
    award_decide,
    award_propose,
    award_revise,
    conflict_declare,
    notice_objection_answer,
    notice_objection_file,
    notice_start,
    panel_assign,
    results_compute,
    review_of,
    scores_save,
)
from tests.factories import (
    OfficerFactory,
    PurchaseApplicationFactory,
    ReviewCallFactory,
    ReviewExpertFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
Status = PurchaseApplicationStatus
TODAY = datetime.date(2026, 7, 6)  # a Monday


@pytest.fixture
def purchaser(minhang):
    """An officer of the Minhang bureau, which buys services through its own purchasing unit."""
    return OfficerFactory(username="mh_purchase", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=minhang)


@pytest.fixture
def call(minhang):
    return ReviewCallFactory(budget=D("150000.00"), max_per_project=D("60000.00"))


def experts(count):
    return [ReviewExpertFactory() for _ in range(count)]


def sheet(call, *values, comment="方案清晰"):
    """Scores for the call's criteria in their order."""
    ordered = call.criteria.order_by("order")
    return {c.pk: (None if v is None else D(v), comment) for c, v in zip(ordered, values, strict=True)}


def review_all(call, application, members, values, *, conflicted=()):
    """Each member declares (a conflict if in `conflicted`) and submits the same criterion scores."""
    for member, score in zip(members, values, strict=True):
        user = member.expert.user
        if member in conflicted:
            conflict_declare(application=application, by=user, conflicted=True, reason="曾在该组织担任理事")
            continue
        conflict_declare(application=application, by=user, conflicted=False)
        scores_save(application=application, by=user, scores=sheet(call, score, score, score), submit=True)


@pytest.fixture
def panel(call, purchaser):
    return panel_assign(call=call, by=purchaser, experts=experts(3))


def test_the_purchasers_officer_chooses_a_panel_of_at_least_three(call, purchaser):
    with pytest.raises(ValidationError, match="评审组至少须有3名专家"):
        panel_assign(call=call, by=purchaser, experts=experts(2))
    assert not PanelMember.objects.exists()
    members = panel_assign(call=call, by=purchaser, experts=experts(3))
    assert len(members) == 3 and review_of(call).pass_mark == D(60)


def test_only_the_purchasing_units_staff_choose_the_panel(call, songjiang):
    stranger = OfficerFactory(username="sj_officer", roles=[OfficerRole.EVALUATOR], roles__jurisdiction=songjiang)
    with pytest.raises(PermissionDenied, match="只有该购买主体的工作人员可以办理"):
        panel_assign(call=call, by=stranger, experts=experts(3))
    competent_unit = OfficerFactory(
        username="unit_signer", roles=[OfficerRole.UNIT], roles__unit_name="闵行区科学技术协会"
    )
    with pytest.raises(PermissionDenied):
        panel_assign(call=call, by=competent_unit, experts=experts(3))
    assert not PanelMember.objects.exists()


def test_a_street_offices_own_staff_act_for_its_calls_and_the_bureau_does_not(minhang, purchaser):
    street = PurchasingUnit.objects.create(name="莘庄镇人民政府", kind=PurchaserKind.STREET, jurisdiction=minhang)
    call = ReviewCallFactory(unit=street)
    staff = UserFactory(username="xinzhuang_officer")
    PurchaserMember.objects.create(user=staff, unit=street)
    with pytest.raises(PermissionDenied):
        panel_assign(call=call, by=purchaser, experts=experts(3))
    assert len(panel_assign(call=call, by=staff, experts=experts(3))) == 3


def test_an_expert_who_started_reviewing_stays_on_the_panel(call, purchaser, panel):
    application = PurchaseApplicationFactory(call=call)
    conflict_declare(application=application, by=panel[0].expert.user, conflicted=False)
    with pytest.raises(ValidationError, match="已开始评审，不能移出评审组"):
        panel_assign(call=call, by=purchaser, experts=[panel[1].expert, panel[2].expert, ReviewExpertFactory()])
    assert PanelMember.objects.filter(call=call).count() == 3


def test_an_expert_sees_only_the_calls_of_their_panels(call, panel):
    other = ReviewCallFactory()
    assert list(expert_calls(panel[0].expert.user)) == [call]
    assert other not in expert_calls(panel[0].expert.user)
    with pytest.raises(PermissionDenied, match="不是该项目征集评审组的成员"):
        conflict_declare(application=PurchaseApplicationFactory(call=other), by=panel[0].expert.user, conflicted=False)


def test_an_expert_declares_before_scoring_and_a_conflict_recuses_them(call, panel):
    application = PurchaseApplicationFactory(call=call)
    user = panel[0].expert.user
    with pytest.raises(ValidationError, match="评分前请先声明"):
        scores_save(application=application, by=user, scores=sheet(call, 80, 80, 80))
    with pytest.raises(ValidationError, match="请说明利害关系"):
        conflict_declare(application=application, by=user, conflicted=True, reason=" ")
    conflict_declare(application=application, by=user, conflicted=True, reason="近三年为该组织提供过督导服务")
    with pytest.raises(ValidationError, match="须回避该申报的评审"):
        scores_save(application=application, by=user, scores=sheet(call, 80, 80, 80))
    with pytest.raises(ValidationError, match="不能重复声明"):
        conflict_declare(application=application, by=user, conflicted=False)
    assert not ExpertScore.objects.exists() and ConflictDeclaration.objects.get().conflicted


def test_scores_are_saved_then_submitted_and_locked(call, panel):
    application = PurchaseApplicationFactory(call=call)
    user = panel[0].expert.user
    conflict_declare(application=application, by=user, conflicted=False)
    first, second, _third = call.criteria.order_by("order")
    scores_save(application=application, by=user, scores={first.pk: (D(70), "一般"), second.pk: (None, "")})
    assert ExpertScore.objects.get().submitted_at is None
    with pytest.raises(ValidationError, match="请填写“执行能力”的得分"):
        scores_save(application=application, by=user, scores=sheet(call, 70, None, 60), submit=True)
    assert ExpertScore.objects.filter(submitted_at__isnull=False).count() == 0
    scores_save(application=application, by=user, scores=sheet(call, 75, 85, 65), submit=True)
    assert ExpertScore.objects.filter(submitted_at__isnull=False).count() == 3
    with pytest.raises(ValidationError, match="评分已提交，不能再修改"):
        scores_save(application=application, by=user, scores=sheet(call, 90, 90, 90))
    assert ExpertScore.objects.get(criterion=first).score == D(75)


def test_a_score_outside_0_to_100_changes_nothing(call, panel):
    application = PurchaseApplicationFactory(call=call)
    user = panel[0].expert.user
    conflict_declare(application=application, by=user, conflicted=False)
    with pytest.raises(ValidationError, match="“预算合理性”的得分须在0至100之间"):
        scores_save(application=application, by=user, scores=sheet(call, 80, 80, "100.5"))
    assert not ExpertScore.objects.exists()


def test_results_wait_for_every_expert(call, purchaser, panel):
    application = PurchaseApplicationFactory(call=call)
    review_all(call, application, panel[:2], [80, 70])
    with pytest.raises(ValidationError, match="还有1名专家未提交评分或利害关系声明"):
        results_compute(call=call, by=purchaser)
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE and application.panel_score is None


def test_results_wait_for_the_eligibility_check_of_every_application(call, purchaser, panel):
    application = PurchaseApplicationFactory(call=call)
    PurchaseApplicationFactory(call=call, status=Status.SUBMITTED)
    review_all(call, application, panel, [80, 70, 60])
    with pytest.raises(ValidationError, match="还有1个申报尚未完成资格审查"):
        results_compute(call=call, by=purchaser)
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE


def test_a_recused_experts_scores_do_not_count(call, purchaser, panel):
    application = PurchaseApplicationFactory(call=call)
    other = PurchaseApplicationFactory(call=call)
    review_all(call, application, panel, [90, 80, 30], conflicted=[panel[2]])
    review_all(call, other, panel, [60, 70, 80])
    results_compute(call=call, by=purchaser)
    application.refresh_from_db()
    other.refresh_from_db()
    # (90 + 80) / 2: the third expert was recused from this application and scored only the other.
    assert application.panel_score == D("85.00") and other.panel_score == D("70.00")
    assert (application.rank, other.rank) == (1, 2) and application.status == Status.SCORED
    members, rows = results_table(call)
    row = next(r for r in rows if r.application == application)
    assert row.totals[[m.pk for m in members].index(panel[2].pk)] == RECUSED


def test_an_application_every_expert_was_recused_from_cannot_be_scored(call, purchaser, panel):
    application = PurchaseApplicationFactory(call=call)
    review_all(call, application, panel, [1, 1, 1], conflicted=panel)
    with pytest.raises(ValidationError, match="评审专家均已回避"):
        results_compute(call=call, by=purchaser)


def test_the_trimmed_mean_leaves_out_the_highest_and_lowest_of_five(minhang, purchaser):
    call = ReviewCallFactory(trim_extremes=True)
    members = panel_assign(call=call, by=purchaser, experts=experts(5))
    application = PurchaseApplicationFactory(call=call)
    # Each expert gives the same score to every criterion, so their total is that score.
    review_all(call, application, members, [95, 80, 75, 70, 40])
    results_compute(call=call, by=purchaser)
    application.refresh_from_db()
    assert application.panel_score == D("75.00")  # (80 + 75 + 70) / 3, not the plain mean 72


def test_the_award_is_proposed_in_rank_order_within_the_budget(call, purchaser, panel):
    # Budget 150,000, cap 60,000, pass mark 60.
    first = PurchaseApplicationFactory(call=call, requested_amount=D("75000.00"))
    second = PurchaseApplicationFactory(call=call, requested_amount=D("50000.00"))
    third = PurchaseApplicationFactory(call=call, requested_amount=D("45000.00"))
    failing = PurchaseApplicationFactory(call=call, requested_amount=D("10000.00"))
    for application, score in ((first, 90), (second, 85), (third, 80), (failing, 55)):
        review_all(call, application, panel, [score] * 3)
    with pytest.raises(ValidationError, match="请先汇总评审结果"):
        award_propose(call=call, by=purchaser)
    results_compute(call=call, by=purchaser)
    proposed = award_propose(call=call, by=purchaser)
    for application in (first, second, third, failing):
        application.refresh_from_db()
    # 60,000 (capped) + 50,000 = 110,000; the third's 45,000 no longer fits the 40,000 left.
    assert proposed == [first, second]
    assert (first.awarded_amount, second.awarded_amount) == (D("60000.00"), D("50000.00"))
    assert third.status == Status.SCORED and third.awarded_amount is None
    assert failing.status == Status.SCORED and failing.rank == 4


@pytest.fixture
def on_notice(call, purchaser, panel):
    """Two applications scored 90 and 70, both proposed, the notice started on TODAY."""
    high = PurchaseApplicationFactory(call=call, requested_amount=D("60000.00"))
    low = PurchaseApplicationFactory(call=call, requested_amount=D("40000.00"))
    review_all(call, high, panel, [90, 90, 90])
    review_all(call, low, panel, [70, 70, 70])
    results_compute(call=call, by=purchaser)
    award_propose(call=call, by=purchaser)
    notice_start(call=call, by=purchaser, today=TODAY)
    return high, low


def test_the_notice_lasts_the_setting_in_working_days(call, on_notice):
    call.refresh_from_db()
    review = review_of(call)
    assert call.status == CallStatus.NOTICE and review.notice_starts_on == TODAY
    assert review.notice_ends_on == deadline_after(TODAY, 5).due == datetime.date(2026, 7, 13)


def test_objections_are_received_only_during_the_notice(call, on_notice):
    high, _low = on_notice
    ends = review_of(call).notice_ends_on
    with pytest.raises(ValidationError, match="公示期已结束或尚未开始"):
        notice_objection_file(
            call=call,
            application=high,
            name="李明",
            contact="13900001111",
            content="该组织的团队人员与实际不符。",
            today=ends + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError) as refused:
        notice_objection_file(call=call, name=" ", contact="1", content="不对", today=TODAY)
    assert len(refused.value.messages) == 3
    objection = notice_objection_file(
        call=call,
        application=high,
        name="李明",
        contact="13900001111",
        content="该组织的团队人员与实际不符。",
        today=ends,
    )
    assert objection.status == NoticeObjectionStatus.PENDING


def test_a_pending_objection_blocks_the_award(call, purchaser, on_notice):
    high, _low = on_notice
    objection = notice_objection_file(
        call=call,
        application=high,
        name="李明",
        contact="13900001111",
        content="该组织的团队人员与实际不符。",
        today=TODAY,
    )
    after = review_of(call).notice_ends_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="还有未答复的公示异议"):
        award_decide(call=call, by=purchaser, today=after)
    notice_objection_answer(objection=objection, by=purchaser, upheld=False, reply="经核实，项目团队人员与申报一致。")
    concluded = award_decide(call=call, by=purchaser, today=after)
    assert len(concluded) == 2


def test_an_upheld_objection_requires_a_revision_and_a_new_notice(call, purchaser, on_notice):
    high, low = on_notice
    objection = notice_objection_file(
        call=call,
        application=high,
        name="李明",
        contact="13900001111",
        content="该组织的项目负责人并非其工作人员。",
        today=TODAY,
    )
    notice_objection_answer(
        objection=objection, by=purchaser, upheld=True, reply="经核实，项目负责人系外聘，异议成立。"
    )
    first_end = review_of(call).notice_ends_on
    with pytest.raises(ValidationError, match="请先调整拟立项方案并重新公示"):
        award_decide(call=call, by=purchaser, today=first_end + datetime.timedelta(days=1))
    revised_on = datetime.date(2026, 7, 8)
    proposed = award_revise(
        call=call, by=purchaser, exclude=[high], reason="异议成立，该申报不予立项。", today=revised_on
    )
    high.refresh_from_db()
    assert proposed == [low] and high.status == Status.SCORED and high.awarded_amount is None
    review = review_of(call)
    assert review.notice_starts_on == revised_on and review.notice_ends_on == deadline_after(revised_on, 5).due
    with pytest.raises(ValidationError, match="届满后方可确定立项"):
        award_decide(call=call, by=purchaser, today=first_end + datetime.timedelta(days=1))
    award_decide(call=call, by=purchaser, today=review.notice_ends_on + datetime.timedelta(days=1))
    high.refresh_from_db()
    low.refresh_from_db()
    assert high.status == Status.NOT_AWARDED and low.status == Status.AWARDED


def test_a_revision_needs_an_upheld_objection(call, purchaser, on_notice):
    high, _low = on_notice
    with pytest.raises(ValidationError, match="没有待据以调整的成立异议"):
        award_revise(call=call, by=purchaser, exclude=[high], reason="主动调整拟立项方案的结果。", today=TODAY)
    high.refresh_from_db()
    assert high.status == Status.PROPOSED


def test_the_award_creates_one_project_per_awarded_application(call, purchaser, on_notice):
    high, low = on_notice
    with pytest.raises(ValidationError, match="届满后方可确定立项"):
        award_decide(call=call, by=purchaser, today=TODAY)
    awarded_on = review_of(call).notice_ends_on + datetime.timedelta(days=1)
    award_decide(call=call, by=purchaser, today=awarded_on)
    call.refresh_from_db()
    high.refresh_from_db()
    low.refresh_from_db()
    assert call.status == CallStatus.AWARDED
    assert high.status == low.status == Status.AWARDED
    projects = ServiceProject.objects.order_by("amount")
    assert [(p.application, p.amount) for p in projects] == [(low, D("40000.00")), (high, D("60000.00"))]
    project = projects.get(application=high)
    assert project.status == ProjectStatus.AWARDED and project.awarded_on == awarded_on
    assert (project.service_start, project.service_end) == (call.service_start, call.service_end)
    assert (
        project.organization == high.organization and project.unit == call.unit and project.title == high.project_name
    )
    with pytest.raises(ValidationError):
        award_decide(call=call, by=purchaser, today=awarded_on)
    assert ServiceProject.objects.count() == 2


def test_a_failed_award_changes_nothing(call, purchaser, on_notice):
    high, _low = on_notice
    after = review_of(call).notice_ends_on + datetime.timedelta(days=1)
    ServiceProject.objects.create(
        application=high,
        organization=high.organization,
        unit=call.unit,
        title="已存在",
        category=call.category,
        amount=D(1),
        awarded_on=TODAY,
        service_start=TODAY,
        service_end=TODAY,
    )
    with pytest.raises(Exception):  # noqa: B017 - the one-to-one project of the application already exists
        award_decide(call=call, by=purchaser, today=after)
    call.refresh_from_db()
    assert call.status == CallStatus.NOTICE
    assert set(call.applications.values_list("status", flat=True)) == {Status.PROPOSED}
