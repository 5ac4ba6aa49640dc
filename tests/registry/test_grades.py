"""Grades on the register: an announced grade takes effect on 1 January after it; tracking and verification
evaluations of graded organizations lower or withdraw a grade through the register's grade function."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from registry.choices import HistoryAction, OfficerRole
from registry.models import GradeChange, GradeChangeKind, GradeReview
from registry.search.backends import DatabaseBackend, SearchQuery
from registry.services.evaluation_grading import grade_review_record
from registry.services.officers import officer_assign
from registry.services.register import grades_lapse, grades_take_effect
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section_head(minhang):
    user = UserFactory(username="mh-approver", is_staff=True)
    officer_assign(user=user, jurisdiction=minhang, role=OfficerRole.APPROVER)
    return user


@pytest.fixture
def graded(make_org):
    return make_org(grade="3A", grade_expires_on=datetime.date(2026, 12, 31))


def test_a_renewed_grade_waits_for_1_january_and_the_old_grade_stays_in_force(graded, section_head):
    """评估管理办法 (2026): valid from 1 January after the announcement; public pages show the grade in force."""
    GradeChange.objects.create(
        organization=graded,
        kind=GradeChangeKind.AWARDED,
        from_grade="3A",
        to_grade="4A",
        decided_on=datetime.date(2026, 12, 10),
        reason="2026年度评估：评定为4A级",
        decided_by=section_head,
        takes_effect_on=datetime.date(2027, 1, 1),
        expires_on=datetime.date(2031, 12, 31),
        pending=True,
    )
    assert grades_take_effect(today=datetime.date(2026, 12, 31)) == 0
    graded.refresh_from_db()
    assert graded.grade == "3A"
    search = DatabaseBackend()
    assert search.search(SearchQuery(grade="3A")).ids == [graded.pk]  # the grade in force
    assert search.search(SearchQuery(grade="4A")).ids == []
    page = Client().get(f"/organizations/{graded.uscc}/").content.decode()
    assert "2027年1月1日起生效" in page  # the announced grade, marked as not yet in force

    assert grades_take_effect(today=datetime.date(2027, 1, 1)) == 1
    assert grades_lapse(today=datetime.date(2027, 1, 1)) == 0  # renewed in time: no lapse in between
    graded.refresh_from_db()
    assert (graded.grade, graded.grade_expires_on) == ("4A", datetime.date(2031, 12, 31))
    assert search.search(SearchQuery(grade="4A")).ids == [graded.pk]
    assert graded.history.filter(action=HistoryAction.GRADE).get().changes["grade"] == ["3A", "4A"]
    assert not GradeChange.objects.get(organization=graded).pending
    assert grades_take_effect(today=datetime.date(2027, 1, 2)) == 0  # idempotent
    assert "起生效" not in Client().get(f"/organizations/{graded.uscc}/").content.decode()


def test_a_verification_evaluation_lowers_the_grade_through_the_register(graded, section_head):
    review = grade_review_record(
        organization=graded, kind="verification", to_grade="2A", reason="核查发现财务管理不规范", by=section_head
    )
    graded.refresh_from_db()
    assert graded.grade == "2A"
    assert (review.from_grade, review.to_grade, review.grade_change.kind) == ("3A", "2A", GradeChangeKind.LOWERED)
    assert "核查评估结论：核查发现财务管理不规范" in review.grade_change.reason
    assert graded.history.filter(action=HistoryAction.GRADE).get().changes["grade"] == ["3A", "2A"]


def test_a_tracking_evaluation_may_keep_or_withdraw_the_grade(graded, section_head):
    kept = grade_review_record(
        organization=graded, kind="tracking", to_grade="3A", reason="跟踪评估，保持原等级", by=section_head
    )
    assert kept.grade_change is None and not graded.history.exists()
    withdrawn = grade_review_record(
        organization=graded, kind="tracking", to_grade="", reason="已不符合评估等级标准", by=section_head
    )
    graded.refresh_from_db()
    assert graded.grade == "" and withdrawn.grade_change.kind == GradeChangeKind.WITHDRAWN


def test_a_review_cannot_raise_a_grade_and_needs_a_section_head(graded, section_head, minhang):
    with pytest.raises(ValidationError):
        grade_review_record(organization=graded, kind="tracking", to_grade="4A", reason="表现优秀", by=section_head)
    window = UserFactory(username="mh-window", is_staff=True)
    officer_assign(user=window, jurisdiction=minhang, role=OfficerRole.WINDOW)
    with pytest.raises(PermissionDenied):
        grade_review_record(organization=graded, kind="tracking", to_grade="2A", reason="核查", by=window)
    graded.refresh_from_db()
    assert graded.grade == "3A" and not GradeReview.objects.exists()
