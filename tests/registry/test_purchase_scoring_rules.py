"""Rules of the panel review of purchase calls: totals, the (trimmed) mean, ranking and the budget."""

import datetime
from decimal import Decimal

import pytest

from registry.rules.purchase_eligibility import grade_bonus_points
from registry.rules.purchase_scoring import (
    TRIM_MINIMUM,
    allocate,
    expert_total,
    panel_score,
    ranking,
    score_problem,
    trimmed,
    weights_problem,
)

D = Decimal


def test_an_experts_total_weighs_each_criterion_by_its_percentage():
    # 80 × 40% + 90 × 35% + 70 × 25% = 32 + 31.5 + 17.5
    assert expert_total([(D(80), 40), (D(90), 35), (D(70), 25)]) == D("81.00")


def test_an_experts_total_is_rounded_half_up_to_a_hundredth():
    # 77.5 × 33% + 66.5 × 67% = 25.575 + 44.555 = 70.13
    assert expert_total([(D("77.5"), 33), (D("66.5"), 67)]) == D("70.13")
    # 0.5 × 1% = 0.005 → 0.01
    assert expert_total([(D("0.5"), 1), (D(0), 99)]) == D("0.01")


@pytest.mark.parametrize(
    ("score", "problem"),
    [(None, "missing"), (D("-0.01"), "range"), (D("100.01"), "range"), (D(0), None), (D(100), None)],
)
def test_a_criterion_is_scored_between_0_and_100(score, problem):
    assert score_problem(score) == problem


def test_weights_must_add_up_to_100():
    assert weights_problem([40, 35, 25]) is None
    assert weights_problem([40, 35]) == "weights"
    assert weights_problem([]) == "weights"


def test_the_panel_score_is_the_plain_mean_without_trimming():
    assert panel_score([D(90), D(80), D(70), D(60), D(10)], trim_extremes=False) == D("62.00")


def test_trimming_leaves_out_one_highest_and_one_lowest_from_five_experts():
    # Without 90 and 10: (80 + 70 + 60) / 3
    assert TRIM_MINIMUM == 5
    assert panel_score([D(90), D(80), D(70), D(60), D(10)], trim_extremes=True) == D("70.00")
    assert trimmed(5, trim_extremes=True) and not trimmed(5, trim_extremes=False)


def test_trimming_leaves_out_only_one_of_equal_extremes():
    assert panel_score([D(90), D(90), D(70), D(50), D(50)], trim_extremes=True) == D("70.00")
    assert panel_score([D(90), D(90), D(90), D(50), D(80)], trim_extremes=True) == D("86.67")


def test_with_fewer_than_five_experts_the_mean_is_not_trimmed():
    assert panel_score([D(90), D(80), D(70), D(10)], trim_extremes=True) == D("62.50")
    assert not trimmed(4, trim_extremes=True)


def test_no_score_when_every_expert_was_recused():
    assert panel_score([], trim_extremes=True) is None


def test_grade_bonus_points_are_added_to_the_mean():
    bonus = grade_bonus_points({"5A": D(3), "4A": D(2)}, "4A", grade_valid=True)
    assert bonus == D(2)
    assert panel_score([D("70.5"), D("80")], trim_extremes=False, bonus=bonus) == D("77.25")


def test_ranking_puts_the_higher_score_first_then_the_earlier_submission():
    morning = datetime.datetime(2026, 6, 1, 9, 0)
    noon = datetime.datetime(2026, 6, 1, 12, 0)
    ranked = ranking([("late", D("85.00"), noon), ("low", D("70.00"), morning), ("early", D("85.00"), morning)])
    assert [(r.key, r.rank) for r in ranked] == [("early", 1), ("late", 2), ("low", 3)]


def test_ranking_of_equal_scores_and_times_is_decided_by_the_key():
    when = datetime.datetime(2026, 6, 1, 9, 0)
    ranked = ranking([(7, D(80), when), (3, D(80), when)])
    assert [r.key for r in ranked] == [3, 7]


def test_allocation_awards_min_of_requested_and_cap_in_rank_order_within_the_budget():
    result = allocate(
        [("a", D("92"), D("80000.00")), ("b", D("88"), D("30000.00")), ("c", D("75"), D("50000.00"))],
        budget=D("150000.00"),
        max_per_project=D("60000.00"),
        pass_mark=D(60),
    )
    # a: min(80000, 60000) = 60000; b: 30000; c: 50000 → 140000, 10000 left.
    assert result.awarded == {"a": D("60000.00"), "b": D("30000.00"), "c": D("50000.00")}
    assert result.remaining == D("10000.00") and not result.below_pass and not result.over_budget


def test_allocation_skips_applications_under_the_pass_mark():
    result = allocate(
        [("a", D("80"), D("10000")), ("b", D("59.99"), D("10000")), ("c", D("60.00"), D("10000"))],
        budget=D("100000"),
        max_per_project=D("50000"),
        pass_mark=D(60),
    )
    assert result.awarded == {"a": D("10000"), "c": D("10000")} and result.below_pass == ["b"]


def test_allocation_stops_at_the_first_project_the_budget_no_longer_covers():
    result = allocate(
        [("a", D("90"), D("50000.00")), ("b", D("85"), D("40000.00")), ("c", D("80"), D("5000.00"))],
        budget=D("80000.00"),
        max_per_project=D("50000.00"),
        pass_mark=D(60),
    )
    # b (40000) does not fit the 30000 left; c ranks below b and does not overtake it.
    assert result.awarded == {"a": D("50000.00")}
    assert result.over_budget == ["b", "c"] and result.remaining == D("30000.00")


def test_allocation_spends_the_budget_exactly_to_the_cent():
    result = allocate(
        [("a", D("90"), D("33333.33")), ("b", D("80"), D("66666.67"))],
        budget=D("100000.00"),
        max_per_project=D("70000.00"),
        pass_mark=D(60),
    )
    assert result.awarded == {"a": D("33333.33"), "b": D("66666.67")} and result.remaining == D("0.00")


def test_an_application_without_a_requested_amount_asks_for_the_cap():
    result = allocate([("a", D("90"), None)], budget=D("100000"), max_per_project=D("40000"), pass_mark=D(60))
    assert result.awarded == {"a": D("40000")}


def test_a_contest_scores_a_preliminary_only_with_places_and_a_final():
    from registry.rules.purchase_scoring import has_preliminary

    assert has_preliminary([("preliminary", 2), ("final", None)])
    assert not has_preliminary([("preliminary", None), ("final", None)])  # no places named: one review
    assert not has_preliminary([("preliminary", 2)])  # nothing to advance to
    assert not has_preliminary([])  # a purchase call or a contest without rounds


def test_the_best_applications_of_the_preliminary_advance():
    from registry.rules.purchase_scoring import advancing

    ranked = [("a", D("71.00")), ("b", D("88.50")), ("c", D("80.00"))]
    assert advancing(ranked, places=2) == {"b", "c"}
    assert advancing(ranked, places=3) == {"a", "b", "c"}
    assert advancing(ranked, places=5) == {"a", "b", "c"}
    assert advancing(ranked, places=0) == set()


def test_every_application_tied_at_the_cut_advances():
    from registry.rules.purchase_scoring import advancing

    ranked = [("a", D("90.00")), ("b", D("80.00")), ("c", D("80.00")), ("d", D("79.99"))]
    assert advancing(ranked, places=2) == {"a", "b", "c"}
    assert advancing(ranked, places=1) == {"a"}
