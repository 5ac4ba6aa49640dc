"""The seeded draw of spot checks (双随机): reproducible, within the lists, fair, and respecting conflicts."""

import pytest

from registry.rules.spotchecks import (
    DrawError,
    draw,
    inspectors_refusal,
    list_hash,
    periodic_minimum,
    periodic_percent,
    sample_count,
)

CANDIDATES = list(range(100, 160))
INSPECTORS = [1, 2, 3, 4, 5]


def test_same_seed_same_draw():
    first = draw(seed="abc123", candidates=CANDIDATES, inspectors=INSPECTORS, count=10, per_check=2)
    again = draw(
        seed="abc123", candidates=list(reversed(CANDIDATES)), inspectors=INSPECTORS[::-1], count=10, per_check=2
    )
    assert first == again


def test_another_seed_another_draw():
    first = draw(seed="abc123", candidates=CANDIDATES, inspectors=INSPECTORS, count=10, per_check=2)
    other = draw(seed="abc124", candidates=CANDIDATES, inspectors=INSPECTORS, count=10, per_check=2)
    assert [c.organization_id for c in first] != [c.organization_id for c in other]


def test_draw_takes_distinct_candidates_and_inspectors_from_the_lists():
    drawn = draw(seed="s", candidates=CANDIDATES, inspectors=INSPECTORS, count=20, per_check=3)
    organizations = [c.organization_id for c in drawn]
    assert len(set(organizations)) == 20 and set(organizations) <= set(CANDIDATES)
    for check in drawn:
        assert len(set(check.inspector_ids)) == 3 and set(check.inspector_ids) <= set(INSPECTORS)


def test_work_is_shared_evenly():
    drawn = draw(seed="even", candidates=CANDIDATES, inspectors=INSPECTORS, count=10, per_check=2)
    loads = [sum(i in c.inspector_ids for c in drawn) for i in INSPECTORS]
    assert max(loads) - min(loads) <= 1


def test_an_inspector_never_checks_an_organization_they_have_a_conflict_with():
    conflicts = {(1, org) for org in CANDIDATES} | {(2, 105)}
    for seed in ("a", "b", "c", "d"):
        drawn = draw(
            seed=seed, candidates=CANDIDATES, inspectors=INSPECTORS, count=30, per_check=2, conflicts=conflicts
        )
        for check in drawn:
            assert (1 not in check.inspector_ids) and not (check.organization_id == 105 and 2 in check.inspector_ids)


def test_too_few_inspectors_is_refused():
    with pytest.raises(DrawError):
        draw(seed="x", candidates=CANDIDATES, inspectors=[1], count=3, per_check=2)
    with pytest.raises(DrawError):
        draw(seed="x", candidates=[1, 2], inspectors=INSPECTORS, count=3, per_check=1)


def test_sample_count_by_size_or_rounded_up_percentage():
    assert sample_count(60, size=10) == 10
    assert sample_count(5, size=10) == 5
    assert sample_count(61, percent=10) == 7
    assert sample_count(0, percent=10) == 0
    with pytest.raises(ValueError):
        sample_count(10, size=1, percent=1)


def test_list_hash_ignores_order_and_sees_any_change():
    assert list_hash([3, 1, 2]) == list_hash([1, 2, 3])
    assert list_hash([1, 2, 3]) != list_hash([1, 2, 4])


# 社会组织抽查暂行办法 (民发〔2017〕45号): at least 2 inspectors on site; a periodic campaign draws at least 3% of a
# county/district bureau's register, 4% of a city's, 5% of a province's; a setting may ask more, never less.


def test_rules_hold_two_inspectors_and_the_periodic_shares_of_the_law():
    assert inspectors_refusal(1) and inspectors_refusal(0)
    assert inspectors_refusal(2) is None
    assert [periodic_percent(level) for level in ("district", "city", "province")] == [3, 4, 5]
    assert periodic_percent("district", 1) == 3  # a setting below the law is held at the law
    assert periodic_percent("city", 6) == 6
    assert periodic_minimum(100, percent=3) == 3 and periodic_minimum(101, percent=3) == 4
    with pytest.raises(DrawError):
        draw(seed="x", candidates=[1, 2], inspectors=[7, 8, 9], count=1, per_check=1)
