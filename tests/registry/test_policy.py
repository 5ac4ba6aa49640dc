"""The one permission policy: who may change what, refused with a readable message."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import assign_perm

from registry.choices import OfficerRole
from registry.models import (
    EvaluationApplication,
    EvaluationRound,
    Evaluator,
    IndicatorTable,
    RegistrationApplication,
    TeamMember,
)
from registry.services import policy
from registry.services.officers import officer_assign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(minhang):
    user = UserFactory(username="mh-inspector", is_staff=True)
    officer_assign(user=user, jurisdiction=minhang, role=OfficerRole.INSPECTOR)
    return user


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_role_permission_names_the_object_permission_of_a_role():
    assert policy.role_permission(OfficerRole.APPROVER) == "registry.role_approver"
    assert policy.role_permission("inspector") == "registry.role_inspector"
    with pytest.raises(ValueError):
        policy.role_permission("mayor")


def test_a_role_holds_at_its_own_bureau_only_and_for_that_role_only(inspector, minhang, songjiang):
    assert policy.holds_role(inspector, minhang, OfficerRole.INSPECTOR)
    assert policy.holds_role(inspector, minhang, OfficerRole.WINDOW, OfficerRole.INSPECTOR)
    assert not policy.holds_role(inspector, minhang, OfficerRole.APPROVER)
    assert not policy.holds_role(inspector, songjiang, OfficerRole.INSPECTOR)


def test_asking_about_every_role_reads_the_bureau_permissions_once(inspector, minhang, django_assert_max_num_queries):
    inspector = type(inspector).objects.get(pk=inspector.pk)  # no permissions cached on the object
    with django_assert_max_num_queries(2):  # the officer's own object permissions, and their groups'
        assert policy.holds_role(inspector, minhang, *OfficerRole.values)
    with django_assert_max_num_queries(2):
        assert not policy.holds_role(inspector, minhang, OfficerRole.WINDOW, OfficerRole.REVIEWER, OfficerRole.APPROVER)


def test_an_inactive_account_holds_no_role(inspector, minhang):
    inspector.is_active = False
    assert not policy.holds_role(inspector, minhang, OfficerRole.INSPECTOR)


def test_nobody_holds_a_role_and_a_system_administrator_holds_every_one(minhang, superuser):
    assert not policy.holds_role(None, minhang, OfficerRole.INSPECTOR)
    assert not policy.holds_role(AnonymousUser(), minhang, OfficerRole.INSPECTOR)
    assert policy.holds_role(superuser, minhang, OfficerRole.APPROVER)


def test_require_role_refuses_with_the_default_or_the_given_message(inspector, minhang, songjiang):
    policy.require_role(inspector, minhang, OfficerRole.INSPECTOR)
    with pytest.raises(PermissionDenied, match="您没有在该登记管理机关办理此事项的权限"):
        policy.require_role(inspector, songjiang, OfficerRole.INSPECTOR)
    with pytest.raises(PermissionDenied, match="只有科长"):
        policy.require_role(inspector, minhang, OfficerRole.APPROVER, message="只有科长可以核准。")


def test_require_officer_accepts_any_role_at_the_bureau(inspector, minhang, songjiang):
    policy.require_officer(inspector, minhang)
    with pytest.raises(PermissionDenied):
        policy.require_officer(inspector, songjiang)
    with pytest.raises(PermissionDenied):
        policy.require_officer(UserFactory(username="citizen"), minhang)


def test_the_system_passes_where_allowed_but_a_user_still_needs_the_role(inspector, minhang, songjiang):
    policy.require_role_or_system(None, minhang, OfficerRole.APPROVER)
    policy.require_role_or_system(inspector, minhang, OfficerRole.INSPECTOR)
    with pytest.raises(PermissionDenied):
        policy.require_role_or_system(inspector, songjiang, OfficerRole.INSPECTOR)
    with pytest.raises(PermissionDenied):
        policy.require_role(None, minhang, OfficerRole.INSPECTOR)


def test_only_the_representative_acts_for_an_organization(make_org, inspector):
    organization, other = make_org(), make_org()
    representative = UserFactory(username="rep")
    assign_perm("registry.manage_organization", representative, organization)
    policy.require_representative(representative, organization)
    with pytest.raises(PermissionDenied, match="只有该组织的经办人可以办理"):
        policy.require_representative(representative, other)
    with pytest.raises(PermissionDenied, match="只有该组织的经办人可以填报"):
        policy.require_representative(inspector, organization, message="只有该组织的经办人可以填报。")
    with pytest.raises(PermissionDenied):
        policy.require_representative(None, organization)


def test_only_the_applicant_acts_on_an_application(minhang):
    applicant, stranger = UserFactory(username="applicant"), UserFactory(username="stranger")
    application = RegistrationApplication(applicant=applicant, jurisdiction=minhang)
    policy.require_applicant(applicant, application)
    with pytest.raises(PermissionDenied, match="只有申请人本人可以办理"):
        policy.require_applicant(stranger, application)
    with pytest.raises(PermissionDenied):
        policy.require_applicant(None, application)


def test_evaluators_act_on_their_teams_applications_and_only_the_leader_submits(make_org, minhang):
    organization = make_org()
    evaluation_round = EvaluationRound.objects.create(
        jurisdiction=minhang,
        year=2026,
        title="2026年度社会组织评估",
        apply_from=datetime.date(2026, 3, 1),
        apply_until=datetime.date(2026, 6, 30),
    )
    table = IndicatorTable.objects.create(org_type=organization.org_type, version=99, title="测试指标表")
    application = EvaluationApplication.objects.create(
        round=evaluation_round, organization=organization, table=table, applicant=UserFactory(username="rep")
    )
    leader, member, retired, outsider = (UserFactory(username=name) for name in ("lead", "mem", "ret", "out"))
    for user, is_leader, active in ((leader, True, True), (member, False, True), (retired, False, False)):
        evaluator = Evaluator.objects.create(user=user, agency="第三方评估机构", active=active)
        TeamMember.objects.create(application=application, evaluator=evaluator, leader=is_leader)
    Evaluator.objects.create(user=outsider, agency="第三方评估机构")

    policy.require_evaluator(leader, application, leader=True)
    policy.require_evaluator(member, application)
    with pytest.raises(PermissionDenied, match="只有评估组组长可以提交评分"):
        policy.require_evaluator(member, application, leader=True)
    with pytest.raises(PermissionDenied, match="您不是该组织评估组的成员"):
        policy.require_evaluator(outsider, application)
    with pytest.raises(PermissionDenied):
        policy.require_evaluator(retired, application)


def test_the_section_head_is_the_approver_of_the_bureau(minhang, songjiang, inspector, superuser):
    head = UserFactory(username="head", is_staff=True)
    officer_assign(user=head, jurisdiction=minhang, role=OfficerRole.APPROVER)
    assert policy.is_section_head(head, minhang)
    assert not policy.is_section_head(head, songjiang)
    assert not policy.is_section_head(inspector, minhang)
    assert policy.is_section_head(superuser, songjiang)
