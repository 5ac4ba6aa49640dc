"""Incubation rules (孵化): places, exactly one incubatee, dates in order, a graduation consistent with its outcome
(the district work plans' incubation bases; see registry/rules/incubation.py)."""

import datetime
from decimal import Decimal

import pytest

from registry.rules.incubation import (
    FILED,
    GROUP,
    LEFT,
    ORGANIZATION,
    REGISTERED,
    UNFILED,
    admission_date_problems,
    capacity_change_problems,
    capacity_problems,
    graduation_problems,
    incubatee_kind,
    incubatee_problems,
    service_problems,
    vacancy,
)

TODAY = datetime.date(2026, 6, 1)
ADMITTED = datetime.date(2026, 1, 10)


def test_a_base_admits_while_a_place_is_free_and_refuses_when_full():
    assert capacity_problems(capacity=3, current=2) == []
    assert "3个名额已满" in capacity_problems(capacity=3, current=3)[0]
    assert capacity_problems(capacity=3, current=4)


def test_vacancy_is_the_places_left_and_never_negative():
    assert vacancy(capacity=10, current=7) == 3
    assert vacancy(capacity=2, current=5) == 0


@pytest.mark.parametrize(
    "has_organization,has_group,group_name,ok",
    [
        (True, False, "", True),
        (False, True, "", True),
        (False, False, "古美一村编织队", True),
        (False, False, "  ", False),
        (True, True, "", False),
        (True, False, "古美一村编织队", False),
        (False, True, "古美一村编织队", False),
    ],
)
def test_an_incubatee_is_exactly_one_of_organization_group_or_named_team(has_organization, has_group, group_name, ok):
    problems = incubatee_problems(has_organization=has_organization, has_group=has_group, group_name=group_name)
    assert (problems == []) is ok


def test_what_an_incubatee_is():
    assert incubatee_kind(has_organization=True, has_group=False) == ORGANIZATION
    assert incubatee_kind(has_organization=False, has_group=True) == GROUP
    assert incubatee_kind(has_organization=False, has_group=False) == UNFILED


def test_admission_dates_in_order_and_not_in_the_future():
    assert admission_date_problems(admitted_on=ADMITTED, planned_graduation_on=TODAY, today=TODAY) == []
    assert admission_date_problems(admitted_on=ADMITTED, planned_graduation_on=ADMITTED, today=TODAY) == [
        "计划出壳日期应晚于入驻日期。"
    ]
    future = TODAY + datetime.timedelta(days=1)
    assert "入驻日期不能晚于今天。" in admission_date_problems(
        admitted_on=future, planned_graduation_on=future + datetime.timedelta(days=90), today=TODAY
    )


def test_a_service_falls_within_the_stay_and_takes_time():
    def problems(provided_on, hours="2", graduated_on=None):
        return service_problems(
            provided_on=provided_on, hours=Decimal(hours), admitted_on=ADMITTED, graduated_on=graduated_on, today=TODAY
        )

    assert problems(datetime.date(2026, 3, 1)) == []
    assert problems(datetime.date(2026, 1, 9)) == ["服务日期不能早于入驻日期。"]
    assert problems(datetime.date(2026, 6, 2)) == ["服务日期不能晚于今天。"]
    assert problems(datetime.date(2026, 5, 1), graduated_on=datetime.date(2026, 4, 30)) == [
        "服务日期不能晚于出壳日期。"
    ]
    assert problems(datetime.date(2026, 3, 1), hours="0") == ["服务时长应大于0小时。"]


def graduation(outcome, *, kind=UNFILED, organization=False, group=False, reason="", on=TODAY):
    return graduation_problems(
        outcome=outcome,
        kind=kind,
        has_outcome_organization=organization,
        has_outcome_group=group,
        left_reason=reason,
        admitted_on=ADMITTED,
        graduated_on=on,
        today=TODAY,
    )


def test_a_graduation_names_what_came_of_it():
    assert graduation(REGISTERED, organization=True) == []
    assert graduation(FILED, group=True) == []
    assert graduation(LEFT, reason="骨干成员搬离社区，团队解散。") == []
    assert graduation(REGISTERED) == ["出壳结果为登记成立的，请选择登记成立的社会组织。"]
    assert graduation(FILED) == ["出壳结果为备案的，请选择已备案的社区社会组织。"]
    assert graduation(LEFT, reason=" ") == ["出壳结果为离开的，请填写离开原因。"]
    assert graduation("") == ["请选择出壳结果。"]


def test_a_graduation_carries_nothing_of_another_outcome():
    assert graduation(REGISTERED, organization=True, reason="无") == [
        "出壳结果为登记成立的，不应填写备案组织或离开原因。"
    ]
    assert graduation(FILED, group=True, organization=True) == ["出壳结果为备案的，不应填写登记组织或离开原因。"]
    assert graduation(LEFT, reason="解散", group=True) == ["出壳结果为离开的，不应选择登记或备案的组织。"]


def test_a_registered_organization_cannot_graduate_as_filed():
    assert graduation(FILED, kind=ORGANIZATION, group=True) == ["入驻对象已是登记的社会组织，出壳结果不能为备案。"]
    assert graduation(REGISTERED, kind=ORGANIZATION, organization=True) == []


def test_graduation_dates_lie_between_admission_and_today():
    assert graduation(REGISTERED, organization=True, on=datetime.date(2026, 1, 9)) == ["出壳日期不能早于入驻日期。"]
    assert graduation(REGISTERED, organization=True, on=datetime.date(2026, 6, 2)) == ["出壳日期不能晚于今天。"]


def test_places_are_cut_only_down_to_the_incubatees_held():
    assert capacity_change_problems(capacity=5, current=5) == []
    assert capacity_change_problems(capacity=4, current=5) == ["该孵化基地目前在孵5个，入驻名额不能少于在孵数量。"]
    assert capacity_change_problems(capacity=0, current=0) == ["入驻名额至少为1个。"]
