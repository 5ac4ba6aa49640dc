"""The register's data migrations, on rows written before each: 0037 turns history labels into codes, 0038 seals
the history already written into the audit chains, 0040 hashes the query codes printed on receipts.

Going down the migrations and up again is the slow part, so one trip serves all three."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry.choices import HistoryAction, OfficerRole, OrgType
from registry.models import ApplicationEvent, OrganizationHistory, RegistrationApplication
from registry.selectors import application_for_progress
from registry.services.audit_trail import chains_verify
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("registry", "0036_jurisdiction_english_names")
AFTER = ("registry", "0037_history_action_and_event_role_codes")
BEFORE_HASHING = ("registry", "0039_credit_repair_and_supervision_rules")  # the migration before 0040 hashes codes


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    """The tests after this one need every migration applied again."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_labels_become_codes_old_history_is_sealed_and_printed_query_codes_are_hashed_and_still_open(minhang):
    """0037 turns labels into codes; 0038 then seals every history row already written into its chain; 0040
    hashes the query codes of applications submitted before it, and the printed code still opens the progress."""
    organization = OrganizationFactory(jurisdiction=minhang)
    officer = UserFactory(username="mh_window")
    application = RegistrationApplication.objects.create(
        applicant=UserFactory(username="founder"),
        create_token=uuid.uuid4(),
        org_type=OrgType.SERVICE_AGENCY,
        jurisdiction=minhang,
    )
    OrganizationHistory.objects.create(
        organization=organization, by=officer, action=HistoryAction.CHANGED, changes={}, reason="变更住所"
    )
    ApplicationEvent.objects.create(application=application, by=officer, role=OfficerRole.WINDOW, action="accepted")

    old = migrate(BEFORE)
    assert list(OrganizationHistory.objects.filter(organization=organization).values_list("action", flat=True)) == [
        "变更登记"
    ]
    assert list(ApplicationEvent.objects.filter(application=application).values_list("role", flat=True)) == ["受理窗口"]
    # Written in the English interface, and by the issuance step, before codes were stored.
    old.get_model("registry", "OrganizationHistory").objects.create(
        organization_id=organization.pk, action="Revocation", changes={}, reason="撤销登记决定"
    )
    old.get_model("registry", "ApplicationEvent").objects.create(
        application_id=application.pk, role="发证", action="issued", items=[]
    )

    new = migrate(AFTER)
    history = new.get_model("registry", "OrganizationHistory").objects.filter(organization_id=organization.pk)
    history = history.order_by("pk")
    assert [entry.action for entry in history] == [HistoryAction.CHANGED, HistoryAction.REVOKED]
    assert [entry.get_action_display() for entry in history] == ["变更登记", "撤销登记"]
    events = new.get_model("registry", "ApplicationEvent").objects.filter(application_id=application.pk).order_by("pk")
    assert [event.role for event in events] == [OfficerRole.WINDOW, OfficerRole.WINDOW]
    assert events[0].get_role_display() == "受理窗口"

    # Written at 0037, before the audit chains existed: 0038 seals them, in order, into a chain that verifies.
    sealed = OrganizationFactory(jurisdiction=minhang)
    for reason in ("成立登记", "变更住所", "变更名称"):
        new.get_model("registry", "OrganizationHistory").objects.create(
            organization_id=sealed.pk, action=HistoryAction.CHANGED, changes={"name": ["甲", "乙"]}, reason=reason
        )

    # Submitted at 0039 with its query code printed on the receipt, in clear as it was then stored.
    before_hashing = migrate(BEFORE_HASHING)
    printed = before_hashing.get_model("registry", "RegistrationApplication").objects.create(
        applicant_id=application.applicant_id,
        create_token=uuid.uuid4(),
        org_type=OrgType.SERVICE_AGENCY,
        jurisdiction_id=minhang.pk,
        status="submitted",
        submitted_at="2026-03-02T10:00:00+08:00",
        query_code="ABCD2345",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    history = OrganizationHistory.objects.filter(organization=sealed).order_by("chain_seq")
    assert [entry.chain_seq for entry in history] == [1, 2, 3]
    assert chains_verify() == []
    hashed = RegistrationApplication.objects.get(pk=printed.pk)
    assert len(hashed.query_code_digest) == 64 and "ABCD2345" not in hashed.query_code_digest
    assert application_for_progress(reference=hashed.reference, query_code="abcd 2345") == hashed
    assert application_for_progress(reference=hashed.reference, query_code="ABCD2346") is None
