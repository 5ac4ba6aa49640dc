"""Incubation (孵化) of social organizations at the district's park and the service centres: places, incubatees,
dates and how a stay ends.

No regulation sets these rules; they come from the district work plans (seeds: 闵行区、松江区 培育发展社会组织
工作方案), which run incubation as a base with a fixed number of places, admit organizations and community groups
that are registered, filed or still informal, record the services given, and count a graduation (出壳) by its
outcome: registered as a social organization, filed as a community group, or left. Each function returns the
problems found as sentences the officer reads (empty: none).
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

REGISTERED, FILED, LEFT = "registered", "filed", "left"  # GraduationOutcome values
ORGANIZATION, GROUP, UNFILED = "organization", "group", "unfiled"  # what an incubatee is


def vacancy(*, capacity: int, current: int) -> int:
    """Places left at a base with `capacity` places and `current` incubatees (never below zero)."""
    return max(capacity - current, 0)


def capacity_problems(*, capacity: int, current: int) -> list[str]:
    """A base admits only while a place is free: current incubatees (not graduated ones) fill the places."""
    if current >= capacity:
        return [
            _("该孵化基地%(capacity)d个名额已满（在孵%(current)d个），不能再入驻；请待有组织出壳后再办理。")
            % {"capacity": capacity, "current": current}
        ]
    return []


def incubatee_problems(*, has_organization: bool, has_group: bool, group_name: str) -> list[str]:
    """An incubatee is exactly one of: a registered organization, a filed group, or a named informal group."""
    given = sum([has_organization, has_group, bool(group_name.strip())])
    if given == 0:
        return [_("请选择已登记的社会组织或已备案的社区社会组织，或填写尚未登记备案的团队名称。")]
    if given > 1:
        return [_("入驻对象只能是一个：已登记的社会组织、已备案的社区社会组织或尚未登记备案的团队，三者选其一。")]
    return []


def incubatee_kind(*, has_organization: bool, has_group: bool) -> str:
    """What an incubatee is, from which of its links is set."""
    if has_organization:
        return ORGANIZATION
    return GROUP if has_group else UNFILED


def admission_date_problems(
    *, admitted_on: datetime.date, planned_graduation_on: datetime.date, today: datetime.date
) -> list[str]:
    """Admission is recorded on or after the day it happened, and the planned graduation comes after it."""
    problems = []
    if admitted_on > today:
        problems.append(_("入驻日期不能晚于今天。"))
    if planned_graduation_on <= admitted_on:
        problems.append(_("计划出壳日期应晚于入驻日期。"))
    return problems


def service_problems(
    *,
    provided_on: datetime.date,
    hours: Decimal,
    admitted_on: datetime.date,
    graduated_on: datetime.date | None,
    today: datetime.date,
) -> list[str]:
    """A service is given during the stay (from admission to graduation), not in the future, and takes time."""
    problems = []
    if hours <= 0:
        problems.append(_("服务时长应大于0小时。"))
    if provided_on > today:
        problems.append(_("服务日期不能晚于今天。"))
    if provided_on < admitted_on:
        problems.append(_("服务日期不能早于入驻日期。"))
    if graduated_on is not None and provided_on > graduated_on:
        problems.append(_("服务日期不能晚于出壳日期。"))
    return problems


def graduation_problems(
    *,
    outcome: str,
    kind: str,
    has_outcome_organization: bool,
    has_outcome_group: bool,
    left_reason: str,
    admitted_on: datetime.date,
    graduated_on: datetime.date,
    today: datetime.date,
) -> list[str]:
    """A graduation names its outcome and what came of it: the organization registered, the group filed, or
    why the incubatee left; nothing else. An organization already registered cannot graduate as merely filed."""
    problems = []
    if graduated_on < admitted_on:
        problems.append(_("出壳日期不能早于入驻日期。"))
    if graduated_on > today:
        problems.append(_("出壳日期不能晚于今天。"))
    if outcome == REGISTERED:
        if not has_outcome_organization:
            problems.append(_("出壳结果为登记成立的，请选择登记成立的社会组织。"))
        if has_outcome_group or left_reason.strip():
            problems.append(_("出壳结果为登记成立的，不应填写备案组织或离开原因。"))
    elif outcome == FILED:
        if kind == ORGANIZATION:
            problems.append(_("入驻对象已是登记的社会组织，出壳结果不能为备案。"))
        if not has_outcome_group:
            problems.append(_("出壳结果为备案的，请选择已备案的社区社会组织。"))
        if has_outcome_organization or left_reason.strip():
            problems.append(_("出壳结果为备案的，不应填写登记组织或离开原因。"))
    elif outcome == LEFT:
        if not left_reason.strip():
            problems.append(_("出壳结果为离开的，请填写离开原因。"))
        if has_outcome_organization or has_outcome_group:
            problems.append(_("出壳结果为离开的，不应选择登记或备案的组织。"))
    else:
        problems.append(_("请选择出壳结果。"))
    return problems


def capacity_change_problems(*, capacity: int, current: int) -> list[str]:
    """A base's places may be cut only down to the incubatees it holds now: nobody is put out by a number."""
    if capacity < 1:
        return [_("入驻名额至少为1个。")]
    if capacity < current:
        return [_("该孵化基地目前在孵%(current)d个，入驻名额不能少于在孵数量。") % {"current": current}]
    return []
