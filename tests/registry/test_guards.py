"""The one lock-and-state guard: a row re-read under its own lock, and a refusal that names the state."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from registry.choices import OrgStatus
from registry.models import Organization
from registry.models.penalty import PenaltyCase
from registry.rules.penalties import CaseStage
from registry.services.guards import locked, require_state


@pytest.mark.django_db
def test_locked_rereads_the_row_under_a_lock_of_that_row_only(make_org, django_assert_num_queries):
    organization = make_org()
    Organization.objects.filter(pk=organization.pk).update(name="上海市闵行区改名后协会")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        fresh = locked(organization, "jurisdiction")
    assert fresh.pk == organization.pk and fresh.name == "上海市闵行区改名后协会"
    assert organization.name != fresh.name  # the caller's copy is left alone
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert 'FOR UPDATE OF "registry_organization"' in sql and "registry_jurisdiction" in sql
    with django_assert_num_queries(0):
        assert fresh.jurisdiction.code == "310112"


def test_require_state_passes_an_allowed_state():
    require_state(Organization(status=OrgStatus.NORMAL), OrgStatus.NORMAL, OrgStatus.PREPARING)


def test_require_state_names_the_record_and_its_state_by_default():
    with pytest.raises(ValidationError) as refused:
        require_state(Organization(status=OrgStatus.REVOKED), OrgStatus.NORMAL)
    assert refused.value.messages == ["该社会组织当前状态为“撤销”，不能办理此事项（可能已由他人处理）。"]


def test_require_state_checks_another_field_with_the_given_message():
    case = PenaltyCase(stage=CaseStage.CLOSED)
    require_state(case, CaseStage.CLOSED, field="stage")
    with pytest.raises(ValidationError) as refused:
        require_state(case, CaseStage.FILED, field="stage", message="该案件当前处于“%(stage)s”阶段。")
    assert refused.value.messages == [f"该案件当前处于“{case.get_stage_display()}”阶段。"]
    with pytest.raises(ValidationError) as refused:
        require_state(case, CaseStage.FILED, field="stage", message="%(what)s：%(status)s")
    assert refused.value.messages == [f"{PenaltyCase._meta.verbose_name}：{case.get_stage_display()}"]
