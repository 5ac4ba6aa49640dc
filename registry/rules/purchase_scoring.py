"""Scoring, ranking and allocation of a call's applications by an expert panel (政府购买服务、公益创投评审).

Plain functions of plain values. Money and points are `Decimal`; totals and means are rounded half up to
0.01 point, amounts are never rounded (they are the organization's requested amount or the call's cap).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

POINT = Decimal("0.01")
MAX_SCORE = Decimal("100")
# A panel has at least three experts, so a score never rests on one or two opinions (local practice of district
# purchase calls and 公益创投 contests: 评审专家不少于3人, as for procurement panels).
PANEL_MINIMUM = 3
# Dropping the single highest and lowest total leaves a mean of at least three opinions only from five experts
# on: local practice applies 去掉一个最高分和一个最低分 when five or more experts scored, and the plain mean
# below that (two or three remaining opinions would let one expert decide).
TRIM_MINIMUM = 5


def _points(value: Decimal) -> Decimal:
    return value.quantize(POINT, rounding=ROUND_HALF_UP)


def score_problem(score: Decimal | None) -> str | None:
    """Why a criterion's score cannot be accepted (a code: "missing", "range"), or None."""
    if score is None:
        return "missing"
    if not Decimal(0) <= score <= MAX_SCORE:
        return "range"
    return None


def weights_problem(weights: Iterable[int]) -> str | None:
    """Why a call's criteria cannot be scored (code "weights" unless their weights add up to 100), or None."""
    weights = list(weights)
    return None if weights and sum(weights) == 100 else "weights"


def expert_total(scores: Iterable[tuple[Decimal, int]]) -> Decimal:
    """One expert's total for one application: Σ score × weight / 100 over the call's criteria (0–100)."""
    return _points(sum((Decimal(score) * weight / 100 for score, weight in scores), Decimal(0)))


def panel_score(totals: Sequence[Decimal], *, trim_extremes: bool, bonus: Decimal = Decimal(0)) -> Decimal | None:
    """The panel's result: the mean of the experts' totals, plus the call's grade bonus points.

    With `trim_extremes` and at least `TRIM_MINIMUM` totals, one highest and one lowest total are left out
    first. None when no expert scored (every one declared a conflict).
    """
    if not totals:
        return None
    ordered = sorted(Decimal(total) for total in totals)
    if trim_extremes and len(ordered) >= TRIM_MINIMUM:
        ordered = ordered[1:-1]
    return _points(sum(ordered, Decimal(0)) / len(ordered) + Decimal(bonus))


def trimmed(count: int, *, trim_extremes: bool) -> bool:
    """Whether the highest and lowest totals are left out for `count` scoring experts."""
    return trim_extremes and count >= TRIM_MINIMUM


@dataclass(frozen=True)
class Ranked:
    key: object
    score: Decimal
    rank: int


def ranking(entries: Iterable[tuple[object, Decimal, object]]) -> list[Ranked]:
    """Rank (key, score, submitted_at): higher score first, then the earlier submission, then the smaller key.

    Ranks are 1, 2, 3…: no two applications share a rank, so the allocation below is deterministic.
    """
    ordered = sorted(entries, key=lambda entry: (-entry[1], entry[2], entry[0]))
    return [Ranked(key=key, score=score, rank=index) for index, (key, score, _when) in enumerate(ordered, start=1)]


@dataclass(frozen=True)
class Allocation:
    awarded: dict  # key -> amount
    below_pass: list  # keys under the pass mark
    over_budget: list  # keys that passed but no longer fit the budget
    remaining: Decimal


def allocate(
    ranked: Sequence[tuple[object, Decimal, Decimal | None]],
    *,
    budget: Decimal,
    max_per_project: Decimal,
    pass_mark: Decimal,
) -> Allocation:
    """Award in rank order (key, score, requested): each gets min(requested, max_per_project).

    An application under the pass mark is skipped. Awards stop at the first passing application whose amount
    no longer fits the remaining budget: a lower-ranked, cheaper project never overtakes it, and the rest
    are recorded as over budget. An application without a requested amount asks for the cap.
    """
    remaining = Decimal(budget)
    awarded, below_pass, over_budget = {}, [], []
    full = False
    for key, score, requested in ranked:
        if score < pass_mark:
            below_pass.append(key)
            continue
        amount = (
            min(Decimal(requested), Decimal(max_per_project)) if requested is not None else Decimal(max_per_project)
        )
        if full or amount > remaining:
            full = True
            over_budget.append(key)
            continue
        awarded[key] = amount
        remaining -= amount
    return Allocation(awarded=awarded, below_pass=below_pass, over_budget=over_budget, remaining=remaining)


def has_preliminary(rounds: Iterable[tuple[str, int | None]]) -> bool:
    """Whether a contest's rounds (kind, advancing) call for a scored preliminary: a preliminary that names how
    many advance, and a final for them to advance to. Otherwise the panel scores once, as for a purchase call."""
    rounds = dict(rounds)
    return bool(rounds.get("preliminary")) and "final" in rounds


def advancing(ranked: Sequence[tuple[object, Decimal]], *, places: int) -> set:
    """The keys of a contest's preliminary (key, score, best first) that advance to the final (晋级决赛).

    The `places` best advance. Ties at the cut: every application with the same score as the last place also
    advances (the papers are scored on the same criteria by the same panel, so an equal score is an equal
    claim to present in the final; the order of submission is no ground to send one home). The final may
    therefore hold more than `places` applications, never fewer while there are enough.
    """
    if places <= 0:
        return set()
    ordered = sorted(ranked, key=lambda entry: -Decimal(entry[1]))
    if len(ordered) <= places:
        return {key for key, _score in ordered}
    cut = Decimal(ordered[places - 1][1])
    return {key for key, score in ordered if Decimal(score) >= cut}
